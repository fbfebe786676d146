"""The Kivy touch interface. Import :mod:`kiosk.ui.boot` and call ``configure`` first."""
