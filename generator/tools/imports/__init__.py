"""`briefs import`: span annotations from labelling tools become quote anchors (.ann.yaml).

Label Studio (JSON), doccano (JSONL), Prodigy (JSONL) and brat (.ann beside .txt) all
export character offsets into a document's text; some also say what text the span
covers. The tools disagree about whitespace (newlines, edges, CRLF) and Label Studio
counts in UTF-16 code units, so every span is checked: its offsets must give the text
the export claims, or the difference is reported with the span's position in the export.
What survives becomes a quote (offsets do not survive re-wrapping; quotes do), with
`occurrence:` where the quote occurs more than once in the article.

One module per export format (label_studio, doccano, prodigy, brat), then check,
anchor and plan.
"""
