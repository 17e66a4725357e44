"""Rebuild oxfordshire_schools.csv from the raw public files in ../shared/data/.

Run from the repository root:  python resources/demo/build_schools_csv.py
The output is committed; the app never reads ../shared/data/ itself. See PROVENANCE.md.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT.parent / "shared" / "data"
OUT = Path(__file__).with_name("oxfordshire_schools.csv")

# Oxfordshire's district councils by postcode district (used as the demo "locality").
LOCALITY = {
    "Oxford": ["OX1", "OX2", "OX3", "OX4"],
    "Cherwell": ["OX5", "OX15", "OX16", "OX17", "OX25", "OX26", "OX27"],
    "West Oxfordshire": ["OX7", "OX18", "OX20", "OX28", "OX29", "GL7", "GL56"],
    "South Oxfordshire": [
        *("OX9", "OX10", "OX11", "OX33", "OX39", "OX44", "OX49"),
        *("RG4", "RG8", "RG9"),
    ],
    "Vale of White Horse": ["OX12", "OX13", "OX14", "SN7"],
}
DISTRICT = {d: loc for loc, ds in LOCALITY.items() for d in ds}
PHASE_OVERRIDES = {
    "Heyford Park School": "All-through",
    "Whitelands Academy": "Secondary",
    "The Swan School": "Secondary",
    "Sandwell Learning Centre": "Alternative provision",
    "Cherwell College Oxford": "Post-16",
    "Oxford International College": "Post-16",
}


def phase_of(name: str, pupils: int, ehc: int) -> str:
    lower = name.lower()
    if name in PHASE_OVERRIDES:
        return PHASE_OVERRIDES[name]
    if "nursery school" in lower or "foundation stage" in lower:
        return "Early years"
    if pupils and ehc / pupils >= 0.5:
        return "Special"
    if re.search(r"primary|infant|junior|first school|prep", lower):
        return "Primary"
    return "Secondary" if pupils >= 450 else "Primary"


def type_of(name: str, phase: str) -> str:
    if phase == "Special":
        return "Special"
    if phase == "Early years":
        return "Nursery / early years"
    return "Academy" if "academy" in name.lower() else ""


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def main() -> None:
    sen = [
        r for r in _read(RAW / "nyt_dashboard_sen_school_wise.csv") if r["la_name"] == "Oxfordshire"
    ]
    register: dict[str, list[dict[str, str]]] = {}
    for r in _read(RAW / "dfe_register_trainee_teachers_schools_2022-07.csv"):
        district = r["postcode"].split(" ")[0]
        if r["close_date"] == "" and district in DISTRICT:
            register.setdefault(r["name"].casefold(), []).append(r)
    rows = []
    for r in sen:
        matches = register.get(r["school_name"].casefold(), [])
        if len(matches) != 1:
            continue  # ambiguous or not in the register: leave out rather than guess a URN
        school = matches[0]
        pupils, ehc = int(r["Total pupils"]), int(r["EHC plan"])
        phase = phase_of(r["school_name"], pupils, ehc)
        rows.append(
            {
                "urn": school["urn"],
                "name": school["name"],
                "town": school["town"],
                "postcode": school["postcode"],
                "locality": DISTRICT[school["postcode"].split(" ")[0]],
                "phase": phase,
                "type": type_of(school["name"], phase),
                "pupils": pupils,
                "sen_support": int(r["SEN support"]),
                "ehc_plans": ehc,
                "open_date": school["open_date"],
            }
        )
    rows.sort(key=lambda row: row["name"])
    with open(OUT, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} schools written to {OUT}")


if __name__ == "__main__":
    main()
