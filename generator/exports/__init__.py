"""The export stage: the files written beside the PDF (CSV, iCalendar, pack JSON)."""
