"""Allows `python -m generator`, the same as the `briefs` command."""

from .cli import main

if __name__ == "__main__":
    main()
