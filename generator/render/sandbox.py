"""The template sandbox: what a template from a pull request may and may not do.

Jinja2's ImmutableSandboxedEnvironment already keeps templates away from Python
internals (no ``__class__``, ``__globals__``, no mutation of lists and dicts). This
module adds what a static site build also needs: templates cannot be links to files
outside their folders, the cheap ways to ask for gigabytes of text are refused, and
every value printed is cleaned of characters HTML cannot carry.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

# Large enough for any real page; small enough that refusing it costs nothing.
MAX_TEMPLATE_NUMBER = 1_000_000
# Characters that HTML treats as parse errors: C0/C1 controls other than whitespace,
# lone surrogates and noncharacters. Article text "as received" may hold them.
_NOT_HTML = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_HUGE_FORMAT = re.compile(r"%[-#0 +]*(\*|\d{7,})|\{[^{}]*:[^{}]*(\d{7,})")


class ContainedLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader that refuses a template which is a link to outside its folders."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for root in self.searchpath:
            candidate = Path(root, *pieces)
            if candidate.is_file():
                if not _inside_any(candidate, self.searchpath):
                    raise SecurityError(f"template '{template}' is a link out of its folder")
                break
        return super().get_source(environment, template)


def _inside_any(path: Path, roots: list[str]) -> bool:
    resolved = path.resolve()
    return any(resolved.is_relative_to(Path(root).resolve()) for root in roots)


class TemplateSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, plus limits on the operators that multiply sizes."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        if operator == "**" and _big(right, 1000):
            raise SecurityError("the sandbox refuses exponents over 1000")
        if operator == "*" and _repeats(left, right) > MAX_TEMPLATE_NUMBER:
            raise SecurityError(f"the sandbox refuses results over {MAX_TEMPLATE_NUMBER} items")
        if operator == "%" and isinstance(left, str) and _HUGE_FORMAT.search(left):
            raise SecurityError("the sandbox refuses huge or '*' widths in % formats")
        return super().call_binop(context, operator, left, right)

    def call(
        __self,  # Jinja2's own signature: a keyword argument named 'self' still passes
        __context: jinja2.runtime.Context,
        __obj: Any,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        if any(_big(value, MAX_TEMPLATE_NUMBER) for value in (*args, *kwargs.values())):
            raise SecurityError(f"the sandbox refuses numbers over {MAX_TEMPLATE_NUMBER} in calls")
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapper = super().wrap_str_format(value)
        if wrapper is not None and _HUGE_FORMAT.search(value.__self__):
            raise SecurityError("the sandbox refuses huge widths in formats")
        return wrapper


def _big(value: Any, limit: int) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and abs(value) > limit


def _repeats(left: Any, right: Any) -> int:
    """The length of a sequence repeated by '*' (0 when no sequence is repeated)."""
    for sequence, count in ((left, right), (right, left)):
        if isinstance(sequence, str | bytes | list | tuple) and isinstance(count, int):
            return len(sequence) * abs(count)
    return 0


def printable(value: Any) -> Any:
    """Every printed value, with characters HTML cannot carry shown as U+FFFD."""
    if isinstance(value, Markup):
        return Markup(_NOT_HTML.sub("\ufffd", str(value)))  # only controls replaced
    if isinstance(value, str):
        return _NOT_HTML.sub("\ufffd", value)
    return value
