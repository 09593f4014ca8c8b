"""Reading text files with the project's errors: missing, empty and non-UTF-8 files name file and line."""

from __future__ import annotations

import gzip
from pathlib import Path

from ..errors import Errors, XprojError


def read_text(path: str | Path) -> str:
    """The whole file decoded as UTF-8 (``.gz`` transparently); BOM stripped."""
    path = Path(path)
    if not path.is_file():
        raise XprojError(Errors.E001, path=path)
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise XprojError(Errors.E005, path=path, line=line, byte=data[error.start], offset=error.start) from None
    return text.removeprefix("\ufeff")


def read_lines(path: str | Path, allow_empty_lines: bool = False) -> list[str]:
    """Lines without their newline; an empty file raises E002, and so does an empty line unless allowed."""
    text = read_text(path)
    if not text.strip():
        raise XprojError(Errors.E002, path=path)
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    lines = [line.rstrip("\r") for line in lines]
    if not allow_empty_lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                raise XprojError(Errors.E008, path=path, line=number)
    return lines
