"""briefs: turns news articles and their annotations into HTML and PDF briefing packs."""

__version__ = "0.1.0"
