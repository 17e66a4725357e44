"""Change files' bytes (interchange/sync_files.py): format 2 lists each version vector of a
group once, and format 1 files, written before it, are still read the same."""

from __future__ import annotations

import hashlib
import json
import zlib

import pytest

from send_desktop.interchange import sync_files

ORIGIN = "11111111-2222-4333-8444-555555555555"
OTHER = "66666666-7777-4888-8999-000000000000"
NAME = sync_files.file_name(ORIGIN, 4)


def _payload() -> dict:
    """Three edited records, two of them moved on together (equal vectors), and a
    deletion."""
    ids = [f"00000000-0000-4000-8000-00000000000{n}" for n in range(3)]
    return {
        "origin": ORIGIN,
        "seq": 4,
        "seen": {OTHER: 2},
        "by": "Fictional Lead",
        "changes": [
            {
                "t": "setting",
                "f": ["town", "pupils"],
                "ids": ids,
                "rows": [["Thame", 120], ["Witney", None], ["Banbury", 80]],
                "vv": [{ORIGIN: 4}, {ORIGIN: 4}, {ORIGIN: 4, OTHER: 2}],
                "v": [
                    {"town": {ORIGIN: 3}},
                    {"town": {ORIGIN: 3}},
                    {"town": {OTHER: 2}, "pupils": {ORIGIN: 1}},
                ],
            },
            {"t": "feedback", "del": [ids[0]], "vv": [{ORIGIN: 4}]},
        ],
    }


def _body(data: bytes) -> dict:
    return json.loads(zlib.decompress(data[len(sync_files.MAGIC) + 1 : -sync_files.DIGEST]))


def _file(body: dict) -> bytes:
    """A plain change file around ``body`` exactly (as an older version wrote one)."""
    data = sync_files.MAGIC + bytes([sync_files.PLAIN]) + zlib.compress(json.dumps(body).encode())
    return data + hashlib.sha256(data).digest()


def test_a_file_lists_each_vector_of_a_group_once_and_reads_back_per_record():
    data = sync_files.encode(_payload())
    body = _body(data)
    assert body["format"] == 2
    edits = body["changes"][0]
    assert edits["vt"] == [
        {ORIGIN: 4},
        {ORIGIN: 4, OTHER: 2},
        {"town": {ORIGIN: 3}},
        {"town": {OTHER: 2}, "pupils": {ORIGIN: 1}},
    ]
    assert (edits["vv"], edits["v"]) == ([0, 0, 1], [2, 2, 3])
    assert sync_files.decode(NAME, data) == {**_payload(), "format": 2}


def test_a_format_1_file_from_an_older_version_reads_the_same():
    old = _file({**_payload(), "format": 1})
    assert sync_files.decode(NAME, old) == {**_payload(), "format": 1}


@pytest.mark.parametrize(
    ("key", "places"),
    [
        ("vv", [0, 0, 9]),  # no tenth vector
        ("vv", [0, 0, -1]),  # Python would count it from the end
        ("v", [True, True, False]),  # JSON true is not a place
        ("v", "012"),
        ("vt", {"0": {ORIGIN: 4}}),
    ],
)
def test_a_file_whose_version_list_is_wrong_is_refused_as_damaged(key, places):
    """The checksum is right (the file was made that way), yet nothing in it is used."""
    body = _body(sync_files.encode(_payload()))
    body["changes"][0][key] = places
    with pytest.raises(sync_files.ChangeFileError, match="damaged .its list of versions"):
        sync_files.decode(NAME, _file(body))


def test_a_deletion_with_a_wrong_place_is_refused_as_damaged():
    body = _body(sync_files.encode(_payload()))
    body["changes"][1]["vv"] = [-1]
    with pytest.raises(sync_files.ChangeFileError, match="damaged"):
        sync_files.decode(NAME, _file(body))


@pytest.mark.parametrize("changes", [{"t": "setting"}, ["setting"]])
def test_a_file_whose_changes_are_not_a_list_of_groups_is_refused(changes):
    body = {**_body(sync_files.encode(_payload())), "changes": changes}
    with pytest.raises(sync_files.ChangeFileError, match="damaged .its list of changes"):
        sync_files.decode(NAME, _file(body))


def test_a_file_in_a_later_format_asks_for_an_update():
    with pytest.raises(sync_files.ChangeFileError, match="newer SEND Desktop"):
        sync_files.decode(NAME, _file({**_payload(), "format": 3}))


def _with(change: dict, **top) -> dict:
    """A format 1 body whose edit group is changed by ``change`` (None: key removed)."""
    body = {**_payload(), "format": 1, **top}
    group = {**body["changes"][0], **change}
    body["changes"] = [{k: v for k, v in group.items() if v is not None}, body["changes"][1]]
    return body


@pytest.mark.parametrize(
    ("body", "part"),
    [
        (_with({"rows": [["Thame"], ["Witney", None], ["Banbury", 80]]}), "do not match"),
        (_with({"vv": ["x", {ORIGIN: 4}, {ORIGIN: 4}]}), "setting versions"),
        (_with({"vv": [{ORIGIN: True}, {ORIGIN: 4}, {ORIGIN: 4}]}), "setting versions"),
        (_with({"v": [{"town": 3}, None, None]}), "setting versions"),
        (_with({"ids": ["a", "b"]}), "do not match"),
        (_with({"t": None}), "names no kind"),
        (_with({}, seq="4"), "its origin"),
        (_with({}, seen={OTHER: "2"}), "builds on"),
    ],
)
def test_a_file_of_the_wrong_shape_is_refused_as_damaged_before_anything_is_used(body, part):
    """Made wrongly yet with a right checksum (by hand, or a faulty version): refused by
    decode with what is wrong, instead of the merge failing at every sync."""
    with pytest.raises(sync_files.ChangeFileError, match=f"damaged .*{part}"):
        sync_files.decode(NAME, _file(body))


def test_a_deletion_of_the_wrong_shape_is_refused():
    body = {**_payload(), "format": 1}
    body["changes"][1]["vv"] = []  # one deletion, no vector
    with pytest.raises(sync_files.ChangeFileError, match="damaged .its deletions"):
        sync_files.decode(NAME, _file(body))


def _raw(text: str) -> bytes:
    """A plain change file around the JSON ``text`` exactly."""
    data = sync_files.MAGIC + bytes([sync_files.PLAIN]) + zlib.compress(text.encode())
    return data + hashlib.sha256(data).digest()


def _text_with(value: str) -> str:
    """A format 1 body whose first town is ``value`` (JSON text, written as it is)."""
    return json.dumps({**_payload(), "format": 1}).replace('"Thame"', value)


def test_a_text_with_half_a_character_is_refused_as_damaged():
    """JSON may escape half of a surrogate pair; SQLite could not store it (found by review:
    every sync failed)."""
    with pytest.raises(sync_files.ChangeFileError, match=r"damaged \(UnicodeEncodeError\)"):
        sync_files.decode(NAME, _raw(_text_with('"Thame\\ud800"')))
    whole = sync_files.decode(NAME, _raw(_text_with('"Thame \\ud83d\\ude00"')))  # a pair
    assert whole["changes"][0]["rows"][0][0] == "Thame \U0001f600"


def test_a_value_nested_past_any_sense_is_refused_as_damaged():
    deep = "[" * 100_000 + "]" * 100_000
    with pytest.raises(sync_files.ChangeFileError, match=r"damaged \(RecursionError\)"):
        sync_files.decode(NAME, _raw(_text_with(deep)))


def test_a_deletion_group_carrying_an_edit_groups_parts_is_refused():
    body = {**_payload(), "format": 1}
    body["changes"][1]["ids"] = [OTHER]  # would be read as the records of the group
    with pytest.raises(sync_files.ChangeFileError, match="damaged .its deletions"):
        sync_files.decode(NAME, _file(body))
