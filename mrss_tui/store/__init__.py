"""SQLite storage: the only layer that speaks SQL. Never imports Textual, click or APScheduler."""
