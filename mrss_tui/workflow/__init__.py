"""Use cases. Screens and the CLI call these; they validate, check the role, and call the store
in one transaction. Nothing here imports Textual or click.
"""
