"""CLI sub-commands, one module per feature; each module lists its commands in ``COMMANDS``."""
