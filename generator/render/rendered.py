"""What the render stage hands on: a pack's HTML and the assets beside it. Apart from
html.py so that the pdf stage, and the warm PDF worker that receives one, need not import
Jinja2, markdown-it, the models and the checks (0.4 s of the worker's start, which the
build's PDF waits for)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rendered:
    """A pack's HTML and the assets that sit beside it (file name -> bytes)."""

    html: str
    assets: dict[str, bytes] = field(default_factory=dict)
