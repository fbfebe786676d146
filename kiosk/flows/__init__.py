"""Guided flows: the file format, the loader and validator, and the engine that walks them.

Nothing in this package imports Kivy.
"""
