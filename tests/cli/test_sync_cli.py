"""``send-desktop sync`` and ``conflicts`` through real processes (issue 8's "Done when")."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from send_desktop.services.sync_conflicts import list_conflicts, resolve
from tests.cli.cli_run import run
from tests.sync_helpers import canonical, copies, execute, value

SUMMARY = "sent: {} changes, received: {} changes, conflicts: {}"
SCHOOL = "SELECT id FROM setting ORDER BY urn LIMIT 1"
OTHER = "SELECT id FROM setting ORDER BY urn LIMIT 1 OFFSET 1"
QUOTE = "SELECT id FROM feedback ORDER BY id LIMIT 1"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    path = folder / "demo.sqlite"
    done = run("demo", "--db", str(path), home=folder / "home")
    assert done.returncode == 0, done.stderr
    return path


def sync(db: Path, folder: Path, home: Path) -> subprocess.CompletedProcess[str]:
    return run("sync", "--db", str(db), "--folder", str(folder), home=home)


def summary(done: subprocess.CompletedProcess[str]) -> str:
    return done.stdout.splitlines()[0]


def conflict_lines(done: subprocess.CompletedProcess[str]) -> list[list[str]]:
    return [line.split("\t") for line in done.stdout.splitlines() if line.startswith("conflict")]


def test_three_laptops_merge_conflict_and_end_identical(demo, tmp_path, home):
    a, b, c = copies(demo, tmp_path, "a", "b", "c")
    folder = tmp_path / "share"
    folder.mkdir()
    school, other, quote = value(a, SCHOOL), value(a, OTHER), value(a, QUOTE)
    # different fields of one setting on A and B
    execute(a, "UPDATE setting SET phone = '01865 111111' WHERE id = ?", school)
    execute(b, "UPDATE setting SET email = 'office@b.example.org' WHERE id = ?", school)
    # the same field on A and B
    execute(a, "UPDATE setting SET notes = 'Visit booked (A)' WHERE id = ?", other)
    execute(b, "UPDATE setting SET notes = 'Visit cancelled (B)' WHERE id = ?", other)
    # edit versus delete
    execute(a, "DELETE FROM feedback WHERE id = ?", quote)
    execute(b, "UPDATE feedback SET quote = 'Much calmer mornings' WHERE id = ?", quote)

    first = sync(a, folder, home)
    assert first.returncode == 0, first.stderr
    assert summary(first).startswith("sent: ") and summary(first).endswith("conflicts: 0")
    on_b = sync(b, folder, home)
    assert on_b.returncode == 1, on_b.stderr
    assert "own identity" in on_b.stderr  # a copy that had never synced gets its own id
    lines = conflict_lines(on_b)
    assert summary(on_b).endswith(f"conflicts: {len(lines)}")
    assert sorted(line[2] for line in lines) == ["(deleted)", "notes"]
    [notes] = [line for line in lines if line[2] == "notes"]
    assert len(notes) == 5 and notes[0] == "conflict"
    assert notes[3:] == ["Visit cancelled (B)", "Visit booked (A)"]  # mine, theirs
    for path in (c, a):
        assert sync(path, folder, home).returncode == 1
    listed = run("conflicts", "--db", str(a), home=home)
    assert listed.returncode == 1
    assert sorted(line[2] for line in conflict_lines(listed)) == ["(deleted)", "notes"]
    [notes_a] = [line for line in conflict_lines(listed) if line[2] == "notes"]
    assert notes_a[3:] == ["Visit booked (A)", "Visit cancelled (B)"]
    # both edits to different fields survived everywhere
    for path in (a, b, c):
        assert value(path, "SELECT phone FROM setting WHERE id = ?", school) == "01865 111111"
        assert value(path, "SELECT email FROM setting WHERE id = ?", school) == (
            "office@b.example.org"
        )

    # A resolves both; the resolution syncs to B and C
    for conflict in list_conflicts(a):
        resolve(a, conflict, "theirs")
    assert run("conflicts", "--db", str(a), home=home).returncode == 0
    for path in (a, b, c):
        sync(path, folder, home)
    for path in (a, b, c):
        again = sync(path, folder, home)
        assert again.returncode == 0, again.stdout
        assert summary(again) == SUMMARY.format(0, 0, 0)  # syncing twice is a no-op
        assert value(path, "SELECT notes FROM setting WHERE id = ?", other) == (
            "Visit cancelled (B)"
        )
        assert value(path, "SELECT quote FROM feedback WHERE id = ?", quote) == (
            "Much calmer mornings"
        )
    assert canonical(a) == canonical(b) == canonical(c)

    # a new laptop joins with a new, empty database and receives everything
    new = tmp_path / "new" / "laptop.sqlite"
    joined = sync(new, folder, home)
    assert joined.returncode == 0, joined.stderr
    assert summary(joined).startswith("sent: 0 changes, received: ")
    assert canonical(new) == canonical(a)


def test_a_change_file_cut_in_half_is_refused(demo, tmp_path, home):
    a, b = copies(demo, tmp_path, "a", "b")
    folder = tmp_path / "share"
    folder.mkdir()
    execute(a, "UPDATE setting SET phone = '1' WHERE id = (" + SCHOOL + ")")
    assert sync(a, folder, home).returncode == 0
    [written] = folder.iterdir()
    data = written.read_bytes()
    written.write_bytes(data[: len(data) // 2])
    before = canonical(b)
    refused = sync(b, folder, home)
    assert refused.returncode == 2
    assert f"refused: {written.name}: " in refused.stderr
    assert "checksum does not match" in refused.stderr and "Nothing" in refused.stderr
    assert summary(refused).startswith("sent: ") and ", received: 0 changes" in refused.stdout
    b_dump = canonical(b)
    assert b_dump == before


KILL_AFTER_FIRST_FILE = """
import sys, time
from send_desktop.services import sync
real = sync._transaction
def pause_after_a_file(*args):
    result = real(*args)
    if hasattr(result, "received"):  # one peer file applied and committed
        print("APPLIED", flush=True)
        time.sleep(120)
    return result
sync._transaction = pause_after_a_file
from send_desktop.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_sync_killed_between_files_finishes_next_time(demo, tmp_path, home):
    a, b = copies(demo, tmp_path, "a", "b")
    folder = tmp_path / "share"
    folder.mkdir()
    execute(a, "UPDATE setting SET phone = 'from A' WHERE id = (" + SCHOOL + ")")
    execute(b, "UPDATE setting SET email = 'b@b.example.org' WHERE id = (" + SCHOOL + ")")
    sync(a, folder, home)
    sync(b, folder, home)  # two files now: A's and B's (which builds on A's)
    assert len(list(folder.iterdir())) == 2
    new = tmp_path / "new.sqlite"
    env = os.environ | {"SEND_DESKTOP_HOME": str(home)}
    args = ["sync", "--db", str(new), "--folder", str(folder)]
    proc = subprocess.Popen(
        [sys.executable, "-c", KILL_AFTER_FIRST_FILE, *args],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout.readline().strip() == "APPLIED"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    check = run("check", "--db", str(new), home=home)
    assert check.returncode == 0, check.stdout  # consistent after the kill
    assert value(new, "SELECT count(*) FROM sync_file") == 1  # one file applied, whole
    assert value(new, "SELECT email FROM setting WHERE id = (" + SCHOOL + ")") is None
    finished = sync(new, folder, home)
    assert finished.returncode == 0, finished.stderr
    assert summary(finished).startswith("sent: 0 changes, received: ")
    assert canonical(new) == canonical(b)
    assert value(new, "SELECT email FROM setting WHERE id = (" + SCHOOL + ")") == (
        "b@b.example.org"
    )


def test_a_missing_folder_is_refused_and_a_new_database_lists_no_conflicts(tmp_path, home):
    db = tmp_path / "empty.sqlite"
    missing = run("sync", "--db", str(db), "--folder", str(tmp_path / "nowhere"), home=home)
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    assert not db.exists()
    folder = tmp_path / "share"
    folder.mkdir()
    first = run("sync", "--db", str(db), "--folder", str(folder), home=home)
    assert (first.returncode, first.stdout) == (0, SUMMARY.format(0, 0, 0) + "\n")
    listed = run("conflicts", "--db", str(db), home=home)
    assert (listed.returncode, listed.stdout) == (0, "")
