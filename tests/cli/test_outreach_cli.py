"""`send-desktop outreach status` as other tools call it: a real process, the exact lines."""

from __future__ import annotations

from cli_run import run
from outreach_helpers import make_catalogue, refer, to_triage

from send_desktop.services import outreach
from send_desktop.storage.database import create_database


def test_status_prints_one_line_per_package_then_the_referral_count(tmp_path, home):
    db = create_database(tmp_path / "o.sqlite")
    ids = make_catalogue(db, places=1)
    a, b = refer(db, ids, "Ash Primary School", 2), refer(db, ids, "Beech Primary School", 3)
    refer(db, ids, "Chestnut Academy", 4)
    for rid in (a, b):
        to_triage(db, rid)
        outreach.advance_referral(db, referral_id=rid, status="accepted")
    outreach.advance_referral(db, referral_id=a, status="in delivery")
    db.close()
    done = run("outreach", "status", "--db", str(tmp_path / "o.sqlite"), home=home)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Closed package\tHawthorn Special School\t10\t0\t0",
        "Small package\tHawthorn Special School\t1\t1\t1",
        "referrals: 3",
    ]


def test_an_empty_database_prints_no_packages(tmp_path, home):
    create_database(tmp_path / "e.sqlite").close()
    done = run("outreach", "status", "--db", str(tmp_path / "e.sqlite"), home=home)
    assert (done.returncode, done.stdout) == (0, "referrals: 0\n")


def test_a_missing_database_is_bad_usage(tmp_path, home):
    done = run("outreach", "status", "--db", str(tmp_path / "nope.sqlite"), home=home)
    assert done.returncode == 2 and "no such file" in done.stderr


def test_pack_catalogue_writes_the_offer_to_schools(tmp_path, home):
    db = create_database(tmp_path / "c.sqlite")
    make_catalogue(db)
    db.close()
    target = tmp_path / "offer.pdf"
    done = run("pack", "catalogue", "--db", str(tmp_path / "c.sqlite"), "-o", str(target),
               home=home)  # fmt: skip
    assert (done.returncode, done.stdout.strip()) == (0, str(target)), done.stderr
    assert target.read_bytes().startswith(b"%PDF")
    bad = run("pack", "catalogue", "--db", str(tmp_path / "c.sqlite"), "-o", "x.txt", home=home)
    assert bad.returncode == 2 and "must end in .pdf" in bad.stderr
    nameless = run("pack", "cohort", "--db", str(tmp_path / "c.sqlite"), "-o", str(target),
                   home=home)  # fmt: skip
    assert nameless.returncode == 2 and "needs the cohort's NAME" in nameless.stderr
