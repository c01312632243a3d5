"""The command line, above the data layer: ``python -m cli <command>``."""
