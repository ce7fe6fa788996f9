#!/usr/bin/env python3
"""Checks holdout set 10's expected CSVs against the files as printed or saved, reading
only the expected CSV and the file (not make10.py's rows):

    python3 data/supplier/corpus/make10_verify.py [NAME ...]

- PDFs: a fresh `pdftotext -layout`; the IDs in the CSV's order, each the first word of
  its line (the last word for pdfbox_columns, whose ID column is the last); the page
  counted from the form feeds equals the CSV's page; every word of the row's cells is
  found between its ID line and the next row's ID line.
- .ods: odfpy, with each brand cell spread over the rows it spans (covered cells read
  the merged brand and count as carried).
- .csv: Python's csv module (utf-8-sig, `;`), from the line after the header.
- Every row: a junk row has no model, years, make or models; otherwise the model is one
  of `models`, and the brand is one of make10.py's spellings of `make` (any case).
"""
import csv
import io
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import make10  # noqa: E402  (vocabulary and file list only)

LAST_WORD = {"pdfbox_columns"}


def expected(name):
    with open(HERE / f"holdout10_{name}.expected.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def check_vocabulary(name, rows):
    spellings = {}
    for brands, models, *_ in make10.VOCABULARY:
        spellings.setdefault(brands[0], set()).update(b.casefold() for b in brands)
    for r in rows:
        if not r["model"]:
            assert not (r["years"] or r["make"] or r["models"]), (name, r)
            assert (r["brand"] == "") == (r["brand_carried"] == "false"), (name, r)
            continue
        assert r["model"] in r["models"].split("|"), (name, r)
        assert r["brand"].casefold() in spellings[r["make"]], (name, r)


def check_pdf(name, rows):
    layout = subprocess.run(["pdftotext", "-layout", str(HERE / f"holdout10_{name}.pdf"), "-"],
                            capture_output=True, check=True).stdout.decode()
    lines = layout.split("\n")
    pages, page = [], 1
    for line in lines:
        page += line.count("\f")
        pages.append(page)
    edge = (lambda l: l.split()[-1:]) if name in LAST_WORD else (lambda l: l.split()[:1])
    starts = {}
    for n, line in enumerate(lines):
        for w in edge(line):
            starts.setdefault(w, []).append(n)
    at = 0
    for k, r in enumerate(rows):
        hits = [n for n in starts.get(r["id"], []) if n >= at]
        assert hits, (name, "no ID line", r["id"])
        at = hits[0]
        assert str(pages[at]) == r["page"], (name, r["id"], pages[at], r["page"])
        nxt = len(lines)
        if k + 1 < len(rows):
            later = [n for n in starts.get(rows[k + 1]["id"], []) if n > at]
            nxt = later[0] if later else nxt
        block = " ".join(lines[at:nxt]).split()
        for key in ("brand", "model", "years", "description"):
            if key == "brand" and r["brand_carried"] == "true":
                continue
            for word in r[key].split():
                assert word in block, (name, r["id"], key, word)


def check_ods(name, rows):
    from odf.opendocument import load
    from odf.table import Table

    grid = make10.ods_cells(load(str(HERE / f"holdout10_{name}.ods")).getElementsByType(Table)[0])
    header = next(n for n, line in enumerate(grid) if line and line[0][2] == "Код лекала")
    spread = {}
    for n, line in enumerate(grid):
        for c, cell in enumerate(line):
            for d in range(1, cell[3]):
                spread[(n + d, c)] = cell[2]
    for k, r in enumerate(rows):
        n = header + 1 + k
        line = grid[n]
        carried = (n, 1) in spread
        brand = spread[(n, 1)] if carried else line[1][2]
        got = [line[0][2], brand, line[2][2], line[3][2], line[4][2], "true" if carried else "false"]
        assert got == [r["id"], r["brand"], r["model"], r["years"], r["description"], r["brand_carried"]], (got, r)
        assert r["page"] == "1"


def check_csv(name, rows):
    text = (HERE / f"holdout10_{name}.csv").read_bytes().decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    header = next(n for n, line in enumerate(lines) if line[:1] == ["Код"])
    for k, r in enumerate(rows):
        got = [" ".join(c.split()) for c in lines[header + 1 + k]]
        assert got == [r["id"], r["brand"], r["model"], r["years"], r["description"]], (got, r)
        assert r["page"] == "1" and r["brand_carried"] == "false"
    assert not any(lines[header + 1 + len(rows)]), "a line after the rows"


if __name__ == "__main__":
    for name in sys.argv[1:] or make10.FILES:
        ext = make10.FILES[name][2]
        rows = expected(name)
        check_vocabulary(name, rows)
        {"pdf": check_pdf, "ods": check_ods, "csv": check_csv}[ext](name, rows)
        print(f"holdout10_{name}.{ext}: {len(rows)} rows agree with the expected CSV")
