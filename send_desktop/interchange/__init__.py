"""Spreadsheets in and out. Pure file work: no SQL, no Qt.

Reading an import, in order:
  safety.identify   the file's real type from its bytes; zip checks (bomb, damage, password)
  reader.open_table the sheet's rows (python-calamine for workbooks, csv for text)
  headers           the header row within the first 20 rows, columns placed onto fields
  rows.parse_rows   clean values column by column, problems per cell, skipped rows counted
  values            the parsers themselves (numbers, codes, dates, URNs, postcodes ...)
  error_report      rejected rows written back as an .xlsx with the bad cells highlighted

A kind of import (kind.Kind) is a declaration in kinds.py: fields with synonyms and parsers,
required fields, the match key, an optional row filter (e.g. the local authority) and a
target name. The services layer maps the target name to the code that writes rows
(services/imports_targets.py), so a kind for an existing table is a declaration only.
"""
