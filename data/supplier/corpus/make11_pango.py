#!/usr/bin/python3
"""Helper of make11.py (holdout11_pango_cairo.pdf), run by the system Python, which has
Debian's PyGObject (python3-gi, gir1.2-pango-1.0) and pycairo (python3-cairo,
python3-gi-cairo). Reads a JSON spec on stdin: out, firm, title, date, labels, foot,
rows (five cells each), total.

Every cell is a Pango layout (DejaVu Sans 8.5 pt, word wrap at the column width, no
hyphenation inserted) shown with PangoCairo on a cairo PDF surface, A4 landscape. The
columns are separated by vertical rules only; one rule under the header, which is
repeated on each page; no rules between the rows. Page N of M at each foot."""
import json
import sys

import cairo
import gi

gi.require_version("Pango", "1.0")
gi.require_version("PangoCairo", "1.0")
from gi.repository import Pango, PangoCairo  # noqa: E402

spec = json.load(sys.stdin)
W, H = 842, 595
LEFT, TOP, BOTTOM = 24, 30, 560
WIDTHS = [78, 118, 136, 112, 350]
PAD = 4
GAP = 3.5


def font(size, bold=False):
    desc = Pango.FontDescription.from_string("DejaVu Sans Bold" if bold else "DejaVu Sans")
    desc.set_absolute_size(size * Pango.SCALE)
    return desc


def layout(ctx, text, size=8.5, bold=False, width=None):
    lay = PangoCairo.create_layout(ctx)
    lay.set_font_description(font(size, bold))
    if width:
        lay.set_width(int(width * Pango.SCALE))
        lay.set_wrap(Pango.WrapMode.WORD)
    lay.set_text(text, -1)
    return lay


def height(lay):
    return lay.get_pixel_extents()[1].height


surface = cairo.PDFSurface(spec["out"], W, H)
surface.set_metadata(cairo.PDF_METADATA_TITLE, spec["title"])
surface.set_metadata(cairo.PDF_METADATA_CREATOR, spec["firm"])
ctx = cairo.Context(surface)
rows = spec["rows"]

# lay out every row first: the page count is printed at each foot
cells = []
for row in rows:
    lays = [layout(ctx, text, width=w - 2 * PAD) for text, w in zip(row, WIDTHS)]
    cells.append((lays, max(height(l) for l in lays) + 2 * GAP))

pages = [[]]
header_h = 20
y = TOP + 44 + header_h
for k, (_, h) in enumerate(cells):
    if y + h > BOTTOM:
        pages.append([])
        y = TOP + header_h
    pages[-1].append(k)
    y += h
total_count = len(pages)


def show(lay, x, y):
    ctx.move_to(x, y)
    PangoCairo.show_layout(ctx, lay)


for number, members in enumerate(pages, 1):
    y = TOP
    if number == 1:
        show(layout(ctx, spec["title"], 14, True), LEFT, y)
        show(layout(ctx, f"{spec['firm']}  •  {spec['date']}", 9), LEFT, y + 22)
        y += 44
    table_top = y
    ctx.set_source_rgb(0.88, 0.90, 0.93)
    ctx.rectangle(LEFT, y, sum(WIDTHS), header_h)
    ctx.fill()
    ctx.set_source_rgb(0, 0, 0)
    x = LEFT
    for label, w in zip(spec["labels"], WIDTHS):
        show(layout(ctx, label, 8.5, True), x + PAD, y + 4)
        x += w
    y += header_h
    ctx.set_line_width(0.8)
    ctx.move_to(LEFT, y)
    ctx.line_to(LEFT + sum(WIDTHS), y)
    ctx.stroke()
    for k in members:
        lays, h = cells[k]
        x = LEFT
        for lay, w in zip(lays, WIDTHS):
            show(lay, x + PAD, y + GAP)
            x += w
        y += h
    bottom = y
    if number == total_count:
        show(layout(ctx, spec["total"], 9, True), LEFT, y + 8)
    # vertical rules only, the whole height of this page's table
    ctx.set_line_width(0.5)
    ctx.set_source_rgb(0.35, 0.35, 0.35)
    x = LEFT
    for w in [0] + WIDTHS:
        x += w
        ctx.move_to(x, table_top)
        ctx.line_to(x, bottom)
        ctx.stroke()
    ctx.set_source_rgb(0, 0, 0)
    foot = layout(ctx, f"{spec['foot']}    стр. {number} из {total_count}", 7.5)
    show(foot, LEFT + sum(WIDTHS) - foot.get_pixel_extents()[1].width, H - 22)
    ctx.show_page()
surface.finish()
