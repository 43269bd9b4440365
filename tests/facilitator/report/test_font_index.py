"""Finding a system font for a character DejaVu lacks: fast, and remembered between runs.

A font's coverage is read from its 'cmap' table alone; the fonts whose names promise the
character's script are read first, and the coverage is cached per file (path, size,
modification time), so a second run reads none. A damaged cache is ignored.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFontFile

from facilitator.assets import resource_path
from facilitator.report import font_index, fonts
from facilitator.report.font_index import Coverage, read_coverage, script_words
from facilitator.report.fonts import FallbackFonts

HAN = ord("中")
DEJAVU = Path(resource_path("fonts/DejaVuSans.ttf"))


def test_the_cmap_reader_finds_what_reportlab_finds() -> None:
    full = TTFontFile(str(DEJAVU), validate=0).charToGlyph
    drawn = {code for code, glyph in full.items() if glyph and code != 0xFFFF}
    coverage = read_coverage(DEJAVU)
    assert coverage.usable
    assert {code for code in range(0x30000) if code in coverage} == drawn
    assert ord("é") in coverage and HAN not in coverage


def test_a_file_that_is_no_truetype_font_covers_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "Broken.ttf"
    broken.write_bytes(b"\x00\x01\x00\x00\x00\x09" + b"\xff" * 40)
    assert read_coverage(broken) == font_index.UNUSABLE
    assert read_coverage(tmp_path / "Gone.ttf") == font_index.UNUSABLE


def test_a_chinese_character_asks_for_the_cjk_fonts_first() -> None:
    assert "cjk" in script_words(HAN) and "droidsansfallback" in script_words(HAN)
    assert "arabic" in script_words(ord("ب"))
    assert "emoji" in script_words(ord("😀"))


@pytest.fixture
def font_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[Path]]:
    """60 Latin fonts that rank before the one CJK font by name; every read of a font is counted."""
    folder = tmp_path / "fonts"
    folder.mkdir()
    for i in range(60):
        (folder / f"NotoSans-{i:02}.ttf").symlink_to(DEJAVU)
    (folder / "NotoSansCJK-Regular.ttc").symlink_to(DEJAVU)
    latin = read_coverage(DEJAVU)
    han = Coverage((HAN - 100, HAN + 100))
    reads: list[Path] = []

    def reading(path: Path | str, subfont: int = 0) -> Coverage:
        reads.append(Path(path))
        return han if "CJK" in Path(path).name else latin

    def registering(name: str, path: Path | str, subfont: int = 0) -> frozenset[int]:
        reads.append(Path(path))
        return frozenset(range(HAN - 100, HAN + 101)) if "CJK" in str(path) else frozenset()

    monkeypatch.setattr(font_index, "read_coverage", reading)
    monkeypatch.setattr(fonts, "_register", registering)
    return folder, reads


def test_a_cjk_character_reads_only_a_handful_of_fonts(font_folder, tmp_path: Path) -> None:
    folder, reads = font_folder
    found = FallbackFonts(dirs=[folder], cache_file=tmp_path / "cache.json").font_for(HAN)
    assert found is not None and "NotoSansCJK" in found
    assert len(reads) <= 3  # its coverage, then registering it: not the 60 before it


def test_the_second_run_reads_no_font_for_its_coverage(font_folder, tmp_path: Path) -> None:
    folder, reads = font_folder
    cache = tmp_path / "cache" / "font-coverage.json"
    first = FallbackFonts(dirs=[folder], cache_file=cache)
    assert first.font_for(ord("✓")) is None  # no font has it: every font read once
    assert first.index.reads == 61 and cache.exists()
    again = FallbackFonts(dirs=[folder], cache_file=cache)
    assert again.font_for(ord("✓")) is None
    assert again.font_for(HAN) is not None
    assert again.index.reads == 0


def test_a_font_changed_since_is_read_again(font_folder, tmp_path: Path) -> None:
    folder, _reads = font_folder
    cache = tmp_path / "cache.json"
    FallbackFonts(dirs=[folder], cache_file=cache).font_for(ord("✓"))
    changed = folder / "NotoSans-07.ttf"
    changed.unlink()
    changed.write_bytes(DEJAVU.read_bytes())
    os.utime(changed, ns=(1, 1))
    again = FallbackFonts(dirs=[folder], cache_file=cache)
    again.font_for(ord("✓"))
    assert again.index.reads == 1


@pytest.mark.parametrize(
    "damage",
    [
        b"\x00garbage{",
        b'{"version": 1, "fonts": {"x": "not an entry"}}',
        b'{"version": 1, "fonts": []}',
        b"[1, 2]",
    ],
)
def test_a_damaged_cache_is_ignored_and_replaced(
    font_folder, tmp_path: Path, damage: bytes
) -> None:
    folder, _reads = font_folder
    cache = tmp_path / "cache.json"
    cache.write_bytes(damage)
    finder = FallbackFonts(dirs=[folder], cache_file=cache)
    found = finder.font_for(HAN)
    assert found is not None and "NotoSansCJK" in found
    assert finder.index.reads >= 1
    again = FallbackFonts(dirs=[folder], cache_file=cache)
    assert again.font_for(HAN) is not None and again.index.reads == 0  # rewritten whole


def test_a_damaged_entry_is_read_again(font_folder, tmp_path: Path) -> None:
    folder, _reads = font_folder
    cache = tmp_path / "cache.json"
    target = folder / "NotoSansCJK-Regular.ttc"
    stat = target.stat()
    entry = [stat.st_size, stat.st_mtime_ns, True, [5, 3, 9]]  # ranges out of order
    cache.write_text(json.dumps({"version": 1, "fonts": {str(target): entry}}))
    finder = FallbackFonts(dirs=[folder], cache_file=cache)
    assert finder.font_for(HAN) is not None and finder.index.reads == 1
