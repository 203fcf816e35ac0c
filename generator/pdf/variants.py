"""The PDF flavours (briefs.yaml's pdf_variant, `briefs build --pdf-variant`): a module of
their own so the CLI can offer them without importing the pydantic models."""

from __future__ import annotations

import typing
from typing import Literal

PdfVariant = Literal["pdf/ua-1", "pdf/a-3b", "none"]
PDF_VARIANTS: tuple[str, ...] = typing.get_args(PdfVariant)
DEFAULT_PDF_VARIANT: PdfVariant = "pdf/ua-1"
