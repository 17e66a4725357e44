"""What a kind of import is: a declaration of fields, synonyms, parsers and a target.

A kind names its ``target`` (``setting``, ``sen_count``, ``setting_link``, ...) as a plain
string; the services layer maps that name to the code that writes the rows. Adding a kind is
adding a declaration to ``kinds.py`` (and, for a new table, a small writer in services).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from send_desktop.interchange.values import Parser, text


@dataclass(frozen=True)
class Field:
    """One thing an import can fill in. ``name`` is the target column (or a match-only key)."""

    name: str
    label: str
    parse: Parser = field(default_factory=text)
    synonyms: tuple[str, ...] = ()
    required: bool = False
    # True: only the synonyms match a header, not the name or label (e.g. GIAS has a
    # "Locality" column that is an address line, not the register's locality).
    synonyms_only: bool = False


@dataclass(frozen=True)
class RowCheck:
    """A rule across fields of one row; ``check`` gets their values and returns a reason or None.

    The reason is reported against ``field``. With ``needs_values`` (the default) the check
    is only asked about rows where every one of its fields has a value.
    """

    fields: tuple[str, ...]
    field: str
    check: Callable[..., str | None]
    needs_values: bool = True


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    target: str
    fields: tuple[Field, ...]
    # Fields that identify a record, strongest first (e.g. URN, then name + postcode).
    match_key: tuple[str, ...]
    # Rows whose ``filter_field`` differs from the chosen value are skipped (e.g. another LA).
    filter_field: str | None = None
    filter_default: str | None = None
    row_checks: tuple[RowCheck, ...] = ()
    # Values written on every row (e.g. the source of a statistic).
    constants: Mapping[str, object] = field(default_factory=dict)
    description: str = ""
    # Rows with this field empty are skipped like blank rows (e.g. a sign-in sheet's
    # leaders with no mark yet: nothing to record).
    skip_when_empty: str | None = None
    # A field that takes every titled column no other field took, as {header: value} per
    # row (a questionnaire: one column per question). Such a kind has no unplaced columns.
    rest: str | None = None
    # Headers ``rest`` never takes: the personal details an online form adds (the
    # respondent's name and email). They stay unplaced, shown as not imported.
    rest_skips: tuple[str, ...] = ()

    def field(self, name: str) -> Field:
        for item in self.fields:
            if item.name == name:
                return item
        raise KeyError(name)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)


_REGISTRY: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    names = [f.name for f in kind.fields]
    if len(set(names)) != len(names):
        raise ValueError(f"kind {kind.name} declares a field twice")
    _REGISTRY[kind.name] = kind
    return kind


def get_kind(name: str) -> Kind:
    from send_desktop.interchange import kinds, kinds_tirp  # noqa: F401 - the built-in kinds

    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise KeyError(f"unknown kind '{name}' (known kinds: {known})") from None


def all_kinds() -> list[Kind]:
    from send_desktop.interchange import kinds, kinds_tirp  # noqa: F401

    return sorted(_REGISTRY.values(), key=lambda k: k.name)
