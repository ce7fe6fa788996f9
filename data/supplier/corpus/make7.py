#!/usr/bin/env python3
"""A seventh set of supplier files, from producers data/supplier/corpus/ has never used.

    python3 data/supplier/corpus/make7.py            # every file
    python3 data/supplier/corpus/make7.py NAME ...   # only these files

PDF producers: groff 1.22 (tbl + ms, gropdf, URW Nimbus Sans), GNU enscript with
Ghostscript's ps2pdf (a monospaced accounting print in KOI8-R), Gnumeric's ssconvert
(a sheet printed to PDF through cairo), AbiWord (an RTF table), jsPDF with
jspdf-autotable (node), pdfmake (node, pdfkit), pandoc with ConTeXt (LuaTeX).
Spreadsheets from programs other than LibreOffice: openpyxl (.xlsx, merged brand cells,
title, total, a second sheet of contacts), XlsxWriter (.xlsx, IDs and years stored as
numbers), xlwt (.xls BIFF8, brand heading rows, line breaks inside cells), and a `;`
separated CSV in Windows-1251 with CRLF as Excel saves it on a Russian Windows.

Needs: Debian `groff ghostscript fonts-urw-base35 enscript gnumeric abiword pandoc context
fonts-dejavu-core poppler-utils nodejs npm`; PyPI `pymupdf openpyxl xlsxwriter xlwt xlrd
fonttools pillow`; npm `jspdf jspdf-autotable pdfmake` (installed by this script into
$MAKE7_NODE, default ~/.cache/make7-node, if missing). The node scripts are make7_*.js
beside this file.

The rows come from this script's own vocabulary. Each `holdout7_NAME.EXT` comes with
`holdout7_NAME.expected.csv`: `page,id,brand,model,years,description,brand_carried,make,
models` as in make6.py (page: the 1-based page where the row's ID is printed, read back
from the PDF; for a spreadsheet the 1-based sheet number). Cells whitespace collapsed.
`brand_carried`: true where the row does not print its brand itself (merged brand cell
below its first row, a blank brand cell under the first row of a group, a group heading);
rows naming no model (junk) under a blank cell or a heading get an empty brand and false,
as make.py and make6.py do. Everything is seeded; PDFs are not byte-reproducible.
"""
import csv
import gzip
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent
PREFIX = "holdout7_"
FONT_DIR = "/usr/share/fonts/truetype/dejavu"
FONT = f"{FONT_DIR}/DejaVuSans.ttf"
FONT_BOLD = f"{FONT_DIR}/DejaVuSans-Bold.ttf"
URW = "/usr/share/fonts/type1/urw-base35"
KEYS = ("id", "brand", "model", "years", "description")
NODE_PACKAGES = ["jspdf@4.2.1", "jspdf-autotable@5.0.9", "pdfmake@0.3.11"]

# (brand spellings, model spellings, first year, last year or None, body kinds)
VOCABULARY = [
    (["Chery", "Чери", "CHERY"], ["Tiggo 4 Pro", "Тигго 4 Про"], 2020, None, ["кроссовер"]),
    (["Chery", "Чери"], ["Tiggo 8 Pro Max", "Тигго 8 Про Макс"], 2022, None, ["кроссовер 7 мест"]),
    (["Chery", "чери"], ["Amulet A15", "Амулет"], 2003, 2012, ["седан", "лифтбек"]),
    (["Omoda", "Омода", "OMODA"], ["C5", "С5"], 2022, None, ["кроссовер"]),
    (["Omoda", "Омода"], ["S5"], 2023, None, ["седан"]),
    (["Jaecoo", "Джейку", "JAECOO"], ["J7", "Джей 7"], 2023, None, ["кроссовер"]),
    (["Jaecoo", "Джейку"], ["J8"], 2024, None, ["внедорожник"]),
    (["Voyah", "Воя", "VOYAH"], ["Dream", "Дрим"], 2022, None, ["минивэн"]),
    (["Voyah", "Воя"], ["Free", "Фри"], 2021, None, ["кроссовер"]),
    (["Hongqi", "Хончи", "HONGQI"], ["HS5", "ХС5"], 2019, None, ["кроссовер"]),
    (["Hongqi", "Хончи"], ["H9", "Х9"], 2020, None, ["седан"]),
    (["Dongfeng", "Донгфенг", "DONGFENG"], ["Shine Max", "Шайн Макс"], 2023, None, ["седан"]),
    (["Dongfeng", "Донгфенг"], ["580", "АХ580"], 2017, None, ["кроссовер"]),
    (["BAIC", "Баик", "БАИК"], ["X35", "Х35"], 2017, None, ["кроссовер"]),
    (["BAIC", "Баик"], ["BJ40", "БЖ40"], 2016, None, ["внедорожник"]),
    (["JAC", "Джак", "ДЖАК"], ["J7", "Дж7"], 2020, None, ["лифтбек"]),
    (["JAC", "Джак"], ["T6", "Т6"], 2015, None, ["пикап"]),
    (["Foton", "Фотон", "FOTON"], ["Tunland G7", "Тунланд G7"], 2022, None, ["пикап"]),
    (["Foton", "Фотон"], ["Sauvana", "Саувана"], 2015, 2021, ["внедорожник"]),
    (["BYD", "Бид", "БИД"], ["Han", "Хан"], 2020, None, ["седан"]),
    (["BYD", "Бид"], ["Tang", "Танг"], 2018, None, ["кроссовер 7 мест"]),
    (["Lixiang", "Ли Сян", "LiXiang"], ["L8"], 2022, None, ["кроссовер"]),
    (["Lixiang", "Ли Сян"], ["Mega", "Мега"], 2024, None, ["минивэн"]),
    (["Kia", "Киа", "KIA", "киа"], ["Ceed 3", "Сид 3"], 2018, None, ["хэтчбек", "универсал"]),
    (["Kia", "Киа"], ["K5", "К5"], 2020, None, ["седан"]),
    (["Kia", "Киа", "КИА"], ["Mohave", "Мохав"], 2008, None, ["внедорожник"]),
    (["Hyundai", "Хундай", "ХЕНДАЙ", "hyundai"], ["Santa Fe 4", "Санта Фе 4"], 2018, 2023, ["кроссовер"]),
    (["Hyundai", "Хундай"], ["Elantra 6", "Элантра AD"], 2016, 2020, ["седан"]),
    (["Hyundai", "Хундай"], ["H-1 Grand Starex", "Гранд Старекс"], 2007, 2021, ["микроавтобус"]),
    (["Toyota", "Тойота", "ТОЙОТА", "toyota"], ["Camry 70", "Камри 70"], 2017, None, ["седан"]),
    (["Toyota", "Тойота"], ["Land Cruiser Prado 150", "Прадо 150"], 2009, 2023, ["внедорожник"]),
    (["Toyota", "Тойота", "TOYOTA"], ["Corolla E180", "Королла 180"], 2013, 2018, ["седан"]),
    (["Toyota", "Тойота"], ["Land Cruiser 200", "ЛК 200"], 2007, 2021, ["внедорожник"]),
    (["Lexus", "Лексус", "LEXUS"], ["LX 570", "ЛХ 570"], 2007, 2021, ["внедорожник"]),
    (["Lexus", "Лексус"], ["NX 200", "НХ 200"], 2014, 2021, ["кроссовер"]),
    (["Mercedes-Benz", "Мерседес", "Mercedes", "МЕРСЕДЕС-БЕНЦ"], ["Sprinter 211", "Спринтер 211"], 2006, 2018, ["микроавтобус", "фургон"]),
    (["Mercedes-Benz", "Мерседес"], ["Vito W639", "Вито 639"], 2003, 2014, ["минивэн", "фургон"]),
    (["Mercedes-Benz", "Мерседес"], ["GLE W166", "ГЛЕ 166"], 2015, 2019, ["кроссовер"]),
    (["Daewoo", "Дэу", "ДЭУ", "daewoo"], ["Nexia 3", "Нексия 3"], 2008, 2016, ["седан"]),
    (["Daewoo", "Дэу"], ["Gentra", "Джентра"], 2013, 2016, ["седан"]),
    (["Ravon", "Равон"], ["Nexia R3", "Нексия Р3"], 2016, 2020, ["седан"]),
    (["Ravon", "Равон", "RAVON"], ["Gentra", "Джентра"], 2015, 2019, ["седан"]),
    (["Chevrolet", "Шевроле", "ШЕВРОЛЕ"], ["Aveo T300", "Авео Т300"], 2011, 2015, ["седан", "хэтчбек"]),
    (["Chevrolet", "Шевроле"], ["Captiva", "Каптива"], 2006, 2016, ["кроссовер"]),
    (["Nissan", "Ниссан", "NISSAN"], ["Almera G15", "Альмера G15"], 2012, 2018, ["седан"]),
    (["Nissan", "Ниссан"], ["Terrano D10", "Террано"], 2014, 2022, ["кроссовер"]),
    (["Mitsubishi", "Мицубиши", "MMC"], ["ASX", "АСХ"], 2010, None, ["кроссовер"]),
    (["Mitsubishi", "Мицубиши"], ["Pajero 4", "Паджеро 4"], 2006, 2021, ["внедорожник"]),
    (["Subaru", "Субару", "SUBARU"], ["XV", "ХВ"], 2011, 2017, ["кроссовер"]),
    (["Subaru", "Субару"], ["Legacy B4", "Легаси B4"], 2003, 2009, ["седан"]),
    (["Honda", "Хонда", "HONDA"], ["Accord 8", "Аккорд 8"], 2008, 2012, ["седан"]),
    (["Honda", "Хонда"], ["Pilot", "Пилот"], 2008, 2015, ["кроссовер"]),
    (["Mazda", "Мазда", "MAZDA"], ["Mazda6 GJ", "Мазда 6"], 2012, None, ["седан", "универсал"]),
    (["Mazda", "Мазда"], ["CX-9", "СХ-9"], 2016, None, ["кроссовер"]),
    (["Volkswagen", "Фольксваген", "VW"], ["Tiguan 2", "Тигуан 2"], 2016, None, ["кроссовер"]),
    (["Volkswagen", "Фольксваген"], ["Transporter T5", "Транспортер Т5"], 2003, 2015, ["микроавтобус", "фургон"]),
    (["Volkswagen", "Фольксваген"], ["Jetta 6", "Джетта 6"], 2010, 2018, ["седан"]),
    (["Skoda", "Шкода", "SKODA"], ["Rapid", "Рапид"], 2012, None, ["лифтбек"]),
    (["Skoda", "Шкода"], ["Superb 3", "Суперб 3"], 2015, None, ["лифтбек", "универсал"]),
]

YEARS_RANGE = ["{a}-{b}", "{a}–{b}", "{a} - {b}", "{a}г.-{b}г.", "{a}-{b} гг.", "с {a} по {b}"]
YEARS_OPEN = ["с {a}", "с {a} г.", "{a}-наст.вр.", "от {a}"]
YEARS_ONE = ["{a}", "до {b}г", "до {b} г.в.", "{a}г."]
EXTRAS = ["руль справа", "руль слева", "3-й ряд", "без 3-го ряда", "бензин", "дизель",
          "вариатор", "механика", "автомат", "полный привод", "передний привод", "гибрид",
          "электро", "с подлокотником", "без подлокотника", "рестайлинг", "дорестайлинг",
          "длинная база", "короткая база", "2 места", "8 мест", "грузовой", "пассажирский"]
LONG = ["для комплектации с ящиком под сиденьем пассажира лекало другое, уточнять по VIN",
        "борт 5 см, материал EVA ромб или сота, цвет окантовки на выбор клиента",
        "только водительский коврик, пассажирские и второй ряд заказываются отдельно"]
JUNK = [("", "", "", "уточнять у менеджера"), ("-", "-", "-", "-"), ("", "", "", "нет лекала"),
        ("", "", "", "позиция выведена из прайса"), ("", "", "", "см. ниже")]
TOTAL = "Итого: {n} позиций"


def years(rng, first, last, single=False):
    if single:
        return "" if rng.random() < 0.05 else str(rng.randint(first, last or 2025))
    if rng.random() < 0.06:
        return "-"
    a = rng.randint(first, max(first, (last or 2025) - 1))
    if last is None and rng.random() < 0.45:
        return rng.choice(YEARS_OPEN).format(a=a)
    b = rng.randint(a, last or 2025)
    if a == b or rng.random() < 0.12:
        return rng.choice(YEARS_ONE).format(a=a, b=b)
    return rng.choice(YEARS_RANGE).format(a=a, b=b)


def description(rng, body):
    parts = [rng.choice(body)] if rng.random() < 0.7 else []
    parts += rng.sample(EXTRAS, rng.choice([0, 1, 1, 2, 2, 3]))
    if rng.random() < 0.08:
        parts.append(rng.choice(LONG))
    return ", ".join(parts) if rng.random() < 0.3 else " ".join(parts)


def table(seed, count, idfmt=str, order="gapped", grouped=False, single_year=False, junk=3,
          max_group=4):
    """`count` rows (dicts: id, brand, model, years, description, make, models), `junk`
    junk rows among them. order: sequential, gapped or shuffled keys, shown by idfmt;
    grouped: each brand spelling's rows together."""
    rng = random.Random(seed)
    rows = []
    while len(rows) < count - junk:
        brands, models, first, last, body = rng.choice(VOCABULARY)
        brand = rng.choice(brands)
        for _ in range(rng.randint(1, max_group) if grouped else 1):
            rows.append({"brand": brand, "model": rng.choice(models),
                         "years": years(rng, first, last, single_year),
                         "description": description(rng, body),
                         "make": brands[0], "models": "|".join(models)})
    rows = rows[:count - junk]
    if grouped:
        first_seen = {}
        for row in rows:
            first_seen.setdefault(row["brand"], len(first_seen))
        rows.sort(key=lambda r: first_seen[r["brand"]])
    for values in rng.sample(JUNK, junk):
        at = rng.randrange(1, len(rows))
        brand = rows[at - 1]["brand"] if grouped else values[0]
        row = dict(zip(("brand", "model", "years", "description"), (brand,) + values[1:]))
        if single_year:
            row["years"] = ""
        rows.insert(at, {**row, "make": "", "models": ""})
    if order == "sequential":
        keys = list(range(1, len(rows) + 1))
    else:
        keys, key = [], rng.randint(10, 900)
        for _ in rows:
            keys.append(key)
            key += rng.choice([1, 1, 1, 2, 3, 4, 7, 10, 25])
        if order == "shuffled":
            for _ in range(len(keys) // 5):
                i, j = rng.randrange(len(keys)), rng.randrange(len(keys))
                keys[i], keys[j] = keys[j], keys[i]
    for row, key in zip(rows, keys):
        row["key"] = key
        row["id"] = idfmt(key)
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
    """Brand group headings: every row naming a model carries its heading's brand; junk
    rows naming none get an empty brand (make6.py's rule)."""
    carried = set()
    for i, r in enumerate(rows):
        if r["model"]:
            carried.add(i)
        else:
            r["printed_brand"] = ""
    return carried


def merged(rows):
    """A brand cell merged over its group: the rows below the first carry it."""
    carried = set()
    for _, members in groups(rows):
        carried.update(members[1:])
    return carried


def blank_below(rows):
    """The brand printed on a group's first row only, blank cells below: rows naming a
    model carry it, junk rows get an empty brand (make.py's 'blank' rule)."""
    carried = set()
    for _, members in groups(rows):
        for i in members[1:]:
            if rows[i]["model"]:
                carried.add(i)
            else:
                rows[i]["printed_brand"] = ""
    return carried


def printed(r, k):
    return r.get("printed_brand", r["brand"]) if k == "brand" else r[k]


def collapse(text):
    return " ".join(str(text).split())


def run(*command, cwd=None, env=None, stdin=None):
    done = subprocess.run(command, capture_output=True, timeout=900, cwd=cwd, env=env, input=stdin)
    if done.returncode:
        raise RuntimeError(f"{command[0]} failed: {done.stderr.decode(errors='replace')[-2000:]}")
    return done


def out_path(name, ext):
    return HERE / f"{PREFIX}{name}.{ext}"


# ---------------------------------------------------------------- groff tbl

def groff_fonts(tmp):
    """A groff font directory for gropdf with URW Nimbus Sans (it has Cyrillic, named
    afii100xx, which afmtodit maps to groff's u04xx)."""
    base = Path(tmp) / "font" / "devpdf"
    base.mkdir(parents=True)
    system = Path(run("groff", "--version").stdout.decode().split()[3]).name  # e.g. 1.22.4
    share = Path(f"/usr/share/groff/{system}/font")
    shutil.copy(share / "devpdf" / "DESC", base / "DESC")
    download = []
    for style, short in (("Regular", "NR"), ("Bold", "NB")):
        run("afmtodit", "-e", str(share / "devps" / "text.enc"), f"{URW}/NimbusSans-{style}.afm",
            str(share / "devps" / "generate" / "textmap"), short, cwd=base)
        download.append(f"\tNimbusSans-{style}\t{URW}/NimbusSans-{style}.t1")
    (base / "download").write_text("\n".join(download) + "\n")
    return base.parent


def groff_text(text):
    text = text.replace("\\", "\\e")
    return ("\\&" + text) if text[:1] in (".", "'") else text


def groff_tbl(name, rows, *, title, date, labels):
    """groff -t -ms -Tpdf: a tbl `allbox` table (every cell ruled), header repeated on
    every page (`.TS H` / `.TH`), model and description as text blocks that wrap, a title
    and a date above, the total below, the page number in the footer."""
    spec = ["r", "lw(2.6c)", "lw(3.6c)", "lw(2.6c)", "lw(6.2c)"]
    body = []
    for r in rows:
        cells = [groff_text(r["id"]), groff_text(r["brand"]),
                 "T{\n" + groff_text(r["model"]) + "\nT}", groff_text(r["years"]),
                 "T{\n" + groff_text(r["description"]) + "\nT}"]
        body.append("\t".join(cells))
    src = f""".pl 29.7c
.nr PO 2c
.nr LL 17.5c
.nr PS 8.5
.nr VS 10.5
.nr HM 1.6c
.nr FM 2c
.nr HY 0
.fam N
.ds CH
.ds CF Стр. %
.LP
.nh
.na
\\s[12]\\fB{groff_text(title)}\\fP\\s0
.br
{groff_text(date)}
.sp 0.5
.TS H
allbox tab(\t);
{" ".join("cb" for _ in labels)}
{" ".join(spec)}.
{chr(9).join(groff_text(l) for l in labels)}
.TH
{chr(10).join(body)}
.TE
.sp 0.5
.LP
{groff_text(TOTAL.format(n=len(rows)))}
"""
    with tempfile.TemporaryDirectory() as tmp:
        fonts = groff_fonts(tmp)
        source = Path(tmp) / f"{name}.ms"
        source.write_text(src, encoding="utf-8")
        pre = run("preconv", "-e", "utf-8", str(source)).stdout
        pdf = run("groff", "-t", "-ms", "-Tpdf", "-dpaper=a4", "-P-pa4", "-F", str(fonts), stdin=pre).stdout
    out_path(name, "pdf").write_bytes(pdf)
    return set()


# ---------------------------------------------------------------- enscript: an accounting print

def ledger_text(rows, *, title, date, labels, widths, lines_per_page):
    """A monospaced print as an accounting program makes it: `|` between columns, `-`
    rules, the header on every page, long cells continued on the next lines, a form feed
    between pages. Returns the text and the page of each row."""
    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"

    def line(cells):
        return "|" + "|".join(f" {c:<{w}} " for c, w in zip(cells, widths)) + "|"

    pages, current, page_of = [], [], []

    def start(number):
        return [f"{title}", f"{date}{'':>40}Лист {number}", rule, line(labels), rule]

    current = start(1)
    for r in rows:
        wrapped = [textwrap.wrap(r[k], w, break_long_words=False) or [""] for k, w in zip(KEYS, widths)]
        height = max(len(c) for c in wrapped)
        if len(current) + height + 2 > lines_per_page:
            current.append(rule)
            pages.append(current)
            current = start(len(pages) + 1)
        for k in range(height):
            current.append(line([c[k] if k < len(c) else "" for c in wrapped]))
        page_of.append(len(pages) + 1)
    current += [rule, "", TOTAL.format(n=len(rows))]
    pages.append(current)
    return "\f".join("\n".join(p) + "\n" for p in pages), page_of


def enscript_ledger(name, rows, *, title, date, labels, widths):
    """GNU enscript (landscape, NimbusMonoPS 8.5pt, input KOI8-R), then ps2pdf."""
    text, _ = ledger_text(rows, title=title, date=date, labels=labels, widths=widths, lines_per_page=52)
    with tempfile.TemporaryDirectory() as tmp:
        afm = Path(tmp) / "afm"
        afm.mkdir()
        shutil.copy(f"{URW}/NimbusMonoPS-Regular.afm", afm / "nmr.afm")
        (afm / "font.map").write_text("NimbusMonoPS-Regular nmr\n"
                                      + Path("/usr/share/enscript/afm/font.map").read_text())
        (Path(tmp) / ".enscriptrc").write_text(f"AFMPath: {afm}:/usr/share/enscript/afm\n")
        source = Path(tmp) / f"{name}.txt"
        source.write_bytes(text.encode("koi8_r"))
        env = {**os.environ, "HOME": tmp}
        run("enscript", "-q", "-B", "-r", "-M", "A4", "-X", "koi8", "-f", "NimbusMonoPS-Regular@8.5",
            "--margins=36:36:30:30", "-p", f"{tmp}/{name}.ps", str(source), env=env)
        run("ps2pdf", "-sPAPERSIZE=a4", f"{tmp}/{name}.ps", str(out_path(name, "pdf")))
    return set()


# ---------------------------------------------------------------- Gnumeric ssconvert

def text_lines(text, width_px, size=9, bold=False):
    """How many lines `text` takes in a column width_px wide (DejaVu Sans, 96 dpi)."""
    from PIL import ImageFont

    font = ImageFont.truetype(FONT_BOLD if bold else FONT, round(size * 96 / 72))
    lines, current = 1, ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if font.getlength(trial) > width_px and current:
            lines, current = lines + 1, word
        else:
            current = trial
    return lines


def gnumeric_sheet(name, rows, *, title, date, labels):
    """A sheet laid out as a supplier keeps it (the brand on a group's first row only,
    horizontal rules, IDs as numbers, wrapped description cells with their row heights
    set), printed by Gnumeric's ssconvert: A4 landscape, the header row repeated."""
    import openpyxl
    from openpyxl.styles import Alignment, Border, Font, Side

    carried = blank_below(rows)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Лекала"
    font, bold = Font(name="DejaVu Sans", size=9), Font(name="DejaVu Sans", size=9, bold=True)
    thin = Side(style="thin", color="FF000000")
    ws["A1"], ws["A2"] = title, date
    ws["A1"].font = Font(name="DejaVu Sans", size=13, bold=True)
    ws["A2"].font = font
    widths = [9, 16, 26, 18, 64]
    for col, w in zip("ABCDE", widths):
        ws.column_dimensions[col].width = w
    ws.append([])
    ws.append(labels)
    for cell in ws[4]:
        cell.font, cell.border = bold, Border(top=thin, bottom=thin)
    for i, r in enumerate(rows):
        brand = "" if i in carried or r.get("printed_brand") == "" else r["brand"]
        ws.append([r["key"], brand, r["model"], r["years"], r["description"]])
        n = ws.max_row
        for c, cell in enumerate(ws[n]):
            cell.font = font
            cell.border = Border(bottom=thin)
            cell.alignment = Alignment(wrap_text=c > 0, vertical="top",
                                       horizontal="right" if c == 0 else "left")
        lines = max(text_lines(r["description"], widths[4] * 7 - 6), text_lines(r["model"], widths[2] * 7 - 6))
        ws.row_dimensions[n].height = 12 * lines + 2
    ws.append([])
    ws.append([TOTAL.format(n=len(rows))])
    ws.cell(ws.max_row, 1).font = bold
    ws.print_title_rows = "4:4"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_margins.left = ws.page_margins.right = 0.5
    with tempfile.TemporaryDirectory() as tmp:
        wb.save(f"{tmp}/{name}.xlsx")
        # Gnumeric reads the sheet but not its print titles: set them (and the margins) in
        # its own file format, then print that.
        run("ssconvert", f"{tmp}/{name}.xlsx", f"{tmp}/{name}.gnumeric")
        xml = gzip.decompress(Path(f"{tmp}/{name}.gnumeric").read_bytes()).decode("utf-8")
        xml = re.sub(r"<gnm:(top|bottom) Points=\"[\d.]+\"", r'<gnm:\1 Points="42"', xml, count=2)
        xml = xml.replace("<gnm:order>", '<gnm:repeat_top value="$4:$4"/>\n        <gnm:order>', 1)
        xml = xml.replace('<gnm:Footer Left="" Middle="" Right=""/>',
                          '<gnm:Footer Left="" Middle="Стр. &amp;[PAGE] из &amp;[PAGES]" Right=""/>', 1)
        Path(f"{tmp}/{name}.gnumeric").write_text(xml, encoding="utf-8")
        run("ssconvert", f"{tmp}/{name}.gnumeric", f"{tmp}/{name}.pdf")
        shutil.copy(f"{tmp}/{name}.pdf", out_path(name, "pdf"))
    return carried


# ---------------------------------------------------------------- AbiWord

def rtf_text(text):
    out = []
    for ch in text:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ord(ch) < 128:
            out.append(ch)
        else:
            out.append(f"\\u{ord(ch) if ord(ch) < 32768 else ord(ch) - 65536}?")
    return "".join(out)


def abiword_rtf(name, rows, *, title, date, labels, notes):
    """AbiWord --to=pdf from an RTF table (cell widths in twips, every cell boxed): the
    header row on page 1 only (AbiWord ignores \\trhdr), cells wrap, the total and a
    notes paragraph under the table."""
    edges = [1250, 2850, 4850, 6450, 10000]
    box = "".join(f"\\clbrdr{side}\\brdrs\\brdrw10" for side in "tlbr")

    def row(cells, bold=False):
        head = "\\trowd\\trgaph70\\trleft0" + "".join(f"{box}\\cellx{x}" for x in edges)
        font = ("\\b ", "\\b0") if bold else ("", "")
        return head + "".join(f"\\pard\\intbl {font[0]}{rtf_text(c)}{font[1]}\\cell " for c in cells) + "\\row\n"

    doc = ("{\\rtf1\\ansi\\ansicpg1251\\deff0{\\fonttbl{\\f0\\fswiss DejaVu Sans;}}"
           "\\paperw11906\\paperh16838\\margl1000\\margr900\\margt900\\margb900\\fs17\n"
           f"\\pard\\b\\fs24 {rtf_text(title)}\\b0\\fs17\\par\n\\pard {rtf_text(date)}\\par\n"
           + row(labels, bold=True) + "".join(row([r[k] for k in KEYS]) for r in rows)
           + f"\\pard\\par\\pard {rtf_text(TOTAL.format(n=len(rows)))}\\par\n\\pard {rtf_text(notes)}\\par}}")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"{name}.rtf"
        source.write_text(doc, encoding="ascii")
        run("abiword", "--to=pdf", "-o", f"{tmp}/{name}.pdf", str(source), env={**os.environ, "HOME": tmp})
        shutil.copy(f"{tmp}/{name}.pdf", out_path(name, "pdf"))
    return set()


# ---------------------------------------------------------------- node: jsPDF, pdfmake

def node_modules():
    root = Path(os.environ.get("MAKE7_NODE", Path.home() / ".cache" / "make7-node"))
    if not all((root / "node_modules" / p.rsplit("@", 1)[0]).is_dir() for p in NODE_PACKAGES):
        root.mkdir(parents=True, exist_ok=True)
        run("npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(root), *NODE_PACKAGES)
    return root / "node_modules"


def subset_font(source, target, text):
    """A TTF with only the glyphs of `text` and printable ASCII (jsPDF embeds whole fonts;
    the node scripts' own strings, page numbers and `/`, are ASCII)."""
    from fontTools import subset

    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["FFTM"]
    font = subset.load_font(source, options)
    sub = subset.Subsetter(options)
    sub.populate(text="".join(sorted(set(text) | {chr(c) for c in range(32, 127)})))
    sub.subset(font)
    subset.save_font(font, target, options)


def node_pdf(script, name, spec):
    with tempfile.TemporaryDirectory() as tmp:
        everything = json.dumps(spec, ensure_ascii=False)
        subset_font(FONT, f"{tmp}/regular.ttf", everything)
        subset_font(FONT_BOLD, f"{tmp}/bold.ttf", everything)
        spec = {**spec, "font": f"{tmp}/regular.ttf", "bold": f"{tmp}/bold.ttf", "out": str(out_path(name, "pdf"))}
        (Path(tmp) / "spec.json").write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
        run("node", str(HERE / script), f"{tmp}/spec.json", env={**os.environ, "NODE_PATH": str(node_modules())})


def jspdf_table(name, rows, *, title, date, labels):
    """jsPDF + jspdf-autotable: theme 'striped' (no rules, alternate rows shaded), A4
    landscape, the header on every page, the ID column right-aligned, a page footer."""
    node_pdf("make7_jspdf.js", name, {
        "title": title, "date": date, "labels": labels, "total": TOTAL.format(n=len(rows)),
        "rows": [[r[k] for k in KEYS] for r in rows], "footer": "Страница"})
    return set()


def pdfmake_table(name, rows, *, title, date, labels):
    """pdfmake: A4 portrait, 'lightHorizontalLines' (a rule under each row, a heavier one
    under the header), the header repeated, brand cells merged over their group
    (rowSpan), a title and a date above, the total below."""
    carried = merged(rows)
    body = []
    for brand, members in groups(rows):
        for n, i in enumerate(members):
            r = rows[i]
            brand_cell = {"text": brand, "rowSpan": len(members)} if n == 0 else ""
            body.append([r["id"], brand_cell, r["model"], r["years"], r["description"]])
    node_pdf("make7_pdfmake.js", name, {
        "title": title, "date": date, "labels": labels, "total": TOTAL.format(n=len(rows)), "rows": body})
    return carried


# ---------------------------------------------------------------- pandoc + ConTeXt

def md_escape(text):
    return re.sub(r"([\\`*_{}\[\]<>()#+!|~^$@])", r"\\\1", text) or " "


def context_pandoc(name, rows, *, title, date, labels, notes):
    """pandoc Markdown (a pipe table wider than --columns, so relative widths and wrapped
    cells) to PDF by ConTeXt MkIV (LuaTeX), DejaVu Sans, no hyphenation."""
    widths = [10, 18, 20, 18, 34]
    lines = [f"**{md_escape(title)}**", "", md_escape(date), "",
             "| " + " | ".join(md_escape(l) for l in labels) + " |",
             "|" + "|".join(("-" * (w - 1) + ":") if k == 0 else ("-" * w) for k, w in enumerate(widths)) + "|"]
    for r in rows:
        lines.append("| " + " | ".join(md_escape(r[k]) for k in KEYS) + " |")
    lines += ["", md_escape(TOTAL.format(n=len(rows))), "", md_escape(notes), ""]
    meta = {"mainfont": "DejaVu Sans", "fontsize": "9pt", "lang": "ru", "papersize": "A4",
            "margin-left": "18mm", "margin-right": "18mm", "margin-top": "15mm", "margin-bottom": "20mm"}
    # pandoc puts the table in a float that cannot break across pages: let it split
    # (`location=split`, xtable split=yes) and repeat the header, as ConTeXt users do.
    setup = ("\\setuphyphenation[method=none]\n\\setupxtable[split=yes,header=repeat]\n"
             "\\setuppagenumbering[location={footer,right}]")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"{name}.md"
        source.write_text("\n".join(lines), encoding="utf-8")
        (Path(tmp) / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        env = {**os.environ, "OSFONTDIR": "/usr/share/fonts", "HOME": os.environ.get("HOME", tmp)}
        # ConTeXt finds DejaVu Sans by name only in its font database.
        if "dejavusans" not in run("mtxrun", "--script", "fonts", "--list", "--all", "--pattern=dejavusans",
                                   env=env).stdout.decode():
            run("mtxrun", "--generate", env=env)
            run("mtxrun", "--script", "fonts", "--reload", env=env)
        tex = run("pandoc", str(source), "--metadata-file", f"{tmp}/meta.json", "--columns=72", "-s",
                  "-t", "context", "-V", f"header-includes={setup}", cwd=tmp, env=env).stdout.decode()
        tex = tex.replace("\\startplacetable[location=none]", "\\startplacetable[location={none,split}]")
        (Path(tmp) / f"{name}.tex").write_text(tex, encoding="utf-8")
        run("context", "--batchmode", "--purgeall", f"{name}.tex", cwd=tmp, env=env)
        shutil.copy(f"{tmp}/{name}.pdf", out_path(name, "pdf"))
    return set()


# ---------------------------------------------------------------- spreadsheets

def openpyxl_merged(name, rows, *, title, date, labels, contacts):
    """openpyxl: a title row (merged over the table) and a date, the header, the brand
    cells merged over each group (centred vertically), a total row; a second sheet of
    contacts."""
    import openpyxl
    from openpyxl.styles import Alignment, Border, Font, Side

    carried = merged(rows)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Прайс"
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.append([title])
    ws.merge_cells("A1:E1")
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([date])
    ws.append(labels)
    for cell in ws[3]:
        cell.font, cell.border = Font(bold=True), box
    first = 4
    for brand, members in groups(rows):
        top = first + members[0]
        for n, i in enumerate(members):
            r = rows[i]
            ws.append([r["id"], brand if n == 0 else None, r["model"], r["years"], r["description"]])
            for cell in ws[ws.max_row]:
                cell.border = box
                cell.alignment = Alignment(vertical="top", wrap_text=True)
        if len(members) > 1:
            ws.merge_cells(start_row=top, start_column=2, end_row=top + len(members) - 1, end_column=2)
        ws.cell(top, 2).alignment = Alignment(vertical="center")
    ws.append([TOTAL.format(n=len(rows))])
    ws.cell(ws.max_row, 1).font = Font(bold=True)
    for col, w in zip("ABCDE", [10, 16, 24, 16, 50]):
        ws.column_dimensions[col].width = w
    second = wb.create_sheet("Контакты")
    for line in contacts:
        second.append(line)
    second.column_dimensions["A"].width = 22
    second.column_dimensions["B"].width = 40
    wb.save(out_path(name, "xlsx"))
    return carried


def xlsxwriter_numbers(name, rows, *, labels):
    """XlsxWriter: IDs and years stored as numbers (a year column of single years, blank
    where unknown), the header on row 1 frozen, an autofilter, column formats."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(out_path(name, "xlsx")))
    ws = wb.add_worksheet("Лист1")
    head = wb.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
    number = wb.add_format({"num_format": "0", "border": 1})
    text = wb.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    ws.write_row(0, 0, labels, head)
    for n, r in enumerate(rows, 1):
        ws.write_number(n, 0, r["key"], number)
        ws.write_string(n, 1, r["brand"], text)
        ws.write_string(n, 2, r["model"], text)
        if r["years"]:
            ws.write_number(n, 3, int(r["years"]), number)
        else:
            ws.write_blank(n, 3, None, number)
        ws.write_string(n, 4, r["description"], text)
    ws.set_column(0, 0, 8)
    ws.set_column(1, 1, 16)
    ws.set_column(2, 2, 24)
    ws.set_column(3, 3, 8)
    ws.set_column(4, 4, 60)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, len(rows), 4)
    wb.close()
    return set()


def xlwt_groups(name, rows, *, title, labels):
    """xlwt (.xls, BIFF8): a title, the header, each brand a bold heading row merged over
    the table, some descriptions with a line break inside the cell, a total row."""
    import xlwt

    carried = under_headings(rows)
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Прайс-лист")
    bold = xlwt.easyxf("font: bold on")
    group = xlwt.easyxf("font: bold on; pattern: pattern solid, fore_colour gray25; borders: top thin, bottom thin")
    cell = xlwt.easyxf("alignment: wrap on, vert top; borders: left thin, right thin, top thin, bottom thin")
    ws.write(0, 0, title, xlwt.easyxf("font: bold on, height 280"))
    for c, label in enumerate(labels):
        ws.write(2, c, label, xlwt.easyxf("font: bold on; borders: left thin, right thin, top thin, bottom thin"))
    line = 3
    rng = random.Random(name)
    for brand, members in groups(rows):
        ws.write_merge(line, line, 0, 3, brand, group)
        line += 1
        for i in members:
            r = rows[i]
            text = r["description"]
            words = text.split(" ")
            if len(words) > 3 and rng.random() < 0.3:
                at = rng.randrange(1, len(words))
                text = " ".join(words[:at]) + "\n" + " ".join(words[at:])
            for c, value in enumerate((r["id"], r["model"], r["years"], text)):
                ws.write(line, c, value, cell)
            line += 1
    ws.write(line + 1, 0, TOTAL.format(n=len(rows)), bold)
    for c, w in enumerate([10, 24, 16, 50]):
        ws.col(c).width = 256 * w
    wb.save(str(out_path(name, "xls")))
    return carried


def excel_csv(name, rows, *, title, date, labels):
    """A `;` separated CSV in Windows-1251 with CRLF, as Excel saves a sheet on a Russian
    Windows: a title and a date line padded with `;` to the sheet's width, a blank line,
    the header, the rows (fields with `;` or `"` quoted, quotes doubled), the total."""
    rng = random.Random(name)
    for r in rows:
        if r["model"] and rng.random() < 0.08:
            r["description"] = collapse(r["description"] + ' коврик "соты"; цвет черный')
    width = len(labels)
    lines = [[title] + [""] * (width - 1), [date] + [""] * (width - 1), [""] * width, labels]
    lines += [[r[k] for k in KEYS] for r in rows]
    lines += [[""] * width, [TOTAL.format(n=len(rows))] + [""] * (width - 1)]
    with open(out_path(name, "csv"), "w", encoding="cp1251", newline="") as f:
        csv.writer(f, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL).writerows(lines)
    return set()


# ---------------------------------------------------------------- the set

def idfmt(prefix="", pad=0):
    return lambda key: f"{prefix}{str(key).zfill(pad)}"


def ascii_years(rows):
    """KOI8-R has no en dash: the accounting print shows a hyphen."""
    for r in rows:
        r["years"] = r["years"].replace("–", "-")
    return rows


CONTACTS = [["Поставщик", "ООО «ЛекалоСервис»"], ["Менеджер", "Ирина Петрова"],
            ["Телефон", "+7 (843) 200-14-15"], ["E-mail", "opt@lekalo-service.example"],
            ["Склад", "г. Казань, ул. Техническая, 27"], ["Режим работы", "пн–пт 9:00–18:00"]]
NOTES = ("Примечание: лекала изготавливаются по шаблонам производителя; позиции, которых нет "
         "в прайсе, уточняйте у менеджера. Цены в прайсе не указаны и сообщаются по запросу.")

FILES = {
    # groff tbl: allbox grid, header repeated, wrapped text blocks, IDs `A-12`.
    "groff_allbox": (lambda: table(1101, 200, idfmt("A-")), groff_tbl, "pdf",
                     dict(title="Прайс-лист на лекала ковриков", date="Дата: 16.03.2026",
                          labels=["Код", "Марка", "Модель", "Годы выпуска", "Примечание"])),
    # enscript: monospaced accounting print with `|` and `-` rules, landscape, KOI8-R.
    "enscript_ledger": (lambda: ascii_years(table(1102, 180, idfmt(pad=6))), enscript_ledger, "pdf",
                        dict(title="ООО \"Автолекало\"  Прайс-лист по остаткам лекал", date="Сформирован 16.03.2026 10:42",
                             labels=["Код", "Марка авто", "Модель автомобиля", "Год выпуска", "Комментарий"],
                             widths=[7, 14, 24, 14, 58])),
    # Gnumeric: brand on a group's first row only, horizontal rules, numeric IDs, landscape.
    "gnumeric_blank": (lambda: table(1103, 220, grouped=True, junk=4), gnumeric_sheet, "pdf",
                       dict(title="Наличие лекал на складе", date="на 16.03.2026",
                            labels=["Код", "Марка", "Модель автомобиля", "Годы", "Примечание"])),
    # AbiWord (RTF): full borders, header on page 1 only, Cyrillic-prefixed IDs, notes below.
    "abiword_rtf": (lambda: table(1104, 160, idfmt("ЛК-", 4), junk=2), abiword_rtf, "pdf",
                     dict(title="Лекала EVA — прайс поставщика", date="Актуально на март 2026 г.",
                          labels=["Артикул", "Марка авто", "Модель", "Год выпуска", "Комментарий"], notes=NOTES)),
    # jsPDF autotable: striped, no rules, landscape, header repeated, shuffled numeric IDs.
    "jspdf_striped": (lambda: table(1105, 240, order="shuffled"), jspdf_table, "pdf",
                      dict(title="Каталог лекал автоковриков", date="Выгружено 16.03.2026",
                           labels=["№", "Марка", "Модель", "Год выпуска", "Описание"])),
    # pdfmake: horizontal rules, brand merged over its group (rowSpan), header repeated.
    "pdfmake_rowspan": (lambda: table(1106, 190, idfmt(pad=5), grouped=True), pdfmake_table, "pdf",
                        dict(title="Прайс по маркам", date="Дата формирования: 16.03.2026",
                             labels=["Код", "Марка", "Модель", "Годы", "Примечание"])),
    # pandoc + ConTeXt: rules under the header only, wrapped cells, IDs `S-0452`.
    "context_pandoc": (lambda: table(1107, 170, idfmt("S-", 4), junk=4), context_pandoc, "pdf",
                       dict(title="Лекала: прайс-лист (ConTeXt)", date="16 марта 2026 г.",
                            labels=["№", "Марка", "Модель автомобиля", "Годы", "Примечание"], notes=NOTES)),
    # openpyxl: title, merged brand cells, total row, contacts sheet.
    "openpyxl_merged": (lambda: table(1108, 210, idfmt("B-"), grouped=True), openpyxl_merged, "xlsx",
                        dict(title="Прайс-лист ООО «ЛекалоСервис»", date="Дата: 16.03.2026",
                             labels=["Артикул", "Марка авто", "Модель", "Год выпуска", "Примечание"],
                             contacts=CONTACTS)),
    # XlsxWriter: numeric IDs and years.
    "xlsxwriter_numbers": (lambda: table(1109, 230, single_year=True, junk=2), xlsxwriter_numbers, "xlsx",
                           dict(labels=["Код", "Марка", "Модель", "Год", "Описание"])),
    # xlwt: brand heading rows, line breaks inside cells.
    "xlwt_groups": (lambda: table(1110, 200, idfmt("12-", 4), grouped=True), xlwt_groups, "xls",
                    dict(title="Лекала по маркам автомобилей", labels=["№", "Модель", "Годы выпуска", "Примечание"])),
    # Excel CSV: Windows-1251, `;`, CRLF, title lines and a total.
    "excel_1251": (lambda: table(1111, 180, idfmt(pad=5), order="shuffled", junk=3), excel_csv, "csv",
                   dict(title="Прайс-лист на лекала", date="на 16.03.2026",
                        labels=["Код", "Марка", "Модель", "Год выпуска", "Примечание"])),
}

# IDs as printed (a whole word) and the right edge of the ID column, in points.
ID_RE = {"groff_allbox": r"A-\d+", "enscript_ledger": r"\d{6}", "gnumeric_blank": r"\d+",
         "abiword_rtf": r"ЛК-\d{4}", "jspdf_striped": r"\d+", "pdfmake_rowspan": r"\d{5}",
         "context_pandoc": r"S-\d{4}"}
XMAX = {"groff_allbox": 110, "enscript_ledger": 100, "gnumeric_blank": 90, "abiword_rtf": 90,
        "jspdf_striped": 90, "pdfmake_rowspan": 90, "context_pandoc": 130}
RULES = re.compile(r"[|+\-]+")


# ---------------------------------------------------------------- checks

def id_words(path, id_re, xmax):
    """(page, word) for words that look like IDs left of xmax and begin their line
    (words made of rule characters `|`, `+`, `-` aside), in reading order."""
    import pymupdf

    found = []
    with pymupdf.open(path) as doc:
        for number, page in enumerate(doc, 1):
            # Coordinates as the page is shown (enscript's landscape pages are /Rotate 90).
            turn = page.rotation_matrix
            words = [tuple(pymupdf.Rect(w[:4]) * turn) + (w[4],) for w in page.get_text("words")
                     if not RULES.fullmatch(w[4])]
            words.sort(key=lambda w: (round(w[3], 0), w[0]))
            first = [w for w in words if not any(abs(v[3] - w[3]) < 2 and v[2] <= w[0] for v in words)]
            found += [(number, w[4]) for w in first if w[2] < xmax and re.fullmatch(id_re, w[4])]
    return found


def check_pdf(name, rows):
    import pymupdf

    path = out_path(name, "pdf")
    found = id_words(path, ID_RE[name], XMAX[name])
    printed_ids = [w for _, w in found]
    wanted = [r["id"] for r in rows]
    if printed_ids != wanted:
        for k, (a, b) in enumerate(zip(printed_ids, wanted)):
            if a != b:
                raise SystemExit(f"{name}: ID #{k} printed {a!r}, expected {b!r} (near {printed_ids[max(0, k-3):k+3]})")
        raise SystemExit(f"{name}: {len(printed_ids)} IDs printed, {len(wanted)} expected")
    pages = [p for p, _ in found]
    with pymupdf.open(path) as doc:
        words = [set(w[4] for w in page.get_text("words")) for page in doc]
        count = doc.page_count
    for r, p in zip(rows, pages):
        for k in KEYS[1:]:
            if k == "brand" and r.get("carried"):
                continue
            for token in printed(r, k).split():
                if token not in words[p - 1]:
                    raise SystemExit(f"{name}: {token!r} of row {r['id']} not on page {p}")
    layout = run("pdftotext", "-layout", str(path), "-").stdout.decode()
    if "\ufffd" in layout or not re.search("[А-Яа-я]{4}", layout):
        raise SystemExit(f"{name}: pdftotext does not read the Cyrillic text")
    for r in rows:
        for token in " ".join(printed(r, k) for k in KEYS).split():
            if token not in layout:
                raise SystemExit(f"{name}: pdftotext lacks {token!r} of row {r['id']}")
    if path.stat().st_size > 300_000:
        raise SystemExit(f"{name}: {path.stat().st_size} bytes")
    return pages, count


def sheet_cells(name, ext):
    """Every row of the first sheet as a list of strings (numbers as integers)."""
    def show(v):
        if v is None:
            return ""
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v)

    path = out_path(name, ext)
    if ext == "xlsx":
        import openpyxl
        wb = openpyxl.load_workbook(path)
        return [[show(v) for v in row] for row in wb.worksheets[0].iter_rows(values_only=True)], len(wb.worksheets)
    if ext == "xls":
        import xlrd
        book = xlrd.open_workbook(str(path))
        sheet = book.sheet_by_index(0)
        return [[show(v) for v in sheet.row_values(i)] for i in range(sheet.nrows)], book.nsheets
    with open(path, encoding="cp1251", newline="") as f:
        raw = f.read()
    if "\r\n" not in raw or re.search(r"(?<!\r)\n", raw):
        raise SystemExit(f"{name}: line ends are not CRLF")
    return list(csv.reader(raw.splitlines(), delimiter=";")), 1


def check_sheet(name, ext, rows):
    """Each row's cells, in order, in the sheet's rows: ID first; the brand where the
    layout prints it; whitespace collapsed."""
    cells, count = sheet_cells(name, ext)
    at = 0
    for r in rows:
        while at < len(cells) and (not cells[at] or cells[at][0] != r["id"]):
            at += 1
        if at == len(cells):
            raise SystemExit(f"{name}: row {r['id']} not found in order")
        line = [collapse(c) for c in cells[at]]
        want = [r["id"], r["model"], r["years"], r["description"]] if ext == "xls" else \
            [r["id"], "" if r.get("carried") else printed(r, "brand"), r["model"], r["years"], r["description"]]
        if line[:len(want)] != [collapse(w) for w in want]:
            raise SystemExit(f"{name}: row {r['id']} reads {line}, expected {want}")
    return [1] * len(rows), count


def make(name):
    rows_of, render, ext, layout = FILES[name]
    rows = rows_of()
    carried = render(name, rows, **layout)
    for i, r in enumerate(rows):
        r["carried"] = i in carried
    pages, count = check_pdf(name, rows) if ext == "pdf" else check_sheet(name, ext, rows)
    with open(HERE / f"{PREFIX}{name}.expected.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["page", "id", "brand", "model", "years", "description", "brand_carried", "make", "models"])
        for r, p in zip(rows, pages):
            writer.writerow([str(p)] + [collapse(c) for c in (r["id"], printed(r, "brand"), r["model"], r["years"],
                                                               r["description"], "true" if r["carried"] else "false",
                                                               r["make"], r["models"])])
    unit = "pages" if ext == "pdf" else "sheets"
    print(f"{PREFIX}{name}.{ext}: {len(rows)} rows, {count} {unit}, {out_path(name, ext).stat().st_size} bytes")


if __name__ == "__main__":
    for name in sys.argv[1:] or FILES:
        make(name)
