"""Header placement and text decoding: properties people rely on without thinking."""

from __future__ import annotations

import codecs

from hypothesis import given
from hypothesis import strategies as st

from send_desktop.interchange.headers import column_letter, find_header, normalise_header
from send_desktop.interchange.kind import get_kind
from send_desktop.interchange.reader import decode, sniff_delimiter

SETTINGS = get_kind("settings")
SPELLINGS = [
    (spelling, f.name)
    for f in SETTINGS.fields
    for spelling in (f.label, *f.synonyms)
    if not f.synonyms_only
]


def _respell(text: str, draw_case: list[bool], sep: str) -> str:
    words = text.split()
    out = [
        w.upper() if up else w.lower() for w, up in zip(words, draw_case * len(words), strict=False)
    ]
    return sep.join(out)


@given(
    st.sampled_from(SPELLINGS),
    st.lists(st.booleans(), min_size=1, max_size=4),
    st.sampled_from([" ", "_", "-", "  ", "."]),
)
def test_headers_match_whatever_the_case_spacing_or_punctuation(pair, cases, sep):
    spelling, field = pair
    other = "Postcode" if field != "postcode" else "Town"
    header = ["Notes for the school", _respell(spelling, cases, sep), other]
    match = find_header([["Return for summer term"], [], header], SETTINGS)
    assert match is not None and match.row_index == 2
    assert match.columns[1] == field


def test_normalise_header():
    assert normalise_header(" School URN ") == normalise_header("school_urn") == "schoolurn"
    assert normalise_header("LA (code)") == "lacode"
    assert normalise_header("Pupils & staff") == "pupilsandstaff"


@given(st.integers(min_value=0, max_value=18277))
def test_column_letters_round_trip(index):
    letters = column_letter(index)
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    assert number - 1 == index


@given(st.text(alphabet=st.characters(codec="cp1252", exclude_categories=["Cs"]), max_size=50))
def test_text_decodes_from_every_encoding_schools_use(text):
    assert decode(text.encode("utf-8"))[0] == text
    assert decode(codecs.BOM_UTF8 + text.encode("utf-8"))[0] == text
    assert decode(text.encode("utf-16"))[0] == text
    encoded = text.encode("cp1252")
    if encoded.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return  # 'ÿþ'/'þÿ' in Windows-1252 are the bytes of a UTF-16 mark: read as UTF-16
    try:
        encoded.decode("utf-8")
    except UnicodeDecodeError:
        assert decode(encoded) == (text, "cp1252")


@given(st.sampled_from([",", ";", "\t", "|"]), st.integers(min_value=2, max_value=6))
def test_delimiter_is_sniffed(delimiter, columns):
    lines = [delimiter.join(f"h{i}" for i in range(columns))]
    lines += [delimiter.join(f"v{r}{i}" for i in range(columns)) for r in range(5)]
    assert sniff_delimiter("\n".join(lines)) == delimiter
