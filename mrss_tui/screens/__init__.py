"""Textual screens. Screens reached by a key are listed in ``nav.py`` (ids, keys and labels);
each is imported when first opened."""
