"""Practice steps: checking what a visitor typed, kindly, and the keyboards (no Kivy here)."""
