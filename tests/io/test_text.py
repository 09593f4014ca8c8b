import gzip

import pytest

from xproj_core.errors import XprojError
from xproj_core.io.text import read_lines, read_text


def test_errors_name_file_and_line(tmp_path):
    with pytest.raises(XprojError, match=r"\[E001\] .*missing.txt: file not found"):
        read_text(tmp_path / "missing.txt")
    empty = tmp_path / "empty.txt"
    empty.write_text("\n \n")
    with pytest.raises(XprojError, match=r"\[E002\]"):
        read_lines(empty)
    latin = tmp_path / "latin.txt"
    latin.write_bytes(b"ok\nSch\xf6n\n")
    with pytest.raises(XprojError, match=r"\[E005\] .*latin.txt:2: not valid UTF-8 \(byte 0xf6"):
        read_text(latin)
    gap = tmp_path / "gap.txt"
    gap.write_text("a\n\nb\n")
    with pytest.raises(XprojError, match=r"\[E008\] .*gap.txt:2: empty sentence"):
        read_lines(gap)


def test_gzip_and_bom(tmp_path):
    path = tmp_path / "x.txt.gz"
    path.write_bytes(gzip.compress("\ufeffa\r\nb\n".encode()))
    assert read_lines(path) == ["a", "b"]
