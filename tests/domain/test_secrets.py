"""The one rule for a new password or passphrase."""

from __future__ import annotations

from send_desktop.domain.secrets import check_new_secret


def test_each_problem_is_named_and_a_good_one_passes():
    assert "Type a password" in check_new_secret("", "")
    assert check_new_secret("", "", required=False) is None  # optional: none wanted
    assert "first box too" in check_new_secret("", "something", required=False)
    assert "at least 8" in check_new_secret("Tr1rp", "Tr1rp")
    assert "not the same" in check_new_secret("Tr1rp-2026", "Tr1rp-2027")
    assert "start or end with a space" in check_new_secret(" Tr1rp-2026", " Tr1rp-2026")
    assert "two passphrases" in check_new_secret("a long one", "a long two", what="passphrase")
    assert check_new_secret("Tr1rp-2026", "Tr1rp-2026") is None
