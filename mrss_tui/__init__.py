"""mrss-tui: a terminal app for a rural mobile crisis response line."""

__version__ = "0.1.0"
