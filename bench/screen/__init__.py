"""Measuring programs on a virtual X screen from the outside: pixels, taps, memory."""
