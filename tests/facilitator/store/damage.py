"""Damage one table of a database file on purpose: its pages overwritten, the rest intact.

Opening reads only the schema and the migrations, so a file damaged this way opens; only
the integrity check (or a read of that table) finds the damage.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

PAGE_FILL = b"\xa5"


def damage_table(path: Path, table: str) -> bytes:
    """Overwrite every page of ``table`` in the closed file at ``path``; the new bytes."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = [n for (n,) in conn.execute("select pageno from dbstat where name = ?", [table])]
    finally:
        conn.close()
    assert pages and 1 not in pages, f"{table} has no pages of its own"
    data = bytearray(path.read_bytes())
    for page in pages:
        data[(page - 1) * size : page * size] = PAGE_FILL * size
    path.write_bytes(bytes(data))
    return bytes(data)
