"""Pure domain rules and models: no I/O, no clock reads (the time is always an argument)."""
