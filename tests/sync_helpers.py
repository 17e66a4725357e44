"""Helpers for the sync tests: a demo database to copy, edits by SQL, canonical dumps."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from send_desktop.storage.sync_capture import record_tables

# Per-laptop bookkeeping: never compared between laptops.
LOCAL = ("updated_at", "version")


def canonical(path: Path) -> dict[str, list[tuple]]:
    """Every record table's rows without the laptop's own row version and update time,
    sorted: two databases holding the same records give equal dumps."""
    conn = sqlite3.connect(path)
    try:
        out: dict[str, list[tuple]] = {}
        tables = record_tables(lambda sql: conn.execute(sql).fetchall())
        for table, columns in sorted(tables.items()):
            keep = ["id", *columns]
            quoted = ", ".join(f'"{c}"' for c in keep)
            rows = conn.execute(f'SELECT {quoted} FROM "{table}"').fetchall()
            out[table] = sorted(rows, key=repr)
        return out
    finally:
        conn.close()


def execute(path: Path, sql: str, *params: object) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute(sql, params)
        conn.commit()
    finally:
        conn.close()


def value(path: Path, sql: str, *params: object) -> object:
    conn = sqlite3.connect(path)
    try:
        row = conn.execute(sql, params).fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def copies(demo: Path, folder: Path, *names: str) -> list[Path]:
    out = []
    for name in names:
        target = folder / f"{name}.sqlite"
        shutil.copyfile(demo, target)
        out.append(target)
    return out
