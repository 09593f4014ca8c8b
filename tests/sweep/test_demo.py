"""The demo: the AccAlign links it imports are exported from the vendored Bambara corpus."""

from xproj_core.sweep import export_accalign


def test_demo_exports_the_accalign_links(tmp_path):
    lines = export_accalign(tmp_path / "links.pharaoh").read_text().splitlines()
    assert len(lines) == 637 and lines[0].startswith("0-0 ")
