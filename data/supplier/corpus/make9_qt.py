#!/usr/bin/env python3
"""Qt 5 (PyQt5): an HTML table laid out by QTextDocument and printed by QPdfWriter.

    QT_QPA_PLATFORM=offscreen python3 make9_qt.py SPEC.json

SPEC: title, date, labels, widths (percent), groups ([brand, [[id, model, years,
description], ...]]), total, out. A4 portrait. The header row is a <thead> (Qt
repeats it on each page), each brand is a bold shaded heading row spanning the
table, every cell boxed. QTextDocument.print_ puts the page number at the foot of
each page.
"""
import json
import sys
from html import escape

from PyQt5.QtCore import QMarginsF, QSizeF
from PyQt5.QtGui import QFont, QFontDatabase, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PyQt5.QtWidgets import QApplication

spec = json.load(open(sys.argv[1], encoding="utf-8"))
app = QApplication(["make9_qt"])
for path in spec["fonts"]:
    if QFontDatabase.addApplicationFont(path) < 0:
        raise SystemExit(f"Qt cannot load {path}")

cell = 'style="padding: 2px 4px"'
head = "".join(f'<th width="{w}%" align="left" bgcolor="#cfd8e3" {cell}>{escape(l)}</th>'
               for l, w in zip(spec["labels"], spec["widths"]))
body = []
for brand, members in spec["groups"]:
    body.append(f'<tr><td colspan="4" bgcolor="#eeeeee" {cell}><b>{escape(brand)}</b></td></tr>')
    for values in members:
        body.append("<tr>" + "".join(f'<td {cell}>{escape(v)}</td>' for v in values) + "</tr>")
html = f"""<html><body style="font-family: 'DejaVu Sans'; font-size: 8pt">
<p style="font-size: 13pt"><b>{escape(spec["title"])}</b></p>
<p>{escape(spec["date"])}</p>
<table width="100%" border="1" cellspacing="0" cellpadding="2" style="border-collapse: collapse; border-color: #555555">
<thead><tr>{head}</tr></thead>
{"".join(body)}
</table>
<p><b>{escape(spec["total"])}</b></p>
</body></html>"""

writer = QPdfWriter(spec["out"])
writer.setTitle(spec["title"])
writer.setCreator("Qt 5 QTextDocument")
writer.setResolution(300)
writer.setPageLayout(QPageLayout(QPageSize(QPageSize.A4), QPageLayout.Portrait,
                                 QMarginsF(15, 12, 15, 12), QPageLayout.Millimeter))
doc = QTextDocument()
doc.setDefaultFont(QFont("DejaVu Sans", 8))
doc.setHtml(html)
doc.print_(writer)
