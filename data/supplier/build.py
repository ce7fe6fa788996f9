#!/usr/bin/env python3
"""Builds the sample supplier files in data/supplier/.

    python3 data/supplier/build.py table    # source tables (*.source.csv) from data/vehicles.tsv
    python3 data/supplier/build.py render   # source tables -> PDFs (needs LibreOffice, qpdf) + expected rows

The source tables are committed and are what a supplier's spreadsheet would hold, hazards
included: brand spellings in both scripts and any case, several year formats, descriptions
carrying body type, steering, rows, borders and generation, duplicate listings and junk rows.
`render` lays them out as real office documents (LibreOffice Calc and Writer, headless) with
page headers and footers, a repeated column header and wrapped cells, and exports PDFs. The
PDFs are committed too, so tests and CI never need LibreOffice. Each PDF has its expected raw
rows (`*.expected.csv`: page, id and the cells as printed) for the extraction tests.
Everything is seeded, so running it again gives the same tables and the same page layout.
"""
import csv
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
DATA = HERE.parent
SEED = 20261123
ROWS_PER_PAGE = 23
TITLE = "ИП «АвтоЛекала» — наличие лекал EVA-ковриков"
CANONICAL = ["ID", "Марка", "Модель", "Год", "Описание"]

BODY_WORDS = {
    "sedan": ["седан"],
    "hatchback": ["хэтчбек", "хетчбек"],
    "liftback": ["лифтбек"],
    "wagon": ["универсал"],
    "suv": ["внедорожник", "джип", "кроссовер"],
    "minivan": ["минивэн", "минивен"],
    "van": ["микроавтобус"],
    "pickup": ["пикап"],
    "truck": ["грузовой"],
    "coupe": ["купе"],
}

# Models a Kyrgyz supplier lists that the reference catalogue does not know.
EXTRA_MODELS = [
    ("Дайхатсу", "Куаре", "", "hatchback"),
    ("Honda", "Инспайер", "", "sedan"),
    ("Honda", "Степвагон", "", "minivan"),
    ("Тойота", "Кроун", "", "sedan"),
    ("Toyota", "Марк 2", "", "sedan"),
    ("Тойота", "Камри Грация", "", "sedan"),
    ("Toyota", "Ипсум", "", "minivan"),
    ("Ниссан", "Куб", "", "hatchback"),
    ("Mitsubishi", "Делика", "", "minivan"),
    ("БМВ", "5 серия E39", "", "sedan"),
    ("Субару", "Легаси", "", "wagon"),
    ("Mazda", "Демио", "", "hatchback"),
]


def catalogue():
    with open(DATA / "vehicles.tsv", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def brand_spelling(rng, row):
    ru = row["brand_ru"]
    forms = [row["brand"], row["brand"], row["brand"].upper(), ru, ru.capitalize(), ru.capitalize()]
    forms += [a for a in row["brand_aliases"].split("|") if a and len(a) > 2]
    special = {"Lada": "ВАЗ", "Volkswagen": "VW", "Mercedes-Benz": "Мерседес"}
    if row["brand"] in special:
        forms += [special[row["brand"]]] * 3
    return rng.choice(forms)


def model_spelling(rng, row):
    forms = [row["model"], row["model"]]
    if row["model_ru"]:
        forms += [row["model_ru"].capitalize(), row["model_ru"].capitalize(), row["model_ru"]]
    form = rng.choice(forms)
    gen_aliases = [a for a in row["gen_aliases"].split("|") if a.isdigit()]
    if gen_aliases and rng.random() < 0.25:
        form = f"{form} {gen_aliases[0]}"
    return form


def years_text(rng, year_from, year_to):
    if year_from is None:
        return rng.choice(["-", "", "-"])
    if year_to is None:
        return rng.choice([f"с {year_from}", f"{year_from}-н.в.", f"{year_from}-", f"с {year_from}г"])
    if year_from == year_to:
        return rng.choice([f"{year_from}", f"{year_from} г.", f"{year_from}г."])
    return rng.choice([
        f"{year_from}-{year_to}", f"{year_from}-{year_to}", f"{year_from} - {year_to}",
        f"{year_from}–{year_to}", f"{year_from}-{year_to}г.", f"до {year_to}г",
    ])


def description(rng, body, generation):
    parts = []
    if rng.random() < 0.8:
        parts.append(rng.choice(BODY_WORDS.get(body, ["седан"])))
    if rng.random() < 0.35:
        parts.append(rng.choice(["правый руль", "левый руль"]))
    if body in ("suv", "minivan", "van") and rng.random() < 0.5:
        parts.append(rng.choice(["3 ряда", "полный салон", "2 ряда"]))
    if rng.random() < 0.5:
        parts.append(rng.choice(["с бортами", "без бортов", "средний борт"]))
    if generation and rng.random() < 0.4:
        digits = "".join(c for c in generation if c.isdigit())
        parts.append(rng.choice([f"{digits} кузов" if digits else generation, generation]))
    elif rng.random() < 0.15:
        parts.append(rng.choice(["1 поколение", "2 поколение", "рестайлинг"]))
    if rng.random() < 0.05:
        parts.append("гибрид")
    if rng.random() < 0.1:
        parts.append("лекало второго ряда уточнять у менеджера перед заказом")
    return " ".join(parts)


def year_pieces(rng, year_from, year_to):
    """A generation as suppliers list it: whole, or split before and after a facelift."""
    if year_from is None or year_to is None or year_to - year_from < 4 or rng.random() < 0.35:
        return [(year_from, year_to)]
    cut = rng.randint(year_from + 2, year_to - 1)
    return [(year_from, cut), (cut, year_to)]


def source_rows(rng, target):
    """About `target` table rows: catalogue generations, extra models, duplicates, junk."""
    cat = catalogue()
    if target < len(cat):
        cat = sorted(rng.sample(cat, target * 7 // 10), key=cat.index)
    duplicates = max(3, target // 40)
    junk_rounds = 2 if target > 200 else 1
    keep = target - duplicates - 6 * junk_rounds - 1
    rows = []
    extras = list(EXTRA_MODELS)
    for index, row in enumerate(cat * 3):
        if len(rows) >= keep:
            break
        year_from = int(row["year_from"]) if row["year_from"] else None
        year_to = int(row["year_to"]) if row["year_to"] else None
        if index >= len(cat):
            # Later passes: the body variants a supplier lists as separate rows.
            if rng.random() > 0.4 or year_from is None:
                continue
            year_to = year_to or 2026
            year_from, year_to = year_from + 1, max(year_from + 1, year_to - 1)
        elif rng.random() < 0.08:
            year_from, year_to = None, None
        for piece_from, piece_to in year_pieces(rng, year_from, year_to):
            rows.append([
                brand_spelling(rng, row), model_spelling(rng, row),
                years_text(rng, piece_from, piece_to), description(rng, row["body"], row["gen_code"]),
            ])
        if extras and rng.random() < 0.04:
            brand, model, _, body = extras.pop(0)
            year_from = rng.randint(1990, 2010)
            rows.append([brand, model, years_text(rng, year_from, year_from + rng.randint(0, 8)), description(rng, body, "")])
    rows = rows[:keep]
    # The same model listed again further down, as suppliers do.
    for _ in range(duplicates):
        rows.insert(rng.randrange(len(rows)), list(rng.choice(rows)))
    junk = [
        ["-", "Камри", "2010", "седан"],
        ["Toyota", "", "2010", "уточнить"],
        ["-", "-", "-", "-"],
        ["", "", "", "см. следующую страницу"],
        ["Lada", "?", "", ""],
        ["Тойота", "Камри", "20011", "седан"],
    ]
    for _ in range(junk_rounds):
        for row in junk:
            rows.insert(rng.randrange(len(rows)), list(row))
    table = [[str(i + 1)] + row for i, row in enumerate(rows)]
    table.append(["", "Итого", f"{len(rows)} позиций", "", ""])
    return table


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


# name -> (rows, column order as indices into CANONICAL, header labels, layout)
VARIANTS = {
    "evopoliki": (900, [0, 1, 2, 3, 4], CANONICAL, "calc-borders"),
    "small_borders": (100, [0, 1, 2, 3, 4], CANONICAL, "calc-borders"),
    "small_noborders": (100, [0, 1, 2, 3, 4], CANONICAL, "calc-plain"),
    "small_writer": (100, [0, 1, 2, 3, 4], CANONICAL, "writer"),
    "small_renamed": (100, [0, 1, 2, 4, 3], ["№", "Марка авто", "Модель", "Примечание", "Годы выпуска"], "calc-borders"),
}


def make_tables():
    for seed_offset, (name, (count, _, _, _)) in enumerate(VARIANTS.items()):
        rng = random.Random(SEED + seed_offset)
        write_csv(HERE / f"{name}.source.csv", CANONICAL, source_rows(rng, count))


def pages(rows):
    return [rows[i:i + ROWS_PER_PAGE] for i in range(0, len(rows), ROWS_PER_PAGE)]


def collapse(text):
    return " ".join(text.split())


def fods(rows, order, labels, borders):
    border = 'fo:border="0.5pt solid #000000"' if borders else 'fo:border="none"'
    widths = ["1.2cm", "3.2cm", "4.6cm", "2.6cm", "6.4cm"]
    cols = "".join(
        f'<style:style style:name="co{i}" style:family="table-column">'
        f'<style:table-column-properties style:column-width="{widths[c]}"/></style:style>'
        for i, c in enumerate(order)
    )

    def cell(text, style):
        return (f'<table:table-cell table:style-name="{style}" office:value-type="string">'
                f"<text:p>{escape(text)}</text:p></table:table-cell>")

    header = "".join(cell(labels[i], "head") for i in range(len(order)))
    body = []
    for number, page in enumerate(pages(rows)):
        for index, row in enumerate(page):
            style = "ro_break" if number > 0 and index == 0 else "ro"
            cells = "".join(cell(row[c], "body") for c in order)
            body.append(f'<table:table-row table:style-name="{style}">{cells}</table:table-row>')
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:styles>
 <style:style style:name="Default" style:family="table-cell"><style:text-properties fo:font-size="9pt" style:font-name="DejaVu Sans"/></style:style>
</office:styles>
<office:automatic-styles>
 {cols}
 <style:style style:name="ro" style:family="table-row"><style:table-row-properties style:use-optimal-row-height="true"/></style:style>
 <style:style style:name="ro_break" style:family="table-row"><style:table-row-properties fo:break-before="page" style:use-optimal-row-height="true"/></style:style>
 <style:style style:name="head" style:family="table-cell" style:parent-style-name="Default"><style:table-cell-properties {border} fo:wrap-option="wrap"/><style:text-properties fo:font-weight="bold"/></style:style>
 <style:style style:name="body" style:family="table-cell" style:parent-style-name="Default"><style:table-cell-properties {border} fo:wrap-option="wrap" style:vertical-align="top"/></style:style>
 <style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait" fo:margin="1.5cm"/>
  <style:header-style><style:header-footer-properties fo:min-height="0.8cm"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0.8cm"/></style:footer-style></style:page-layout>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Default" style:page-layout-name="pm1">
 <style:header><text:p>{escape(TITLE)}</text:p></style:header>
 <style:footer><text:p>Страница <text:page-number>1</text:page-number> из <text:page-count>1</text:page-count></text:p></style:footer>
</style:master-page></office:master-styles>
<office:body><office:spreadsheet>
 <table:table table:name="Лекала" table:print-ranges="Лекала.A1:Лекала.E{len(rows) + 1}">
  {"".join(f'<table:table-column table:style-name="co{i}"/>' for i in range(len(order)))}
  <table:table-header-rows><table:table-row table:style-name="ro">{header}</table:table-row></table:table-header-rows>
  {"".join(body)}
 </table:table>
</office:spreadsheet></office:body></office:document>
"""


def fodt(rows, order, labels):
    """A word-processor document: one table a page, each with the header row."""
    widths = ["1.3cm", "3.2cm", "4.5cm", "2.6cm", "6.4cm"]

    def row(cells, style):
        return "<table:table-row>" + "".join(
            f'<table:table-cell table:style-name="cell" office:value-type="string"><text:p text:style-name="{style}">{escape(c)}</text:p></table:table-cell>'
            for c in cells) + "</table:table-row>"

    tables = []
    for number, page in enumerate(pages(rows)):
        style = "break" if number > 0 else "Standard"
        tables.append(f'<text:p text:style-name="{style}"/>')
        tables.append(f'<table:table table:name="T{number}" table:style-name="tbl">'
                      + "".join(f'<table:table-column table:style-name="c{i}"/>' for i in range(len(order)))
                      + "<table:table-header-rows>" + row(labels, "head") + "</table:table-header-rows>"
                      + "".join(row([r[c] for c in order], "Standard") for r in page) + "</table:table>")
    cols = "".join(f'<style:style style:name="c{i}" style:family="table-column"><style:table-column-properties style:column-width="{widths[c]}"/></style:style>'
                   for i, c in enumerate(order))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:styles>
 <style:style style:name="Standard" style:family="paragraph"><style:text-properties fo:font-size="9pt" style:font-name="DejaVu Sans"/></style:style>
 <style:style style:name="head" style:family="paragraph" style:parent-style-name="Standard"><style:text-properties fo:font-weight="bold"/></style:style>
 <style:style style:name="break" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:break-before="page"/></style:style>
</office:styles>
<office:automatic-styles>
 <style:style style:name="tbl" style:family="table"><style:table-properties style:width="17.6cm" table:align="left"/></style:style>
 {cols}
 <style:style style:name="cell" style:family="table-cell"><style:table-cell-properties fo:padding="0.05cm" fo:border="0.5pt solid #000000"/></style:style>
 <style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin="1.5cm"/></style:page-layout>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">
 <style:header><text:p>{escape(TITLE)}</text:p></style:header>
 <style:footer><text:p>Стр. <text:page-number>1</text:page-number></text:p></style:footer>
</style:master-page></office:master-styles>
<office:body><office:text>{"".join(tables)}</office:text></office:body></office:document>
"""


def render():
    for name, (_, order, labels, layout) in VARIANTS.items():
        _, rows = read_csv(HERE / f"{name}.source.csv")
        if layout == "writer":
            document, suffix = fodt(rows, order, labels), ".fodt"
        else:
            document, suffix = fods(rows, order, labels, layout == "calc-borders"), ".fods"
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / f"{name}{suffix}"
            source.write_text(document, encoding="utf-8")
            subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(source)],
                           check=True, capture_output=True)
            (HERE / f"{name}.pdf").write_bytes((Path(tmp) / f"{name}.pdf").read_bytes())
        # The total row is not a table row: the extractor compares it with the rows read.
        expected = [[str(number + 1)] + [collapse(c) for c in row]
                    for number, page in enumerate(pages(rows)) for row in page if row[1] != "Итого"]
        write_csv(HERE / f"{name}.expected.csv", ["page", "id", "brand", "model", "years", "description"], expected)
        print(f"{name}.pdf: {len(rows)} rows, {len(pages(rows))} pages")
    # A copy that needs a password to open (qpdf, AES-256), for the extraction errors.
    subprocess.run(["qpdf", "--encrypt", "secret", "owner", "256", "--", str(HERE / "small_borders.pdf"),
                    str(HERE / "small_borders_password.pdf")], check=True)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "table":
        make_tables()
    elif command == "render":
        render()
    else:
        sys.exit(__doc__)
