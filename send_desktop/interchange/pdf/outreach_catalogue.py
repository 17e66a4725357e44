"""The "offer to schools" outreach catalogue: every package open for applications, by
provider, in the house style. A cover with how to apply, a summary table, then a page
section per provider with each package's details and the evidence it asks for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph

from send_desktop.interchange.pdf import blocks as b
from send_desktop.interchange.pdf import style as st
from send_desktop.interchange.pdf.blocks import RunningLabel
from send_desktop.interchange.pdf.document import DocumentInfo, build_pdf

PROGRAMME = "Special-school outreach"
ROUTES = ("school application", "local authority referral", "health")


@dataclass(frozen=True)
class Package:
    name: str
    description: str | None
    area_of_need: str
    mode: str
    level: int
    sessions: int | None
    hours: int | None
    places_per_term: int
    eligibility: str | None
    evidence: Sequence[str]


@dataclass(frozen=True)
class Provider:
    name: str
    town: str | None
    urn: str | None
    contact: str | None
    contact_email: str | None
    packages: Sequence[Package]


@dataclass(frozen=True)
class Catalogue:
    providers: Sequence[Provider]
    produced_on: date
    produced_by: str
    contact_line: str = "the council's SEND early intervention team"


def _count(n: int | None, noun: str) -> str:
    if not n:
        return ""
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _size(p: Package) -> str:
    parts = [_count(p.sessions, "session"), _count(p.hours, "hour")]
    return ", ".join(x for x in parts if x) or "To be agreed"


def _cover(cat: Catalogue) -> list[Flowable]:
    s = st.styles()
    packages = [p for prov in cat.providers for p in prov.packages]
    facts = [
        ("Providers", str(len(cat.providers))),
        ("Packages open for applications", str(len(packages))),
        ("Places per term", str(sum(p.places_per_term for p in packages))),
        ("Areas of need", ", ".join(sorted({p.area_of_need for p in packages})) or "None"),
    ]
    steps = [
        "Choose a package below and check its eligibility and the evidence it asks for.",
        "Apply as a school, or ask for a local authority or health referral: "
        + ", ".join(ROUTES)
        + ".",
        "Describe the need at the level of your setting (a class, a group, your staff). "
        "Do not include any child's name or anything that identifies a child.",
        "Each package has a number of places each term. When a package is full your "
        "request is waitlisted, and the next place that frees goes to the request "
        "received first.",
    ]
    return [
        b.space(24),
        Paragraph("Outreach and in-reach packages", s.title),
        Paragraph(
            "An offer to schools and settings from Oxfordshire's special schools", s.subtitle
        ),
        b.key_facts(facts),
        b.space(8),
        *b.heading("How to apply", 2),
        *[b.para(f"{i}.  {line}") for i, line in enumerate(steps, start=1)],
        b.space(10),
        b.para(
            f"Produced on {st.long_date(cat.produced_on)} by {cat.produced_by} with SEND "
            f"Desktop. Questions: {cat.contact_line}.",
            muted=True,
        ),
    ]


def _summary(cat: Catalogue) -> list[Flowable]:
    rows = [
        (p.name, prov.name, p.area_of_need, p.mode, p.level, p.places_per_term)
        for prov in cat.providers
        for p in prov.packages
    ]
    out = [*b.section("Packages at a glance")]
    if not rows:
        return [*out, b.para("No package is open for applications at the moment.")]
    return [
        *out,
        b.data_table(
            ["Package", "Provider", "Area of need", "Mode", "Level", "Places"],
            rows,
            [52, 36, 40, 22, 11, 13],
            numeric=(4, 5),
        ),
    ]


def _package(p: Package) -> list[Flowable]:
    evidence = "\n".join(f"\u2022 {item}" for item in p.evidence) or "None: open to all"
    facts = [
        ("Area of need", p.area_of_need),
        ("Mode", p.mode.capitalize()),
        ("Level", f"{p.level} of 3"),
        ("Length", _size(p)),
        ("Places per term", str(p.places_per_term)),
        ("Eligibility", p.eligibility or "All settings"),
        ("Evidence required", evidence),
    ]
    parts: list[Flowable] = [Paragraph(b.text(p.name), st.styles().h2)]
    if p.description:
        parts.append(b.para(p.description))
    return [*parts, b.key_facts(facts), b.space(5)]


def _provider(prov: Provider, first: bool) -> list[Flowable]:
    s = st.styles()
    where = ", ".join(x for x in (prov.town, f"URN {prov.urn}" if prov.urn else None) if x)
    contact = ", ".join(x for x in (prov.contact, prov.contact_email) if x)
    # providers follow one another; the first starts a page, and the header says what it is
    lead: list[Flowable] = (
        [PageBreak(), RunningLabel("Packages by provider")] if first else [b.space(6)]
    )
    head: list[Flowable] = [Paragraph(b.text(prov.name), s.h1)]
    if where or contact:
        head.append(b.para(" \u00b7 ".join(x for x in (where, f"Contact: {contact}") if x)))
        head.append(b.space(3))
    if not prov.packages:
        return [*lead, *head]
    # the provider's name never sits alone at the foot of a page: it keeps its first package
    return [
        *lead,
        KeepTogether([*head, *_package(prov.packages[0])]),
        *[KeepTogether(_package(p)) for p in prov.packages[1:]],
    ]


def story(cat: Catalogue) -> list[Flowable]:
    out = [*_cover(cat), *_summary(cat)]
    for n, prov in enumerate(cat.providers):
        out += _provider(prov, first=n == 0)
    return out


def render(cat: Catalogue, path: Path) -> Path:
    info = DocumentInfo(
        title="Outreach packages \u2014 offer to schools",
        author=cat.produced_by,
        subject=f"{PROGRAMME}: package catalogue",
        keywords=("outreach", "in-reach", "special schools", "catalogue"),
        header_right=f"Produced {st.short_date(cat.produced_on)}",
        footer_left="For schools and settings",
        cover_band=PROGRAMME,
    )
    return build_pdf(path, story(cat), info)
