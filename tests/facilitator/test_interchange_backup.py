"""Import is a risky step: a database that already holds work is backed up first."""

from __future__ import annotations

from pathlib import Path

from facilitator import interchange
from facilitator.backup import list_backups
from facilitator.demo import add_demo
from facilitator.store import open_database


def test_import_into_a_database_with_work_takes_a_backup_first(tmp_path: Path) -> None:
    source = open_database(tmp_path / "source.db")
    sample = add_demo(source)
    exported = tmp_path / "session.json"
    exported.write_text(interchange.export_text(source, sample, "json"), encoding="utf-8")
    source.close()

    empty = open_database(tmp_path / "empty.db")
    interchange.import_file(empty, exported)  # nothing to protect yet
    assert list_backups(tmp_path / "empty.db") == []
    interchange.import_file(empty, exported)  # now there is work: back it up
    found = list_backups(tmp_path / "empty.db")
    assert [b.reason for b in found] == ["before-import"]
    empty.close()
