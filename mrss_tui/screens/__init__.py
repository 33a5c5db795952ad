"""Textual screens. Each may declare ``NAV`` (a list of NavEntry) to appear in the keys, the help
screen and the command palette; see ``nav.py``."""
