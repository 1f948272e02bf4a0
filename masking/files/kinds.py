"""Which files maskbot can read, by extension (and Slack's `filetype`), as data."""
from __future__ import annotations

from pathlib import PurePosixPath

TEXT = frozenset({".txt", ".log", ".md", ".markdown", ".yaml", ".yml", ".env", ".ini", ".cfg", ".conf", ".toml",
                  ".xml", ".html", ".sql", ".py", ".js", ".ts", ".java", ".go", ".rb", ".rs", ".c", ".h", ".cpp",
                  ".cs", ".php", ".sh", ".kt", ".swift", ".scala", ".r", ".properties", ".diff", ".patch"})
TABLE = {".csv": ",", ".tsv": "\t"}
JSON = frozenset({".json", ".jsonl", ".ndjson"})
PDF = frozenset({".pdf"})
WORD = frozenset({".docx"})
SHEET = frozenset({".xlsx"})
IMAGE = frozenset({".png", ".jpg", ".jpeg", ".webp", ".bmp"})
# Slack's `filetype` for snippets and posts, which may have no extension in their name.
SLACK_TEXT_TYPES = frozenset({"text", "javascript", "python", "shell", "sql", "yaml", "markdown", "post", "csv",
                              "json", "diff", "go", "java", "ruby", "rust", "xml", "html"})


def kind_of(name: str, filetype: str = "") -> str:
    """text | table | json | pdf | word | sheet | image | unknown."""
    suffix = PurePosixPath(name.lower()).suffix
    for kind, suffixes in (("table", TABLE), ("json", JSON), ("pdf", PDF), ("word", WORD), ("sheet", SHEET),
                           ("image", IMAGE), ("text", TEXT)):
        if suffix in suffixes:
            return kind
    if filetype in ("csv", "json"):
        return "table" if filetype == "csv" else "json"
    if filetype in SLACK_TEXT_TYPES:
        return "text"
    return "unknown"


def masked_name(name: str, rendition: bool = False) -> str:
    """`report.pdf` -> `report.masked.pdf`; a text rendition of a document ends in `.txt`."""
    path = PurePosixPath(name or "file")
    stem, suffix = (path.stem, path.suffix) if path.suffix else (path.name, "")
    return f"{stem}.masked{suffix}" + (".txt" if rendition else "")


def described_types() -> str:
    """For `/mask-admin files types`."""
    return ("text and code (" + " ".join(sorted(TEXT)) + "), tables (.csv .tsv), JSON (.json .jsonl), "
            "PDF text layers (.pdf, replaced by a masked text rendition), Word (.docx) and Excel (.xlsx) in place, "
            "images (" + " ".join(sorted(IMAGE)) + ") with the OCR extra")
