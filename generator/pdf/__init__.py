"""The pdf stage: WeasyPrint, glyph coverage and where a refused URL came from."""
