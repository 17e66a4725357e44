"""Printed documents (reportlab), all in one house style.

    style.py        fonts (embedded DejaVu Sans), colours, sizes, dates in words
    document.py     the house page: running header, "Page N of M", metadata, password
    blocks.py       headings, text, tables with repeated headers, key facts, figures, quotes
    cohort_pack.py  the TIRP cohort pack, laid out from plain data

Letters, the outreach catalogue and the board report are built from the same blocks.
"""
