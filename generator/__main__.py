"""Allows `python -m generator`, the same as the `briefs` command."""

from generator.cli.entry import main

if __name__ == "__main__":
    main()
