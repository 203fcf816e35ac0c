"""Allows `python -m generator`, the same as the `briefs` command."""

from generator.cli.app import main

if __name__ == "__main__":
    main()
