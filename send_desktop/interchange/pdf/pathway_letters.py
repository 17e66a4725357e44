"""Enhanced pathways letters: an invitation or an award letter per school, in the house style.

The wording is an editable template: plain text with ``${placeholder}`` fields. The first line
is the letter's heading; blank lines separate paragraphs. Placeholders:

    ${school} ${urn} ${contact} ${round} ${intake} ${count} ${phase}
    ${requested} ${awarded} ${date} ${respond_by} ${sender}

An unknown placeholder is refused with a message naming it and listing the known ones.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.platypus import Flowable, PageBreak

from send_desktop.interchange.pdf import blocks as b
from send_desktop.interchange.pdf import style as st
from send_desktop.interchange.pdf.document import DocumentInfo, build_pdf

PLACEHOLDERS = (
    "school",
    "urn",
    "contact",
    "round",
    "intake",
    "count",
    "phase",
    "requested",
    "awarded",
    "date",
    "respond_by",
    "sender",
)

INVITATION = """\
Invitation: ${round}

Dear ${contact},

${school} (URN ${urn}) is receiving ${count} pupils with an Education, Health and Care Plan in \
its ${intake} intake. We are writing to invite the school to phase ${phase} of the council's \
enhanced pathways programme, which supports these students across Key Stage 3 (Years 7 to 9).

Phase 1 schools are invited to establish an enhanced pathway with an allocation from the grant. \
Phase 2 schools may bid for a portion of the remaining grant to design and deliver an enhanced \
pathway; the application form is enclosed.

Please reply by ${respond_by}. We look forward to working with you.

Yours sincerely,

${sender}
"""

AWARD = """\
Grant award: ${round}

Dear ${contact},

We are pleased to confirm that ${school} (URN ${urn}) has been awarded ${awarded} from the \
${round} grant to deliver an enhanced pathway for pupils with an Education, Health and Care \
Plan across Key Stage 3.

The award is subject to the conditions agreed with the council. Payment will follow the \
schedule in your grant agreement.

Yours sincerely,

${sender}
"""

TEMPLATES = {"invitation": INVITATION, "award": AWARD}


class TemplateError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Letter:
    kind: str  # invitation | award
    school: str
    values: dict[str, str]  # placeholder -> text


def check_template(template: str) -> None:
    """Refuse a template with an unknown or malformed placeholder."""
    known = ", ".join(f"${{{p}}}" for p in PLACEHOLDERS)
    try:
        names = string.Template(template).get_identifiers()
    except ValueError as exc:  # pragma: no cover - get_identifiers does not raise in 3.11
        raise TemplateError(f"The template has a broken placeholder: {exc}") from None
    if not string.Template(template).is_valid():
        raise TemplateError(f"The template has a broken placeholder (use {known}).")
    unknown = [n for n in names if n not in PLACEHOLDERS]
    if unknown:
        raise TemplateError(f"Unknown placeholder ${{{unknown[0]}}} (placeholders: {known}).")


def fill(template: str, values: dict[str, str]) -> tuple[str, list[str]]:
    """The heading and the paragraphs of a filled template."""
    check_template(template)
    text = string.Template(template).safe_substitute({p: values.get(p, "") for p in PLACEHOLDERS})
    blocks = [" ".join(part.split()) for part in text.strip().split("\n\n")]
    blocks = [blk for blk in blocks if blk]
    return (blocks[0] if blocks else ""), blocks[1:]


def story(letter: Letter, template: str, today: date) -> list[Flowable]:
    heading, paragraphs = fill(template, letter.values)
    out: list[Flowable] = [
        b.para(st.long_date(today), muted=True),
        b.space(6),
        *b.heading(heading, 1),
        b.space(2),
    ]
    for paragraph in paragraphs:
        out += [b.para(paragraph), b.space(3)]
    return out


def render(
    letter: Letter, path: Path, *, template: str | None = None, today: date | None = None
) -> Path:
    """Write one letter as a PDF (one or two A4 pages, house header and page numbers)."""
    template = template if template is not None else TEMPLATES[letter.kind]
    today = today or date.today()
    info = DocumentInfo(
        title=f"Enhanced pathways: {letter.kind} letter",
        author="SEND Desktop",
        subject=f"{letter.kind.capitalize()} letter for {letter.school}",
        keywords=("enhanced pathways", letter.kind),
        header_right=letter.school,
        cover=False,
    )
    return build_pdf(path, story(letter, template, today), info)


def file_name(letter: Letter) -> str:
    """'invitation - Cheney School.pdf': the kind and the school, safe on every system."""
    safe = "".join(c if c.isalnum() or c in " -" else "_" for c in letter.school).strip()
    return f"{letter.kind} - {safe}.pdf"


def render_all(
    letters: Sequence[Letter],
    folder: Path,
    *,
    template: str | None = None,
    today: date | None = None,
    on_each: Callable[[int], None] | None = None,
) -> list[Path]:
    """One PDF per letter in ``folder``, named after the kind and the school. ``on_each(n)``
    is called before each letter and after the last (progress; a cancel raises there)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for n, letter in enumerate(letters):
        if on_each is not None:
            on_each(n)
        written.append(render(letter, folder / file_name(letter), template=template, today=today))
    if on_each is not None:
        on_each(len(letters))
    return written


def render_combined(
    letters: Sequence[Letter],
    path: Path,
    *,
    template: str | None = None,
    today: date | None = None,
    on_each: Callable[[int], None] | None = None,
) -> Path:
    """Every letter in one PDF, each starting on a new page (to print in one go)."""
    today = today or date.today()
    flow: list[Flowable] = []
    for n, letter in enumerate(letters):
        if on_each is not None:
            on_each(n)
        if flow:
            flow.append(PageBreak())
        # each page's header names its school; pages are numbered within the letter
        flow += [b.RunningLabel(letter.school), b.PartStart()]
        wording = template if template is not None else TEMPLATES[letter.kind]
        flow += story(letter, wording, today)
    kind = letters[0].kind if letters else "invitation"
    # each page goes to a school: a neutral running header (no count of the batch)
    info = DocumentInfo(
        title="Enhanced pathways",
        author="SEND Desktop",
        subject=f"{len(letters)} {kind} letters",
        keywords=("enhanced pathways", kind),
        cover=False,
    )
    written = build_pdf(
        path, flow, info, before_save=(lambda: on_each(len(letters))) if on_each else None
    )
    return written
