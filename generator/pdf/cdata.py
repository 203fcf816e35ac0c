"""WeasyPrint's C arrays of a given length, made without parsing a C type for each length.

WeasyPrint asks cffi for buffers by C declaration: `ffi.new(f"hb_codepoint_t[{n}]", ...)`
for each font it subsets (the glyphs kept, the tables dropped), `ffi.new("hb_tag_t[100]")`.
cffi parses every new declaration string with pycparser, prefixed with every typedef
WeasyPrint declares: about 8 ms a string here, and each length is a new string. A PDF of
a pack asked for eleven of them (five fonts), 0.09 CPU s of its first PDF in a process;
in `briefs serve` each PDF after an edit brings new lengths, and pays again.

`fast_arrays` answers such a request with the open array type of the same items
(`hb_codepoint_t[]`, parsed once) and the length: the same memory, the same values, the
same bytes passed to HarfBuzz (tests/pdf/test_cdata.py). Anything else, or a
request whose initial values do not fill the array, goes to cffi as before.
"""

from __future__ import annotations

import re
from typing import Any

_SIZED = re.compile(r"([A-Za-z_][\w ]*?)\s*\[(\d+)\]")
_MARK = "_briefs_fast_arrays"


def fast_arrays(ffi: Any) -> None:
    """Make `ffi.new` answer fixed-length array declarations from the open array type
    (once per cffi instance; WeasyPrint has one, weasyprint.text.ffi.ffi)."""
    if getattr(ffi, _MARK, False):
        return
    new = ffi.new  # the class's method, bound to this instance
    typeof = ffi.typeof

    def sized_new(cdecl: Any, init: Any = None) -> Any:
        # Most requests are for pointers ("PangoRectangle *"): no pattern match for those.
        sized = isinstance(cdecl, str) and cdecl.endswith("]")
        match = _SIZED.fullmatch(cdecl) if sized else None
        if match is not None:
            length = int(match[2])
            if init is None:
                return new(typeof(f"{match[1]}[]"), length)
            if isinstance(init, list | tuple) and len(init) == length:
                return new(typeof(f"{match[1]}[]"), init)
        return new(cdecl, init)

    ffi.new = sized_new
    setattr(ffi, _MARK, True)
