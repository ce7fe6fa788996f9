#!/usr/bin/env python3
"""A sixth set of supplier files, from producers and layouts data/supplier/corpus/ lacks.

    python3 data/supplier/corpus/make6.py            # every file
    python3 data/supplier/corpus/make6.py NAME ...   # only these files

Producers: Typst (PyPI `typst`), WeasyPrint (PyPI `weasyprint`), PyMuPDF's Story API
(PyPI `pymupdf`, MuPDF), xhtml2pdf (PyPI), XeLaTeX with longtable (Debian
`texlive-xetex texlive-latex-recommended texlive-lang-cyrillic`), and reportlab's canvas
used as a banded report writer. Fonts: Debian's fonts-dejavu-core. Checks: pymupdf, and
poppler-utils' pdftotext.

Layouts this set adds: right-aligned ID columns (the label too), a Year column of single
numbers right-aligned, the supplier's own header words (`№ п/п`, `Марка автомобиля`,
`Годы выпуска`, `Примечание`), a header stacked on two lines (`Год` over `выпуска`),
brands as group headings (a bold row spanning the table, no brand column), a note under
the table on every page but the last (`продолжение на следующей странице`, `см. далее`),
and characters beyond U+FFFF (mupdf_astral).

The rows come from this script's own vocabulary, not make.py's. Each `NAME.pdf` comes with
`NAME.expected.csv` in make.py's format plus a leading `page` column (the 1-based page
where the row's ID is printed, read back from the PDF and checked against the rows):
`page,id,brand,model,years,description,brand_carried,make,models`, cells whitespace
collapsed. `brand_carried` follows make.py: true where the row's brand is not printed in
the row itself. Under a group heading no row prints the brand, so every row of a group is
carried (true); rows naming no model (junk) get an empty brand and false, as make.py does
for blank brand cells. Everything is seeded; PDFs are not byte-reproducible.
"""
import csv
import html
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FONT_DIR = "/usr/share/fonts/truetype/dejavu"
FONT = f"{FONT_DIR}/DejaVuSans.ttf"
FONT_BOLD = f"{FONT_DIR}/DejaVuSans-Bold.ttf"
KEYS = ("id", "brand", "model", "years", "description")

# (brand spellings, model spellings, first year, last year or None, body words)
VOCABULARY = [
    (["Haval", "Хавал", "HAVAL"], ["H6", "Х6"], 2014, None, ["кроссовер"]),
    (["Haval", "Хавал"], ["F7x", "Ф7х"], 2019, None, ["кроссовер", "купе-кроссовер"]),
    (["Haval", "Хавал"], ["Dargo", "Дарго"], 2022, None, ["внедорожник"]),
    (["Jetour", "Джетур"], ["T2", "Т2"], 2023, None, ["внедорожник"]),
    (["Jetour", "Джетур"], ["X90 Plus", "Х90 Плюс"], 2021, None, ["кроссовер"]),
    (["Exeed", "Эксид", "EXEED"], ["VX"], 2021, None, ["кроссовер"]),
    (["Exeed", "Эксид"], ["RX"], 2023, None, ["кроссовер"]),
    (["Tank", "Танк", "TANK"], ["500"], 2022, None, ["внедорожник"]),
    (["Li Auto", "Лисян", "LiXiang"], ["L9"], 2022, None, ["кроссовер"]),
    (["Li Auto", "Лисян"], ["L6"], 2024, None, ["кроссовер"]),
    (["Zeekr", "Зикр"], ["7X"], 2024, None, ["кроссовер"]),
    (["Zeekr", "Зикр"], ["009"], 2022, None, ["минивэн"]),
    (["Changan", "Чанган"], ["CS55 Plus", "ЦС55 Плюс"], 2021, None, ["кроссовер"]),
    (["Changan", "Чанган"], ["UNI-K", "Юни-К"], 2021, None, ["кроссовер"]),
    (["GAC", "ГАК"], ["GS8"], 2016, None, ["кроссовер"]),
    (["Great Wall", "Грейт Волл"], ["Wingle 7", "Вингл 7"], 2018, None, ["пикап"]),
    (["Great Wall", "Грейт Волл"], ["Hover H5", "Ховер Н5"], 2010, 2017, ["внедорожник"]),
    (["Belgee", "Белджи"], ["X50", "Х50"], 2023, None, ["кроссовер"]),
    (["Moskvich", "Москвич"], ["3"], 2022, None, ["кроссовер"]),
    (["Lada", "Лада", "ВАЗ"], ["Largus", "Ларгус"], 2012, None, ["универсал", "фургон"]),
    (["Lada", "Лада"], ["Niva Travel", "Нива Тревел"], 2020, None, ["внедорожник"]),
    (["Lada", "ВАЗ"], ["2114", "Четырнадцатая"], 2001, 2013, ["хэтчбек"]),
    (["UAZ", "УАЗ"], ["Patriot", "Патриот"], 2005, None, ["внедорожник"]),
    (["UAZ", "УАЗ"], ["452 Буханка", "Буханка"], 1965, None, ["микроавтобус"]),
    (["GAZ", "ГАЗ"], ["Газель Next", "Gazelle Next"], 2013, None, ["фургон", "бортовой"]),
    (["GAZ", "ГАЗ"], ["Соболь", "Sobol"], 1998, 2010, ["микроавтобус"]),
    (["Renault", "Рено"], ["Duster", "Дастер"], 2010, 2021, ["кроссовер"]),
    (["Renault", "Рено"], ["Logan", "Логан"], 2004, 2022, ["седан"]),
    (["Skoda", "Шкода", "ŠKODA"], ["Octavia A7", "Октавия А7"], 2013, 2020, ["лифтбек", "универсал"]),
    (["Skoda", "Шкода"], ["Kodiaq", "Кодиак"], 2016, None, ["кроссовер"]),
    (["Volkswagen", "Фольксваген"], ["Polo sedan", "Поло седан"], 2010, 2020, ["седан"]),
    (["Ford", "Форд"], ["Focus 2", "Фокус 2"], 2004, 2011, ["хэтчбек", "седан", "универсал"]),
    (["Ford", "Форд"], ["Transit", "Транзит"], 2006, 2014, ["микроавтобус", "фургон"]),
    (["Chevrolet", "Шевроле"], ["Niva", "Нива"], 2002, 2020, ["внедорожник"]),
    (["Chevrolet", "Шевроле"], ["Lacetti", "Лачетти"], 2004, 2013, ["седан", "хэтчбек"]),
    (["Chevrolet", "Шевроле"], ["Cobalt", "Кобальт"], 2011, 2016, ["седан"]),
    (["Ravon", "Равон"], ["R4", "Р4"], 2016, 2020, ["седан"]),
    (["Peugeot", "Пежо"], ["408"], 2010, 2017, ["седан"]),
    (["Opel", "Опель"], ["Astra H", "Астра Н"], 2004, 2014, ["хэтчбек", "универсал"]),
    (["Mitsubishi", "Мицубиси"], ["Outlander 3", "Аутлендер 3"], 2012, 2021, ["кроссовер"]),
    (["Mitsubishi", "Мицубиси"], ["L200", "Л200"], 2006, 2015, ["пикап"]),
    (["Isuzu", "Исузу"], ["D-Max", "Д-Макс"], 2012, None, ["пикап"]),
    (["SsangYong", "Ссанг Йонг", "Санг Енг"], ["Kyron", "Кайрон"], 2005, 2015, ["внедорожник"]),
    (["SsangYong", "Ссанг Йонг"], ["Rexton", "Рекстон"], 2001, 2017, ["внедорожник"]),
    (["Mazda", "Мазда"], ["CX-5", "СХ-5"], 2011, None, ["кроссовер"]),
    (["Toyota", "Тойота"], ["Camry V70", "Камри 70"], 2017, None, ["седан"]),
    (["Toyota", "Тойота"], ["RAV4 XA40", "Рав 4"], 2012, 2019, ["кроссовер"]),
    (["Toyota", "Тойота"], ["Hilux", "Хайлюкс"], 2005, None, ["пикап"]),
    (["Toyota", "Тойота"], ["Corolla Fielder", "Филдер"], 2006, 2012, ["универсал"]),
    (["Nissan", "Ниссан"], ["Qashqai J11", "Кашкай"], 2013, 2022, ["кроссовер"]),
    (["Nissan", "Ниссан"], ["Patrol Y62", "Патрол"], 2010, None, ["внедорожник"]),
    (["Kia", "Киа"], ["Rio 4", "Рио 4"], 2017, 2022, ["седан"]),
    (["Kia", "Киа"], ["Sportage 4", "Спортейдж 4"], 2016, 2021, ["кроссовер"]),
    (["Hyundai", "Хёндэ", "Хендай"], ["Solaris", "Солярис"], 2010, 2022, ["седан"]),
    (["Hyundai", "Хёндэ"], ["Creta", "Крета"], 2016, 2021, ["кроссовер"]),
    (["Honda", "Хонда"], ["Stepwgn", "Степвагон"], 2005, None, ["минивэн"]),
    (["Honda", "Хонда"], ["Vezel", "Везел"], 2013, None, ["кроссовер"]),
]

YEARS_RANGE = ["{a}-{b}", "{a}–{b}", "{a} - {b}", "{a}-{b}гг.", "{a}-{b} г.в."]
YEARS_OPEN = ["с {a}", "с {a}г.", "{a}-н.в.", "{a} - по н.в."]
YEARS_ONE = ["{a}", "до {b}г", "{a} г.", "до {b}"]
EXTRAS = ["правый руль", "левый руль", "3 ряда", "2 ряда", "с бортами", "без бортов",
          "длинная база", "короткая база", "гибрид", "электро", "EREV", "4x4", "АКПП",
          "МКПП", "рестайлинг", "дорестайлинг", "5 дверей", "3 двери", "7 мест", "5 мест"]
LONG = ["комплект салон + багажник, цвет уточнять при заказе",
        "изготовление под заказ 2-3 рабочих дня, предоплата 50%"]
JUNK = [("-", "-", "-", "-"), ("", "", "", "уточнять у менеджера"), ("", "", "", "см. выше")]


def years(rng, first, last, single=False):
    if single:
        return str(rng.randint(first, last or 2025))
    if rng.random() < 0.07:
        return "-"
    a = rng.randint(first, max(first, (last or 2025) - 1))
    if last is None and rng.random() < 0.5:
        return rng.choice(YEARS_OPEN).format(a=a)
    b = rng.randint(a, last or 2025)
    if a == b or rng.random() < 0.12:
        return rng.choice(YEARS_ONE).format(a=a, b=b)
    return rng.choice(YEARS_RANGE).format(a=a, b=b)


def description(rng, body):
    parts = [rng.choice(body)] if rng.random() < 0.75 else []
    parts += rng.sample(EXTRAS, rng.choice([0, 1, 1, 2, 2, 3]))
    if rng.random() < 0.06:
        parts.append(rng.choice(LONG))
    return " ".join(parts)


def table(seed, count, ids="sequential", grouped=False, single_year=False, pad=0):
    """`count` rows (dicts: id, brand, model, years, description, make, models), junk
    rows included. ids: sequential, gapped or shuffled; grouped: each brand spelling's
    rows together; pad: zero-pad IDs to this width."""
    rng = random.Random(seed)
    rows = []
    while len(rows) < count - len(JUNK):
        brands, models, first, last, body = rng.choice(VOCABULARY)
        brand = rng.choice(brands)
        for _ in range(rng.choice([1, 2, 2, 3, 4]) if grouped else 1):
            rows.append({"brand": brand, "model": rng.choice(models),
                         "years": years(rng, first, last, single_year),
                         "description": description(rng, body),
                         "make": brands[0], "models": "|".join(models)})
    rows = rows[:count - len(JUNK)]
    if grouped:
        order = {}
        for row in rows:
            order.setdefault(row["brand"], len(order))
        rows.sort(key=lambda r: order[r["brand"]])
    for values in JUNK:
        at = rng.randrange(1, len(rows))
        brand = rows[at - 1]["brand"] if grouped else values[0]
        junk = dict(zip(("brand", "model", "years", "description"), (brand,) + values[1:]))
        if single_year:
            junk["years"] = ""
        rows.insert(at, {**junk, "make": "", "models": ""})
    if ids == "sequential":
        keys = list(range(1, len(rows) + 1))
    else:
        keys, key = [], rng.randint(50, 900)
        for _ in rows:
            keys.append(key)
            key += rng.choice([1, 1, 1, 2, 3, 5, 11])
        if ids == "shuffled":
            for _ in range(len(keys) // 5):
                i, j = rng.randrange(len(keys)), rng.randrange(len(keys))
                keys[i], keys[j] = keys[j], keys[i]
    for row, key in zip(rows, keys):
        row["id"] = str(key).zfill(pad)
    return rows


def groups(rows):
    """Runs of consecutive rows with the same brand: (brand, [row indexes])."""
    out = []
    for i, r in enumerate(rows):
        if out and out[-1][0] == r["brand"]:
            out[-1][1].append(i)
        else:
            out.append((r["brand"], [i]))
    return out


def under_headings(rows):
    """Rows under group headings: the brand carried to every row naming a model."""
    carried = set()
    for i, r in enumerate(rows):
        if r["model"]:
            carried.add(i)
        else:
            r["printed_brand"] = ""
    return carried


def total_line(rows):
    return f"Итого: {len(rows)} позиций"


def collapse(text):
    return " ".join(text.split())


def run(*command, cwd=None):
    subprocess.run(command, check=True, capture_output=True, timeout=600, cwd=cwd)


# ---------------------------------------------------------------- Typst

def typst_str(text):
    return json.dumps(text, ensure_ascii=False)


def typst_table(name, rows, *, title, grouped, borders, repeat, note=None, labels):
    """Typst: a table() with table.header; brands as bold colspan rows when grouped; the
    note in the page footer on every page but the last."""
    import typst

    ncols = len(labels)
    cols = "(1.5cm, 3.2cm, 3.8cm, 2.8cm, 1fr)" if ncols == 5 else "(1.5cm, 4.2cm, 3cm, 1fr)"
    cells = []
    if grouped:
        for brand, members in groups(rows):
            cells.append(f"table.cell(colspan: {ncols}, align: left, text(weight: \"bold\", {typst_str(brand)}))")
            for i in members:
                cells += [typst_str(rows[i][k]) for k in ("id", "model", "years", "description")]
    else:
        for r in rows:
            cells += [typst_str(r[k]) for k in KEYS]
    head = ", ".join(f"text(weight: \"bold\", {typst_str(l)})" for l in labels)
    footer = "none"
    if note:
        footer = ("context { if here().page() < counter(page).final().first() "
                  f"{{ text(size: 8pt, style: \"italic\", {typst_str(note)}) }} }}")
    src = f"""
#set page(paper: "a4", margin: (x: 14mm, top: 16mm, bottom: 20mm), footer: {footer})
#set text(font: "DejaVu Sans", size: 8.5pt, lang: "ru", hyphenate: false)
#set table.cell(breakable: false)
#text(size: 12pt, weight: "bold", {typst_str(title)})
#v(4pt)
#table(
  columns: {cols},
  stroke: {"0.5pt + black" if borders else "none"},
  inset: (x: 4pt, y: 3pt),
  align: (x, y) => if x == 0 {{ right + top }} else {{ left + top }},
  table.header(repeat: {"true" if repeat else "false"}, {head}),
  {", ".join(cells)}
)
#v(6pt)
#text({typst_str(total_line(rows))})
"""
    (HERE / f"holdout6_{name}.typ.tmp").write_text(src, encoding="utf-8")
    try:
        pdf = typst.compile(str(HERE / f"holdout6_{name}.typ.tmp"), font_paths=[FONT_DIR], ignore_system_fonts=True)
    finally:
        (HERE / f"holdout6_{name}.typ.tmp").unlink()
    (HERE / f"holdout6_{name}.pdf").write_bytes(pdf)
    return under_headings(rows) if grouped else set()


# ---------------------------------------------------------------- WeasyPrint

def weasy_table(name, rows, *, title, grouped, borders, labels, note=None, year_right=False):
    """WeasyPrint: an HTML table, <thead> repeated on every page; the note in the bottom
    margin of every page but the last (a second pass knows the page count)."""
    from weasyprint import HTML

    border = {"full": "border: 0.6pt solid #000;",
              "lines": "border: none; border-bottom: 0.5pt solid #444;",
              "none": "border: none;"}[borders]
    body = []
    if grouped:
        for brand, members in groups(rows):
            body.append(f'<tr class="grp"><td colspan="{len(labels)}">{html.escape(brand)}</td></tr>')
            for i in members:
                r = rows[i]
                body.append(f'<tr><td class="n">{html.escape(r["id"])}</td>'
                            + "".join(f"<td>{html.escape(r[k])}</td>" for k in ("model", "years", "description"))
                            + "</tr>")
    else:
        for r in rows:
            body.append(f'<tr><td class="n">{html.escape(r["id"])}</td><td>{html.escape(r["brand"])}</td>'
                        f'<td>{html.escape(r["model"])}</td><td class="{"n" if year_right else ""}">{html.escape(r["years"])}</td>'
                        f'<td>{html.escape(r["description"])}</td></tr>')
    head = "".join(f'<th class="{"n" if k == 0 or (year_right and k == 3) else ""}">{l}</th>'
                   for k, l in enumerate(labels))
    widths = ([8, 17, 22, 11, 42] if len(labels) == 5 else [9, 28, 17, 46])

    def document(last_page):
        note_css = ""
        if note:
            note_css = (f'@page {{ @bottom-left {{ content: "{note}"; font: italic 8pt "DejaVu Sans"; }} }}'
                        f"@page :nth({last_page}) {{ @bottom-left {{ content: none; }} }}")
        return f"""<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><style>
          @page {{ size: A4; margin: 15mm 14mm 20mm 14mm; }}
          {note_css}
          body {{ font-family: "DejaVu Sans"; font-size: 8.5pt; }}
          table {{ border-collapse: collapse; width: 100%; }}
          tr {{ break-inside: avoid; }}
          td, th {{ {border} padding: 2pt 4pt; vertical-align: top; text-align: left; }}
          th {{ font-weight: bold; vertical-align: bottom; }}
          .n {{ text-align: right; }}
          tr.grp td {{ font-weight: bold; background: #e4e4e4; padding-top: 4pt; }}
        </style></head><body>
          <h3>{html.escape(title)}</h3>
          <table><colgroup>{"".join(f'<col style="width:{w}%">' for w in widths)}</colgroup>
          <thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>
          <p>{html.escape(total_line(rows))}</p></body></html>"""

    pages = len(HTML(string=document(999)).render().pages)
    HTML(string=document(pages)).write_pdf(str(HERE / f"holdout6_{name}.pdf"))
    return under_headings(rows) if grouped else set()


# ---------------------------------------------------------------- PyMuPDF (MuPDF's Story)

def story_table(name, rows, *, title, borders, note=None, extra_css="", font="DejaVuSans.ttf"):
    """PyMuPDF's Story: HTML laid out page by page by MuPDF; the header is printed once
    (the table flows on without it), the note drawn under the table on every page but the last."""
    import pymupdf

    border = "border: 0.5pt solid black;" if borders else "border: none;"
    css = f"""
      @font-face {{ font-family: DJ; src: url({font}); }}
      @font-face {{ font-family: DJ; font-weight: bold; src: url(DejaVuSans-Bold.ttf); }}
      body {{ font-family: DJ; font-size: 8.5pt; }}
      table {{ border-collapse: collapse; width: 100%; }}
      td, th {{ {border} padding: 2pt 4pt; vertical-align: top; text-align: left; }}
      th {{ font-weight: bold; }}
      .n {{ text-align: right; }}
      {extra_css}
    """
    labels = ["№ п/п", "Марка автомобиля", "Модель", "Годы выпуска", "Примечание"]
    head = "".join(f'<th class="{"n" if k == 0 else ""}" style="width:{w}%">{l}</th>'
                   for k, (l, w) in enumerate(zip(labels, [8, 18, 20, 14, 40])))
    body = "".join(f'<tr><td class="n">{html.escape(r["id"])}</td>'
                   + "".join(f"<td>{html.escape(r[k])}</td>" for k in KEYS[1:]) + "</tr>" for r in rows)
    doc_html = (f"<h3>{html.escape(title)}</h3><table><tr>{head}</tr>{body}</table>"
                f"<p>{html.escape(total_line(rows))}</p>")
    story = pymupdf.Story(html=doc_html, user_css=css, archive=pymupdf.Archive(FONT_DIR))
    page_rect = pymupdf.paper_rect("a4")
    where = page_rect + (40, 45, -40, -60)
    path = HERE / f"holdout6_{name}.pdf"
    writer = pymupdf.DocumentWriter(str(path))
    more, bottoms = 1, []
    while more:
        device = writer.begin_page(page_rect)
        more, filled = story.place(where)
        story.draw(device)
        writer.end_page()
        bottoms.append((pymupdf.Rect(filled).y1, more))
    writer.close()
    doc = pymupdf.open(path)
    for page, (_, more) in zip(doc, bottoms):
        if note and more:
            bottom = max(w[3] for w in page.get_text("words"))
            page.insert_font(fontname="DJ", fontfile=FONT)
            page.insert_text((where.x0, bottom + 14), note, fontname="DJ", fontsize=8)
    # MuPDF embeds whole fonts (1 MB each); subsetting keeps its ToUnicode maps as they are.
    doc.subset_fonts()
    doc.save(path.with_suffix(".tmp"), garbage=4, deflate=True)
    doc.close()
    path.with_suffix(".tmp").replace(path)
    return set()


# ---------------------------------------------------------------- xhtml2pdf

def xhtml2pdf_table(name, rows, *, title, labels):
    """xhtml2pdf (pisa): <table repeat="1"> repeats the header row on every page; a page
    footer frame with the page number."""
    from xhtml2pdf import pisa

    body = "".join("<tr>" + "".join(f"<td>{html.escape(r[k])}</td>" for k in KEYS) + "</tr>" for r in rows)
    head = "".join(f'<th width="{w}%">{l}</th>' for l, w in zip(labels, (9, 17, 21, 15, 38)))
    doc = f"""<html><head><meta charset="utf-8"><style>
      @font-face {{ font-family: DejaVuSans; src: url(DejaVuSans.ttf); }}
      @font-face {{ font-family: DejaVuSans; font-weight: bold; src: url(DejaVuSans-Bold.ttf); }}
      @page {{ size: a4 portrait; margin: 1.5cm 1.4cm 2cm 1.4cm;
               @frame footer {{ -pdf-frame-content: foot; bottom: 0.8cm; margin-left: 1.4cm; height: 0.8cm; }} }}
      body, td, th, p, div {{ font-family: DejaVuSans; font-size: 8.5pt; }}
      td, th {{ padding: 2pt 3pt 1pt 3pt; vertical-align: top; text-align: left; }}
      th {{ font-weight: bold; border-bottom: 0.5pt solid #000; }}
    </style></head><body>
      <div id="foot" style="font-size: 7pt; text-align: right">Лист <pdf:pagenumber/> из <pdf:pagecount/></div>
      <p style="font-size: 12pt; font-weight: bold">{html.escape(title)}</p>
      <table repeat="1" style="width: 100%">
        <tr>{head}</tr>{body}</table>
      <p>{html.escape(total_line(rows))}</p></body></html>"""
    # xhtml2pdf reads files only beside the document: the fonts go there.
    with tempfile.TemporaryDirectory() as tmp, open(HERE / f"holdout6_{name}.pdf", "wb") as out:
        for font in (FONT, FONT_BOLD):
            shutil.copy(font, tmp)
        status = pisa.CreatePDF(doc, dest=out, encoding="utf-8", path=str(Path(tmp) / f"{name}.html"))
    if status.err:
        raise RuntimeError(f"xhtml2pdf: {status.err}")
    return set()


# ---------------------------------------------------------------- XeLaTeX longtable

def tex_escape(text):
    out = []
    for ch in text:
        out.append({"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                    "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
                    "^": r"\textasciicircum{}", "-": "-{}"}.get(ch, ch))
    return "".join(out)


def tex_longtable(name, rows, *, title, note):
    """XeLaTeX longtable, ruled grid: brands as \\multicolumn group rows; \\endhead repeats
    the header, \\endfoot prints the note under the table on every page but the last."""
    lines = []
    for brand, members in groups(rows):
        lines.append(r"\multicolumn{4}{|l|}{\textbf{%s}}\\ \hline" % tex_escape(brand))
        for i in members:
            r = rows[i]
            lines.append(" & ".join(tex_escape(r[k]) for k in ("id", "model", "years", "description"))
                         + r"\\ \hline")
    head = r"\hline \multicolumn{1}{|r|}{\textbf{№ п/п}} & \textbf{Модель} & \textbf{Годы выпуска} & \textbf{Примечание}\\ \hline"
    src = r"""\documentclass[9pt]{extarticle}
\usepackage[a4paper,margin=15mm,bottom=20mm]{geometry}
\usepackage{fontspec}
\setmainfont{DejaVuSans}[Path=%(fontdir)s/, Extension=.ttf, BoldFont=DejaVuSans-Bold, ItalicFont=DejaVuSans-Oblique]
\usepackage{longtable,array}
\hyphenpenalty=10000 \exhyphenpenalty=10000
\newcolumntype{L}[1]{>{\raggedright\arraybackslash}p{#1}}
\pagestyle{plain}
\begin{document}
\noindent{\large\textbf{%(title)s}}
\begin{longtable}{|r|L{4.2cm}|L{3.2cm}|L{7cm}|}
%(head)s
\endfirsthead
%(head)s
\endhead
\multicolumn{4}{r}{\itshape %(note)s}\\
\endfoot
\endlastfoot
%(body)s
\end{longtable}
%(total)s
\end{document}
""" % {"fontdir": FONT_DIR, "title": tex_escape(title), "head": head, "note": tex_escape(note),
       "body": "\n".join(lines), "total": tex_escape(total_line(rows))}
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / f"{name}.tex").write_text(src, encoding="utf-8")
        for _ in range(3):  # longtable settles its column widths over runs
            run("xelatex", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex", cwd=tmp)
        (HERE / f"holdout6_{name}.pdf").write_bytes((Path(tmp) / f"{name}.pdf").read_bytes())
    return under_headings(rows)


# ---------------------------------------------------------------- reportlab as a report writer

def report_bands(name, rows, *, title, note):
    """reportlab's canvas drawing bands, as a report writer does: a page header band and
    the column header on every page, a group band per brand, detail bands, a page footer
    with the note on every page but the last, a summary band at the end."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(TTFont("DJ", FONT))
    pdfmetrics.registerFont(TTFont("DJB", FONT_BOLD))
    width, height = A4
    left, size, lead = 40, 8.5, 10.5
    cols = [("№ п/п", 40, "r"), ("Модель", 120, "l"), ("Годы выпуска", 95, "l"), ("Примечание", 260, "l")]
    canvas = Canvas(str(HERE / f"holdout6_{name}.pdf"), pagesize=A4)
    canvas.setTitle(title)
    page = [0]
    y = [0]

    def start_page():
        page[0] += 1
        canvas.setFont("DJB", 11)
        canvas.drawString(left, height - 40, title)
        canvas.setFont("DJ", 7.5)
        canvas.drawRightString(width - left, height - 40, f"Сформирован 14.03.2026  Стр. {page[0]}")
        canvas.setLineWidth(0.8)
        canvas.line(left, height - 46, width - left, height - 46)
        top = height - 62
        canvas.setFont("DJB", size)
        x = left
        for label, w, align in cols:
            if align == "r":
                canvas.drawRightString(x + w - 6, top, label)
            else:
                canvas.drawString(x, top, label)
            x += w
        canvas.setLineWidth(0.4)
        canvas.line(left, top - 4, width - left, top - 4)
        y[0] = top - 4 - lead

    def end_page(last):
        if not last:
            canvas.setFont("DJ", 8)
            canvas.drawRightString(width - left, y[0] - 4, note)
        canvas.showPage()

    def need(lines):
        if y[0] - lines * lead < 60:
            end_page(False)
            start_page()

    start_page()
    for brand, members in groups(rows):
        need(2)
        canvas.setFont("DJB", 9.5)
        canvas.drawString(left + 4, y[0] - 2, brand)
        y[0] -= lead + 4
        for i in members:
            r = rows[i]
            split = [simpleSplit(r[k], "DJ", size, w - 8) or [""] for k, (_, w, _) in
                     zip(("id", "model", "years", "description"), cols)]
            n = max(len(s) for s in split)
            need(n)
            canvas.setFont("DJ", size)
            x = left
            for lines_, (_, w, align) in zip(split, cols):
                for k, text in enumerate(lines_):
                    if align == "r":
                        canvas.drawRightString(x + w - 6, y[0] - k * lead, text)
                    else:
                        canvas.drawString(x, y[0] - k * lead, text)
                x += w
            y[0] -= n * lead + 2
    need(2)
    canvas.setFont("DJB", size)
    canvas.drawString(left, y[0] - 6, total_line(rows))
    y[0] -= 20
    end_page(True)
    canvas.save()
    return under_headings(rows)


# ---------------------------------------------------------------- the set

SUPPLIER_LABELS = ["№ п/п", "Марка автомобиля", "Модель", "Годы выпуска", "Примечание"]

FILES = {
    # Typst: full grid, supplier's header words repeated on every page, IDs right-aligned.
    "typst_grid": (lambda: table(901, 200, ids="gapped"), typst_table,
                   dict(title="Лекала EVA-ковриков: прайс ООО «Автостиль»", grouped=False, borders=True,
                        repeat=True, labels=SUPPLIER_LABELS)),
    # Typst: no borders, brands as group headings, header on page 1 only, `см. далее` footer.
    "typst_groups_plain": (lambda: table(902, 220, grouped=True), typst_table,
                           dict(title="Наличие лекал по маркам", grouped=True, borders=False, repeat=False,
                                note="см. далее", labels=["№", "Модель", "Год", "Описание"])),
    # WeasyPrint: full borders, stacked header (`Год` over `выпуска`), single-year column
    # and IDs right-aligned, header repeated.
    "weasy_stacked_year": (lambda: table(903, 210, ids="shuffled", single_year=True), weasy_table,
                           dict(title="Каталог лекал (год начала выпуска)", grouped=False, borders="full",
                                year_right=True,
                                labels=["ID", "Марка автомобиля", "Модель", "Год<br>выпуска", "Описание"])),
    # WeasyPrint: horizontal rules, group headings, header repeated, note in the page foot.
    "weasy_groups_lines": (lambda: table(904, 190, ids="gapped", grouped=True), weasy_table,
                           dict(title="Лекала по маркам — склад Алматы", grouped=True, borders="lines",
                                note="продолжение на следующей странице",
                                labels=["№ п/п", "Модель", "Годы выпуска", "Примечание"])),
    # PyMuPDF Story: no borders, header on page 1 only, `см. далее` under each page's table.
    "pymupdf_story": (lambda: table(905, 180, ids="shuffled"), story_table,
                      dict(title="Выгрузка лекал (MuPDF)", borders=False, note="см. далее")),
    # PyMuPDF Story with characters beyond U+FFFF (emoji in DejaVu Sans): full borders.
    "mupdf_astral": (lambda: astral(table(906, 170, ids="gapped")), story_table,
                     dict(title="Лекала 😀 новинки сезона", borders=True)),
    # xhtml2pdf: no borders (a rule under the header), header repeated, zero-padded IDs.
    "xhtml2pdf_plain": (lambda: table(907, 190, ids="gapped", pad=5), xhtml2pdf_table,
                        dict(title="Прайс-лист на лекала", labels=SUPPLIER_LABELS)),
    # XeLaTeX longtable: full grid, group rows, header repeated, note in \endfoot.
    "tex_longtable": (lambda: table(908, 200, ids="gapped", grouped=True), tex_longtable,
                      dict(title="Лекала автоковриков по маркам", note="продолжение на следующей странице")),
    # reportlab report writer: page header and column header bands on every page, group
    # bands, no cell borders, note in the page footer.
    "report_bands": (lambda: table(909, 230, grouped=True), report_bands,
                     dict(title="Отчёт: остатки лекал по маркам", note="см. далее →")),
}


def astral(rows):
    """Some descriptions carry an emoji beyond the BMP, in the same font as the text."""
    rng = random.Random(906)
    for r in rng.sample([r for r in rows if r["model"]], 6):
        r["description"] = collapse(f'{r["description"]} 😀 хит продаж')
    return rows


# ---------------------------------------------------------------- checks

def id_words(pdf_path, id_re, xmax):
    """(page, word) for words that look like IDs left of xmax, in reading order."""
    import pymupdf

    found = []
    with pymupdf.open(pdf_path) as doc:
        for number, page in enumerate(doc, 1):
            words = sorted(page.get_text("words"), key=lambda w: (round(w[3], 0), w[0]))
            # The first word of its line (not the total's count or a page number).
            first = [w for w in words if not any(abs(v[3] - w[3]) < 2 and v[2] <= w[0] for v in words)]
            found += [(number, w[4]) for w in first if w[2] < xmax and re.fullmatch(id_re, w[4])]
    return found


def check(name, rows, xmax):
    """The page of every row, from its ID printed in the first column; every cell's words
    on that page; pdftotext sees the Cyrillic text."""
    import pymupdf

    path = HERE / f"holdout6_{name}.pdf"
    found = id_words(path, r"\d+", xmax)
    printed = [w for _, w in found]
    wanted = [r["id"] for r in rows]
    if printed != wanted:
        for k, (a, b) in enumerate(zip(printed, wanted)):
            if a != b:
                raise SystemExit(f"{name}: ID #{k} printed {a!r}, expected {b!r} (near {printed[max(0, k-3):k+3]})")
        raise SystemExit(f"{name}: {len(printed)} IDs printed, {len(wanted)} expected")
    pages = [p for p, _ in found]
    with pymupdf.open(path) as doc:
        words = [set(w[4] for w in page.get_text("words")) for page in doc]
        count = doc.page_count
    for r, p in zip(rows, pages):
        for k in KEYS[1:]:
            text = r.get("printed_brand", r[k]) if k == "brand" else r[k]
            if k == "brand" and r.get("carried"):
                continue
            # pymupdf (like pdftotext) reads MuPDF's 5-hex-digit ToUnicode entries as
            # four digits: U+1F600 comes out as U+1F60.
            text = "".join(chr(ord(c) >> 4) if ord(c) > 0xFFFF else c for c in text)
            for token in text.split():
                if token not in words[p - 1]:
                    raise SystemExit(f"{name}: {token!r} of row {r['id']} not on page {p}")
    layout = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    if "\ufffd" in layout or not re.search("[А-Яа-я]{4}", layout):
        raise SystemExit(f"{name}: pdftotext does not read the Cyrillic text")
    return pages, count


XMAX = {"typst_grid": 90, "typst_groups_plain": 90, "weasy_stacked_year": 100, "weasy_groups_lines": 100,
        "pymupdf_story": 125, "mupdf_astral": 125, "xhtml2pdf_plain": 100, "tex_longtable": 90,
        "report_bands": 90}


def make(name):
    rows_of, render, layout = FILES[name]
    rows = rows_of()
    carried = render(name, rows, **layout)
    for i, r in enumerate(rows):
        r["carried"] = i in carried
    pages, count = check(name, rows, XMAX[name])
    with open(HERE / f"holdout6_{name}.expected.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["page", "id", "brand", "model", "years", "description", "brand_carried", "make", "models"])
        for r, p in zip(rows, pages):
            brand = r.get("printed_brand", r["brand"])
            writer.writerow([str(p)] + [collapse(c) for c in (r["id"], brand, r["model"], r["years"], r["description"],
                                                               "true" if r["carried"] else "false",
                                                               r["make"], r["models"])])
    print(f"holdout6_{name}.pdf: {len(rows)} rows, {count} pages")


if __name__ == "__main__":
    for name in sys.argv[1:] or FILES:
        make(name)
