#!/usr/bin/env python3
"""Customers on a Latin keyboard: the Cyrillic queries of supplier_models.tsv
romanised by another program (PyPI `iuliia`, its `wikipedia` and `telegram` schemes),
written to supplier_queries_latin.tsv as `line<TAB>query` (line: the model's line
among the table's model lines, from 0). Made once and committed; the search was not
tuned on it.

    pip install iuliia==0.13.0 && python3 tests/data/search/make_latin_queries.py
"""
from pathlib import Path

import iuliia

HERE = Path(__file__).resolve().parent
SCHEMES = [iuliia.WIKIPEDIA, iuliia.TELEGRAM]

lines = [l for l in (HERE / "supplier_models.tsv").read_text().splitlines() if not l.startswith("#")][1:]
out = ["line\tquery"]
for number, line in enumerate(lines):
    queries = line.split("\t")[4].split(" | ")
    for query in queries:
        if not any("а" <= c.lower() <= "я" or c.lower() == "ё" for c in query):
            continue
        seen = set()
        for scheme in SCHEMES:
            latin = scheme.translate(query).lower()
            if latin not in seen:
                seen.add(latin)
                out.append(f"{number}\t{latin}")
(HERE / "supplier_queries_latin.tsv").write_text("\n".join(out) + "\n")
print(len(out) - 1, "queries")
