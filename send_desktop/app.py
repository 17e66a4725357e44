"""Start-up wiring for the window: paths -> database (checked, backed up, migrated) -> window.

Kept tiny so ``send-desktop`` with a subcommand never pays for importing Qt.
"""

from __future__ import annotations

from pathlib import Path


def run_gui(
    db_path: Path | None, argv: list[str] | None = None, *, quit_after: float | None = None
) -> int:
    from send_desktop.gui.launch import launch

    return launch(db_path, argv or [], quit_after=quit_after)
