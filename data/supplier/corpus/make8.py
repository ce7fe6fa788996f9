#!/usr/bin/env python3
"""An eighth set of supplier files (holdout set 8), from producers data/supplier/corpus/
has never used.

    python3 data/supplier/corpus/make8.py            # every file
    python3 data/supplier/corpus/make8.py NAME ...   # only these files

PDF producers: pdfkit (node, foliojs) and pdf-lib (node) drawing the table themselves,
pycairo (cairo's own drawing API), matplotlib (a table figure per page, PdfPages, Type 3
fonts), rst2pdf (a reStructuredText grid table with row spans), python-docx and LibreOffice's
`--convert-to pdf` (a .docx made by another program), Scribus run headless with a
script (text frames and lines), pdfLaTeX with supertabular (T2A, cm-super Type 1 fonts).
Spreadsheets: an .ods written with odfpy (brand cells merged with
table:number-rows-spanned), an .xlsx written by Gnumeric's ssconvert (from a .gnumeric
file this script writes), and a tab-separated UTF-16 text with a byte order mark, as
Excel saves "Unicode text".

Needs: Debian `libreoffice-writer scribus texlive-latex-recommended texlive-latex-extra
texlive-lang-cyrillic cm-super gnumeric fonts-dejavu-core poppler-utils nodejs npm
libcairo2-dev pkg-config` (the last two to build pycairo); PyPI `pycairo matplotlib
rst2pdf python-docx odfpy pymupdf openpyxl pyexcel-ods3 pillow`; npm
`pdfkit pdf-lib @pdf-lib/fontkit` (installed by this script into $MAKE8_NODE, default
~/.cache/make8-node, if missing). The node scripts are make8_*.js beside this file.

The rows come from this script's own vocabulary (not make6.py's or make7.py's). Each
`holdout8_NAME.EXT` comes with `holdout8_NAME.expected.csv`:
`page,id,brand,model,years,description,brand_carried,make,models` as in make6.py and
make7.py (page: the 1-based page where the row's ID is printed, read back from the PDF;
for a spreadsheet the 1-based sheet number). Cells whitespace collapsed. `brand_carried`:
true where the row does not print its brand itself (a merged brand cell below its first
row, a group heading). Junk rows (an ID and a note, no brand, no model) inside a merged
brand cell read its brand and `true`, as in make7.py; elsewhere they get an empty brand
and `false`. Everything is
seeded; PDFs and workbooks are not byte-reproducible (dates).
"""
import csv
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
PREFIX = "holdout8_"
FONT_DIR = "/usr/share/fonts/truetype/dejavu"
FONT = f"{FONT_DIR}/DejaVuSans.ttf"
FONT_BOLD = f"{FONT_DIR}/DejaVuSans-Bold.ttf"
KEYS = ("id", "brand", "model", "years", "description")
NODE_PACKAGES = ["pdfkit@0.20.2", "pdf-lib@1.17.1", "@pdf-lib/fontkit@1.1.1"]

# (brand spellings, model spellings, first year, last year or None, body kinds)
VOCABULARY = [
    (["Geely", "Джили", "GEELY"], ["Coolray", "Кулрей"], 2019, None, ["кроссовер"]),
    (["Geely", "Джили"], ["Monjaro", "Монжаро"], 2022, None, ["кроссовер"]),
    (["Geely", "Джили", "джили"], ["Atlas Pro", "Атлас Про"], 2021, None, ["кроссовер"]),
    (["Geely", "Джили"], ["Emgrand 7", "Эмгранд 7"], 2016, 2020, ["седан"]),
    (["Haima", "Хайма", "HAIMA"], ["Haima 3", "Хайма 3"], 2010, 2016, ["седан", "хэтчбек"]),
    (["Haima", "Хайма"], ["7", "Хайма 7"], 2013, 2018, ["кроссовер"]),
    (["Lifan", "Лифан", "LIFAN"], ["Solano", "Солано"], 2010, 2016, ["седан"]),
    (["Lifan", "Лифан"], ["X60", "Х60"], 2012, 2019, ["кроссовер"]),
    (["Lifan", "лифан"], ["Smily", "Смайли"], 2010, 2017, ["хэтчбек"]),
    (["Zotye", "Зотти", "ZOTYE"], ["T600", "Т600"], 2014, 2019, ["кроссовер"]),
    (["Zotye", "Зотти"], ["Coupa", "Купа"], 2017, 2019, ["кроссовер"]),
    (["FAW", "ФАВ"], ["Besturn B50", "Бестурн Б50"], 2009, 2016, ["седан"]),
    (["FAW", "ФАВ"], ["Bestune T77", "Бестун Т77"], 2018, None, ["кроссовер"]),
    (["Great Wall", "Грейт Волл", "GREAT WALL"], ["Hover H5", "Ховер Н5"], 2010, 2017, ["внедорожник"]),
    (["Great Wall", "Грейт Волл"], ["Hover H3", "Ховер Н3"], 2010, 2016, ["внедорожник"]),
    (["Great Wall", "Грейт Волл"], ["Wingle 7", "Вингл 7"], 2018, None, ["пикап"]),
    (["Tank", "Танк", "TANK"], ["300", "Танк 300"], 2021, None, ["внедорожник"]),
    (["Renault", "Рено", "RENAULT", "рено"], ["Logan 2", "Логан 2"], 2014, 2022, ["седан"]),
    (["Renault", "Рено"], ["Duster", "Дастер"], 2010, 2021, ["кроссовер"]),
    (["Renault", "Рено", "RENAULT"], ["Kaptur", "Каптур"], 2016, 2022, ["кроссовер"]),
    (["Renault", "Рено"], ["Sandero Stepway 2", "Сандеро Степвей"], 2014, 2022, ["хэтчбек"]),
    (["Renault", "Рено"], ["Arkana", "Аркана"], 2019, None, ["кроссовер"]),
    (["Peugeot", "Пежо", "PEUGEOT"], ["308 T9", "308"], 2013, 2021, ["хэтчбек", "универсал"]),
    (["Peugeot", "Пежо"], ["408", "408 седан"], 2012, 2022, ["седан"]),
    (["Peugeot", "Пежо"], ["Partner Tepee", "Партнер Типи"], 2008, 2018, ["фургон", "минивэн"]),
    (["Peugeot", "Пежо"], ["Boxer", "Боксер"], 2006, None, ["фургон", "микроавтобус"]),
    (["Citroen", "Ситроен", "CITROEN"], ["C4 Picasso", "С4 Пикассо"], 2006, 2016, ["минивэн"]),
    (["Citroen", "Ситроен"], ["Berlingo", "Берлинго"], 2008, None, ["фургон", "минивэн"]),
    (["Citroen", "Ситроен"], ["C-Elysee", "С-Элизе"], 2012, 2021, ["седан"]),
    (["Citroen", "Ситроен"], ["Jumper", "Джампер"], 2006, None, ["фургон", "микроавтобус"]),
    (["Opel", "Опель", "OPEL"], ["Astra J", "Астра J"], 2009, 2015, ["хэтчбек", "седан"]),
    (["Opel", "Опель"], ["Astra H", "Астра Н"], 2004, 2014, ["хэтчбек", "универсал"]),
    (["Opel", "Опель"], ["Zafira B", "Зафира Б"], 2005, 2014, ["минивэн"]),
    (["Opel", "Опель", "опель"], ["Mokka", "Мокка"], 2012, 2019, ["кроссовер"]),
    (["Ford", "Форд", "FORD"], ["Focus II", "Фокус 2"], 2004, 2011, ["хэтчбек", "седан"]),
    (["Ford", "Форд", "FORD"], ["Focus III", "Фокус 3"], 2011, 2019, ["хэтчбек", "седан", "универсал"]),
    (["Ford", "Форд"], ["Transit", "Транзит"], 2006, None, ["фургон", "микроавтобус"]),
    (["Ford", "Форд"], ["Kuga 2", "Куга 2"], 2012, 2019, ["кроссовер"]),
    (["Ford", "Форд"], ["Mondeo 4", "Мондео 4"], 2007, 2014, ["седан", "лифтбек"]),
    (["Suzuki", "Сузуки", "SUZUKI"], ["Grand Vitara", "Гранд Витара"], 2005, 2016, ["внедорожник"]),
    (["Suzuki", "Сузуки"], ["SX4", "СХ4"], 2006, 2021, ["хэтчбек", "кроссовер"]),
    (["Suzuki", "Сузуки"], ["Jimny JB74", "Джимни"], 2018, None, ["внедорожник"]),
    (["Isuzu", "Исузу", "ISUZU"], ["D-Max", "Д-Макс"], 2012, None, ["пикап"]),
    (["Isuzu", "Исузу"], ["MU-X", "МЮ-Икс"], 2013, None, ["внедорожник"]),
    (["Infiniti", "Инфинити", "INFINITI"], ["QX60", "КуХ60"], 2013, 2020, ["кроссовер 7 мест"]),
    (["Infiniti", "Инфинити"], ["FX35 S51", "ФХ35"], 2008, 2013, ["кроссовер"]),
    (["Acura", "Акура", "ACURA"], ["MDX", "МДХ"], 2013, 2020, ["кроссовер"]),
    (["Acura", "Акура"], ["RDX", "РДХ"], 2012, 2018, ["кроссовер"]),
    (["Genesis", "Дженезис", "GENESIS"], ["G80", "Г80"], 2016, None, ["седан"]),
    (["Genesis", "Дженезис"], ["GV80", "ГВ80"], 2020, None, ["кроссовер"]),
    (["SsangYong", "Ссанг Йонг", "SSANGYONG", "Санг Енг"], ["Kyron", "Кайрон"], 2005, 2015, ["внедорожник"]),
    (["SsangYong", "Ссанг Йонг"], ["Actyon", "Актион"], 2010, 2017, ["кроссовер"]),
    (["SsangYong", "Ссанг Йонг"], ["Rexton", "Рекстон"], 2006, 2017, ["внедорожник"]),
    (["Kia", "Киа", "KIA"], ["Sorento Prime", "Соренто Прайм"], 2015, 2020, ["кроссовер"]),
    (["Kia", "Киа", "KIA"], ["Sportage 4", "Спортейдж QL"], 2016, 2021, ["кроссовер"]),
    (["Kia", "Киа"], ["Sportage 5", "Спортейдж NQ5"], 2021, None, ["кроссовер"]),
    (["Kia", "Киа"], ["K5", "К5 DL3"], 2020, None, ["седан"]),
    (["Kia", "киа"], ["Rio 4", "Рио X-Line"], 2017, None, ["седан", "хэтчбек"]),
    (["Lada", "Лада", "ВАЗ", "LADA"], ["Vesta", "Веста"], 2015, None, ["седан", "универсал"]),
    (["Lada", "Лада", "ВАЗ"], ["Granta", "Гранта"], 2011, None, ["седан", "лифтбек"]),
    (["Lada", "Лада"], ["Niva Travel", "Нива Тревел"], 2021, None, ["внедорожник"]),
    (["Lada", "Лада", "ВАЗ"], ["Largus", "Ларгус"], 2012, None, ["универсал", "фургон"]),
    (["Lada", "ЛАДА"], ["XRAY", "Иксрей"], 2015, 2022, ["хэтчбек"]),
    (["УАЗ", "UAZ", "уаз"], ["Патриот", "Patriot"], 2005, None, ["внедорожник"]),
    (["УАЗ", "UAZ"], ["Хантер", "Hunter"], 2003, None, ["внедорожник"]),
    (["УАЗ", "UAZ"], ["Буханка 452", "СГР"], 1985, None, ["микроавтобус", "фургон"]),
    (["ГАЗ", "GAZ", "газ"], ["ГАЗель Next", "Газель Некст"], 2013, None, ["фургон", "бортовой"]),
    (["ГАЗ", "GAZ"], ["Соболь Бизнес", "Соболь"], 2010, None, ["микроавтобус", "фургон"]),
    (["Chevrolet", "Шевроле"], ["Niva 2123", "Нива Шевроле"], 2002, 2020, ["внедорожник"]),
    (["Datsun", "Датсун", "DATSUN"], ["on-DO", "он-ДО"], 2014, 2020, ["седан"]),
]

YEARS_RANGE = ["{a}-{b}", "{a}–{b}", "{a} – {b}", "{a}/{b}", "{a}-{b} гг.", "{a}—{b}", "{a}-{b}г.в."]
YEARS_OPEN = ["{a} – н.в.", "с {a} г.", "{a}-н.в.", "{a}+", "от {a} г.в.", "с {a}"]
YEARS_ONE = ["{a}", "до {b}", "{a} г.", "до {b} г."]
EXTRAS = ["левый руль", "правый руль", "АКПП", "МКПП", "вариатор", "4х4", "передний привод",
          "5 дверей", "3 двери", "7 мест", "5 мест", "с сабвуфером", "без сабвуфера",
          "под запаску", "с органайзером", "рестайлинг", "дорестайлинг", "длинная база",
          "короткая база", "цельнометаллический", "пассажирский", "бортовой", "с ковром",
          "без ковра", "подогрев задних сидений", "2 ряда", "3 ряда"]
LONG = ["комплект салон + багажник, багажник только для версии с докаткой, уточнять перед заказом",
        "лекало снято с автомобиля клиента в 2023 году, возможны отличия по креплениям",
        "для машин с механической КПП и ручником между сиденьями; для вариатора см. соседнюю позицию",
        "при заказе указать тип кузова, наличие третьего ряда и вариант крепления ковриков"]
JUNK = ["лекало в работе", "снято с производства", "резерв номера", "нет в наличии, по запросу",
        "дубль, не использовать", "удалено из каталога"]


def years(rng, first, last, single=False):
    if single:
        return "" if rng.random() < 0.06 else str(rng.randint(first, last or 2025))
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
    parts = [rng.choice(body)] if rng.random() < 0.75 else []
    parts += rng.sample(EXTRAS, rng.choice([0, 1, 1, 2, 2, 3]))
    if rng.random() < 0.09:
        parts.append(rng.choice(LONG))
    return rng.choice([", ", " ", " ", "; "]).join(parts)


def spelling(rng, brands):
    """A brand as a supplier types it: one of its spellings, sometimes upper or lower case."""
    brand = rng.choice(brands)
    roll = rng.random()
    return brand.upper() if roll < 0.12 else brand.lower() if roll < 0.18 else brand


def table(seed, count, idfmt=str, order="gapped", grouped=False, single_year=False, junk=3,
          max_group=5):
    """`count` rows (dicts: id, key, brand, model, years, description, make, models), `junk`
    of them junk (an ID and a note only). order: gapped or shuffled keys, shown by idfmt;
    grouped: each brand spelling's rows together."""
    rng = random.Random(seed)
    rows = []
    while len(rows) < count - junk:
        brands, models, first, last, body = rng.choice(VOCABULARY)
        brand = spelling(rng, brands)
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
    for note in rng.sample(JUNK, junk):
        at = rng.randrange(2, len(rows) - 1)
        while rows[at - 1].get("junk") or rows[at].get("junk"):
            at = rng.randrange(2, len(rows) - 1)
        # The group of the row above (never a group's first row), for the layouts that
        # print a brand once for its group.
        rows.insert(at, {"brand": "", "model": "", "years": "", "description": note,
                         "make": "", "models": "", "group": rows[at - 1]["brand"], "junk": True})
    keys, key = [], rng.randint(10, 900)
    for _ in rows:
        keys.append(key)
        key += rng.choice([1, 1, 1, 2, 3, 5, 8, 13, 40])
    if order == "shuffled":
        for _ in range(len(keys) // 5):
            i, j = rng.randrange(len(keys)), rng.randrange(len(keys))
            keys[i], keys[j] = keys[j], keys[i]
    for row, key in zip(rows, keys):
        row["key"] = key
        row["id"] = idfmt(key)
    return rows


def groups(rows):
    """Runs of consecutive rows of one brand (junk rows belong to the group they stand
    in): (brand, [row indexes])."""
    out = []
    for i, r in enumerate(rows):
        brand = r.get("group", r["brand"])
        if out and out[-1][0] == brand:
            out[-1][1].append(i)
        else:
            out.append((brand, [i]))
    return out


def collapse(text):
    return " ".join(str(text).split())


def run(*command, cwd=None, env=None, stdin=None, timeout=900):
    done = subprocess.run(command, capture_output=True, timeout=timeout, cwd=cwd, env=env, input=stdin)
    if done.returncode:
        raise RuntimeError(f"{command[0]} failed: {done.stderr.decode(errors='replace')[-2000:]}"
                           f"{done.stdout.decode(errors='replace')[-2000:]}")
    return done


def out_path(name, ext):
    return HERE / f"{PREFIX}{name}.{ext}"


def idfmt(prefix="", pad=0):
    return lambda key: f"{prefix}{str(key).zfill(pad)}"


def total_line(rows, style="Итого: {n} позиций"):
    return style.format(n=len(rows))


def printed(r, k):
    return r.get("printed_brand", r["brand"]) if k == "brand" else r[k]


def merged(rows):
    """A brand cell merged over its group: the rows below the first carry it, junk rows
    too (the merged cell covers them)."""
    carried = set()
    for _, members in groups(rows):
        carried.update(members[1:])
    return carried


def under_headings(rows):
    """Brand group headings: every row naming a model carries its heading's brand."""
    return {i for i, r in enumerate(rows) if not r.get("junk")}


# ---------------------------------------------------------------- node: pdfkit, pdf-lib

def node_modules():
    root = Path(os.environ.get("MAKE8_NODE", Path.home() / ".cache" / "make8-node"))
    if not all((root / "node_modules" / p.rsplit("@", 1)[0]).is_dir() for p in NODE_PACKAGES):
        root.mkdir(parents=True, exist_ok=True)
        run("npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(root), *NODE_PACKAGES)
    return root / "node_modules"


def node_pdf(script, name, spec):
    with tempfile.TemporaryDirectory() as tmp:
        spec = {**spec, "font": FONT, "bold": FONT_BOLD, "out": str(out_path(name, "pdf"))}
        (Path(tmp) / "spec.json").write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
        run("node", str(HERE / script), f"{tmp}/spec.json", env={**os.environ, "NODE_PATH": str(node_modules())})


def pdfkit_zebra(name, rows, *, logo, caption, title, date, labels):
    """pdfkit: A4 portrait, a badge and a caption above the title, a shaded header on
    every page, zebra rows without rules, wrapped cells, `Стр. N из M` footers."""
    node_pdf("make8_pdfkit.js", name, {
        "logo": logo, "caption": caption, "title": title, "date": date, "labels": labels,
        "widths": [58, 88, 112, 78, 187], "align": ["left"] * 5,
        "rows": [[r[k] for k in KEYS] for r in rows], "total": total_line(rows)})
    return set()


def pdflib_groups(name, rows, *, title, date, labels, signature):
    """pdf-lib: A4 landscape, every cell boxed, the header on page 1 only, brand group
    heading rows, wrapped cells, the total and a signature block below."""
    carried = under_headings(rows)
    spec_groups = [[brand, [[rows[i][k] for k in ("id", "model", "years", "description")] for i in members]]
                   for brand, members in groups(rows)]
    node_pdf("make8_pdflib.js", name, {
        "title": title, "date": date, "labels": labels, "widths": [70, 170, 120, 397.89],
        "groups": spec_groups, "total": total_line(rows), "signature": signature})
    return carried


# ---------------------------------------------------------------- pycairo

def cairo_lines(ctx, text, width):
    """`text` broken into lines no wider than `width` at the context's current font."""
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and ctx.text_extents(trial).x_advance > width:
            lines.append(line)
            line = word
        else:
            line = trial
    return lines + [line]


def cairo_rules(name, rows, *, title, date, logo, labels):
    """pycairo (cairo's own drawing API, `show_text` with DejaVu Sans): A4 landscape,
    horizontal rules only (a heavier one under the header), the header on every page,
    the ID column right-aligned, a round logo and the firm's name top right, wrapped
    cells, `Всего N` under the table, the page number bottom right."""
    import cairo

    width, height, left, right, top, bottom = 842, 595, 40, 40, 36, 46
    widths = [62, 120, 150, 110, 320]
    size, lead, pad = 8.5, 10.5, 3
    path = out_path(name, "pdf")
    surface = cairo.PDFSurface(str(path), width, height)
    surface.set_metadata(cairo.PDFMetadata.TITLE, title)
    surface.set_metadata(cairo.PDFMetadata.CREATOR, "pycairo")
    ctx = cairo.Context(surface)

    def font(bold=False, px=size):
        ctx.select_font_face("DejaVu Sans", cairo.FONT_SLANT_NORMAL,
                             cairo.FONT_WEIGHT_BOLD if bold else cairo.FONT_WEIGHT_NORMAL)
        ctx.set_font_size(px)

    def rule(y, weight=0.5):
        ctx.set_line_width(weight)
        ctx.move_to(left, y)
        ctx.line_to(left + sum(widths), y)
        ctx.stroke()

    def cells(values, y, bold=False):
        font(bold)
        wrapped = [cairo_lines(ctx, v, w - 2 * pad) for v, w in zip(values, widths)]
        x = left
        for k, (lines, w) in enumerate(zip(wrapped, widths)):
            for n, line in enumerate(lines):
                dx = w - pad - ctx.text_extents(line).x_advance if k == 0 else pad
                ctx.move_to(x + dx, y + pad + size + n * lead)
                ctx.show_text(line)
            x += w
        return max(len(l) for l in wrapped) * lead + 2 * pad

    def row_height(values):
        font()
        return max(len(cairo_lines(ctx, v, w - 2 * pad)) for v, w in zip(values, widths)) * lead + 2 * pad

    page = 1

    def footer():
        font(px=7.5)
        text = f"стр. {page}"
        ctx.move_to(width - right - ctx.text_extents(text).x_advance, height - 24)
        ctx.show_text(text)

    def header(y):
        h = cells(labels, y, bold=True)
        rule(y, 0.5)
        rule(y + h, 1.2)
        return y + h

    # The logo: a filled circle with the initials, the firm's name beside it.
    ctx.set_source_rgb(0.75, 0.1, 0.1)
    ctx.arc(width - right - 150, top + 16, 16, 0, 6.2832)
    ctx.fill()
    ctx.set_source_rgb(1, 1, 1)
    font(True, 11)
    ctx.move_to(width - right - 150 - ctx.text_extents(logo[0]).x_advance / 2, top + 20)
    ctx.show_text(logo[0])
    ctx.set_source_rgb(0.75, 0.1, 0.1)
    font(True, 9)
    ctx.move_to(width - right - 128, top + 14)
    ctx.show_text(logo[1])
    font(False, 7)
    ctx.move_to(width - right - 128, top + 24)
    ctx.show_text(logo[2])
    ctx.set_source_rgb(0, 0, 0)
    font(True, 14)
    ctx.move_to(left, top + 14)
    ctx.show_text(title)
    font(False, 9)
    ctx.move_to(left, top + 30)
    ctx.show_text(date)
    y = header(top + 44)
    for r in rows:
        values = [r[k] for k in KEYS]
        if y + row_height(values) > height - bottom:
            footer()
            ctx.show_page()
            page += 1
            y = header(top)
        y += cells(values, y)
        rule(y, 0.4)
    font(True, 9)
    if y + 24 > height - bottom:
        footer()
        ctx.show_page()
        page += 1
        y = top
    ctx.move_to(left, y + 18)
    ctx.show_text(total_line(rows, "Всего {n}"))
    footer()
    surface.finish()
    return set()


# ---------------------------------------------------------------- matplotlib

def measured_lines(text, width_pt, size, bold=False):
    """`text` broken into lines no wider than width_pt (DejaVu Sans at `size` points)."""
    from PIL import ImageFont

    font = ImageFont.truetype(FONT_BOLD if bold else FONT, size * 10)
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and font.getlength(trial) / 10 > width_pt:
            lines.append(line)
            line = word
        else:
            line = trial
    return lines + [line]


def matplotlib_table(name, rows, *, title, date, labels):
    """matplotlib: one figure per A4 page with a `Table` artist (PdfPages, matplotlib's
    default Type 3 fonts), rules above and below each row only (visible_edges
    'horizontal'), the header on every page, long descriptions broken into lines
    inside their cell, the title and date on page 1, `Страница N из M` below."""
    import matplotlib

    matplotlib.use("pdf")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.table import Table

    matplotlib.rcParams["font.family"] = "DejaVu Sans"
    matplotlib.rcParams["pdf.compression"] = 9
    fig_w, fig_h = 8.27, 11.69
    ax_box = [0.06, 0.07, 0.88, 0.85]
    ax_w_pt, ax_h_pt = fig_w * 72 * ax_box[2], fig_h * 72 * ax_box[3]
    fractions = [0.10, 0.17, 0.21, 0.15, 0.37]
    size, line_pt, pad_pt = 7.5, 9.5, 5

    def cell_lines(r):
        return [measured_lines(r[k], f * ax_w_pt - 8, size) for k, f in zip(KEYS, fractions)]

    pages, current, used = [], [], line_pt + pad_pt
    first_page_room = ax_h_pt - 40
    for r in rows:
        h = max(len(l) for l in cell_lines(r)) * line_pt + pad_pt
        room = first_page_room if not pages else ax_h_pt
        if used + h > room:
            pages.append(current)
            current, used = [], line_pt + pad_pt
        current.append(r)
        used += h
    pages.append(current)
    with PdfPages(out_path(name, "pdf"), metadata={"Title": title, "Creator": "matplotlib"}) as pdf:
        for number, chunk in enumerate(pages, 1):
            fig = plt.figure(figsize=(fig_w, fig_h))
            top = ax_box[1] + ax_box[3] - (40 / (fig_h * 72) if number == 1 else 0)
            ax = fig.add_axes([ax_box[0], ax_box[1], ax_box[2], top - ax_box[1]])
            ax.set_axis_off()
            height_pt = (top - ax_box[1]) * fig_h * 72
            table = Table(ax, loc="upper left")
            table.auto_set_font_size(False)
            heights = [line_pt + pad_pt] + [max(len(l) for l in cell_lines(r)) * line_pt + pad_pt for r in chunk]
            for k, label in enumerate(labels):
                cell = table.add_cell(0, k, fractions[k], heights[0] / height_pt, text=label, loc="left",
                                      facecolor="#DDDDDD", edgecolor="black")
                cell.get_text().set_fontweight("bold")
            for n, r in enumerate(chunk, 1):
                for k, (lines, f) in enumerate(zip(cell_lines(r), fractions)):
                    cell = table.add_cell(n, k, f, heights[n] / height_pt, text="\n".join(lines),
                                          loc="left", edgecolor="black")
            for cell in table.get_celld().values():
                cell.visible_edges = "horizontal"
                cell.set_linewidth(0.5)
                cell.get_text().set_fontsize(size)
                cell.PAD = 0.02
            ax.add_table(table)
            if number == 1:
                fig.text(ax_box[0], 0.955, title, fontsize=13, fontweight="bold")
                fig.text(ax_box[0], 0.94, date, fontsize=9)
            if number == len(pages):
                used_pt = sum(heights)
                fig.text(ax_box[0], top - (used_pt + 18) / (fig_h * 72), total_line(rows), fontsize=9, fontweight="bold")
            fig.text(0.5, 0.035, f"Страница {number} из {len(pages)}", fontsize=7.5, ha="center")
            pdf.savefig(fig)
            plt.close(fig)
    return set()


# ---------------------------------------------------------------- rst2pdf

def rst_text(text):
    """A cell's text as reStructuredText: markup characters escaped, and a leading `-`,
    `+` or `1.` not read as a list."""
    text = re.sub(r"([\\*`|_])", r"\\\1", text)
    if re.match(r"[-+*#]|\d+\.(\s|$)", text):
        text = "\\" + text
    return text


def rst2pdf_spans(name, rows, *, title, date, labels, footer):
    """rst2pdf from a reStructuredText grid table: the brand cell spans its group's rows,
    rst2pdf's default table style (inner grid, box, alternate rows shaded), the header
    repeated (--repeat-table-rows), a title and a date above, the total below, the page
    footer `Стр. N из M`."""
    import textwrap

    carried = merged(rows)
    widths = [7, 15, 21, 15, 42]
    bar = "+" + "+".join("-" * (w + 2) for w in widths) + "+"

    def lines_of(cells):
        wrapped = [textwrap.wrap(rst_text(c), w, break_long_words=False) or [""] for c, w in zip(cells, widths)]
        height = max(len(c) for c in wrapped)
        return ["|" + "|".join(f" {(c[n] if n < len(c) else ''):<{w}} " for c, w in zip(wrapped, widths)) + "|"
                for n in range(height)]

    out = [bar] + lines_of(labels) + [bar.replace("-", "=")]
    for brand, members in groups(rows):
        for n, i in enumerate(members):
            r = rows[i]
            out += lines_of([r["id"], brand if n == 0 else "", r["model"], r["years"], r["description"]])
            last = n == len(members) - 1
            out.append(bar if last else "+" + "+".join(" " * (w + 2) if k == 1 else "-" * (w + 2)
                                                       for k, w in enumerate(widths)) + "+")
    doc = "\n".join([
        ".. footer::", "", f"   {footer}", "",
        "=" * (len(title) + 2), f" {title}", "=" * (len(title) + 2), "", date, "", *out, "",
        f"**{total_line(rows)}**", ""])
    style = {"embeddedFonts": [["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
                                "DejaVuSans-BoldOblique.ttf"]],
             "fontsAlias": {"fontSans": "DejaVuSans", "fontSansBold": "DejaVuSans-Bold",
                            "fontSansItalic": "DejaVuSans-Oblique", "fontSansBoldItalic": "DejaVuSans-BoldOblique",
                            "fontSerif": "DejaVuSans", "fontSerifBold": "DejaVuSans-Bold",
                            "fontSerifItalic": "DejaVuSans-Oblique", "fontSerifBoldItalic": "DejaVuSans-BoldOblique"},
             "pageSetup": {"size": "A4", "margin-top": "1.5cm", "margin-bottom": "1.5cm",
                           "margin-left": "1.6cm", "margin-right": "1.4cm"},
             "styles": {"normal": {"fontSize": 8.5, "leading": 10.5},
                        "table-heading": {"alignment": "TA_LEFT"},
                        "title": {"fontSize": 15, "spaceAfter": 6, "alignment": "TA_LEFT"}}}
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / f"{name}.rst").write_text(doc, encoding="utf-8")
        (Path(tmp) / "supplier.json").write_text(json.dumps(style, ensure_ascii=False), encoding="utf-8")
        run("rst2pdf", f"{name}.rst", "-s", "supplier.json", "--repeat-table-rows",
            "-o", str(out_path(name, "pdf")), cwd=tmp)
    return carried


# ---------------------------------------------------------------- python-docx + LibreOffice

def soffice_pdf(source, target):
    """LibreOffice (headless, its own profile) prints `source` to the PDF `target`."""
    with tempfile.TemporaryDirectory() as tmp:
        run("soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
            "--convert-to", "pdf", "--outdir", tmp, str(source), env={**os.environ, "HOME": tmp}, timeout=600)
        shutil.copy(Path(tmp) / (Path(source).stem + ".pdf"), target)


def docx_field(paragraph, code):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), code)
    run_ = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run_.append(text)
    field.append(run_)
    paragraph._p.append(field)


def docx_vmerge(name, rows, *, firm, title, date, labels):
    """python-docx writes a .docx (style 'Table Grid': every cell boxed; the header row
    marked to repeat on each page; the brand cell merged down its group with vMerge; a
    running page header with the firm's name, `Стр. X из Y` fields in the footer), and
    LibreOffice Writer converts it to PDF. A merged brand cell split by a page break
    shows its brand on the first page only."""
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    carried = merged(rows)
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "DejaVu Sans"
    normal.font.size = Pt(8.5)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "DejaVu Sans")
    normal.paragraph_format.space_after = Pt(0)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(1.8)
    section.top_margin, section.bottom_margin = Cm(1.8), Cm(1.6)
    head = section.header.paragraphs[0]
    head.text = firm
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.add_run("Стр. ")
    docx_field(foot, "PAGE")
    foot.add_run(" из ")
    docx_field(foot, "NUMPAGES")
    heading = document.add_paragraph()
    heading.add_run(title).bold = True
    heading.runs[0].font.size = Pt(13)
    document.add_paragraph(date).paragraph_format.space_after = Pt(6)
    widths = [Cm(2.1), Cm(2.8), Cm(3.6), Cm(3.0), Cm(5.9)]
    grid = document.add_table(rows=1 + len(rows), cols=5)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    grid.autofit = False
    header = grid.rows[0]
    properties = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)
    for k, label in enumerate(labels):
        header.cells[k].text = ""
        header.cells[k].paragraphs[0].add_run(label).bold = True
    for n, r in enumerate(rows, 1):
        cells = grid.rows[n].cells
        for k, key in enumerate(KEYS):
            if key != "brand":
                cells[k].text = r[key]
    for brand, members in groups(rows):
        top = grid.cell(1 + members[0], 1)
        top.text = brand
        if len(members) > 1:
            top.merge(grid.cell(1 + members[-1], 1))
    for k, column in enumerate(grid.columns):
        column.width = widths[k]
    for row in grid.rows:
        for k, cell in enumerate(row.cells):
            cell.width = widths[k]
    document.add_paragraph()
    document.add_paragraph(total_line(rows)).runs[0].bold = True
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"{name}.docx"
        document.save(source)
        soffice_pdf(source, out_path(name, "pdf"))
    return carried


# ---------------------------------------------------------------- pdfLaTeX

def tex_text(text):
    out = []
    for ch in text:
        if ch in "&%$#_{}":
            out.append("\\" + ch)
        elif ch == "~":
            out.append("\\textasciitilde{}")
        elif ch == "^":
            out.append("\\textasciicircum{}")
        elif ch == "\\":
            out.append("\\textbackslash{}")
        else:
            out.append(ch)
    return "".join(out)


def pdflatex_super(name, rows, *, title, date, labels):
    """pdfLaTeX (T2A font encoding, cm-super Type 1 fonts, `cmap` for ToUnicode) with
    supertabular: booktabs rules around the header and at the end only, the header
    repeated on each page (\\tablehead), paragraph columns that wrap, the ID column
    right-aligned, `Стр. N из M` in the footer (fancyhdr + lastpage), the total below."""
    body = []
    for r in rows:
        body.append(" & ".join(tex_text(r[k]) for k in KEYS) + r" \\")
    head = " & ".join(f"\\textbf{{{tex_text(l)}}}" for l in labels) + r" \\"
    src = rf"""\documentclass[9pt]{{extarticle}}
\usepackage{{cmap}}
\usepackage[T2A]{{fontenc}}
\usepackage[utf8]{{inputenc}}
\usepackage[russian]{{babel}}
\usepackage[a4paper,left=18mm,right=15mm,top=18mm,bottom=22mm]{{geometry}}
\usepackage{{array,supertabular,booktabs,fancyhdr,lastpage}}
\pagestyle{{fancy}}
\fancyhf{{}}
\renewcommand{{\headrulewidth}}{{0pt}}
\fancyfoot[R]{{\footnotesize Стр. \thepage\ из \pageref{{LastPage}}}}
\setlength{{\parindent}}{{0pt}}
\renewcommand{{\arraystretch}}{{1.15}}
\begin{{document}}
{{\Large\bfseries {tex_text(title)}}}\par
\smallskip
{tex_text(date)}\par
\medskip
\tablefirsthead{{\toprule {head} \midrule}}
\tablehead{{\toprule {head} \midrule}}
\tabletail{{}}
\tablelasttail{{\bottomrule}}
\begin{{supertabular}}{{@{{}}>{{\raggedleft\arraybackslash}}p{{12mm}}@{{\hspace{{8pt}}}}>{{\raggedright\arraybackslash}}p{{24mm}}>{{\raggedright\arraybackslash}}p{{32mm}}>{{\raggedright\arraybackslash}}p{{24mm}}>{{\raggedright\arraybackslash}}p{{72mm}}@{{}}}}
{chr(10).join(body)}
\end{{supertabular}}

\medskip
\textbf{{{tex_text(total_line(rows))}}}
\end{{document}}
"""
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / f"{name}.tex").write_text(src, encoding="utf-8")
        for _ in range(2):
            run("pdflatex", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex", cwd=tmp)
        shutil.copy(Path(tmp) / f"{name}.pdf", out_path(name, "pdf"))
    return set()


# ---------------------------------------------------------------- Scribus

SCRIBUS_SCRIPT = """
import json, sys
import scribus

spec = json.load(open(sys.argv[1], encoding="utf-8"))
scribus.newDocument(scribus.PAPER_A4, (0, 0, 0, 0), scribus.PORTRAIT, 1, scribus.UNIT_POINTS,
                    scribus.NOFACINGPAGES, scribus.FIRSTPAGERIGHT, 1)
for number, items in enumerate(spec["pages"], 1):
    if number > 1:
        scribus.newPage(-1)
    scribus.gotoPage(number)
    for item in items:
        if item["kind"] == "line":
            line = scribus.createLine(*item["at"])
            scribus.setLineWidth(item["width"], line)
            continue
        if item["kind"] == "box":
            box = scribus.createRect(*item["at"])
            scribus.setFillColor(item["fill"], box)
            scribus.setLineColor("None", box)
            continue
        frame = scribus.createText(*item["at"])
        scribus.setTextDistances(0, 0, 0, 0, frame)
        scribus.setText(item["text"], frame)
        scribus.setFont(item["font"], frame)
        scribus.setFontSize(item["size"], frame)
        scribus.setLineSpacingMode(0, frame)
        scribus.setLineSpacing(item["lead"], frame)
        scribus.setTextAlignment(item["align"], frame)
        if item.get("color"):
            scribus.setTextColor(item["color"], frame)
pdf = scribus.PDFfile()
pdf.file = spec["out"]
pdf.fontEmbedding = 0
pdf.fonts = ["DejaVu Sans Book", "DejaVu Sans Bold"]
pdf.subsetList = ["DejaVu Sans Book", "DejaVu Sans Bold"]
pdf.info = spec["title"]
pdf.save()
"""


def scribus_frames(name, rows, *, logo, caption, title, date, labels):
    """Scribus 1.5 run headless (`-g -ns -py`, Qt offscreen) with a script that places
    one text frame per cell: no rules or borders anywhere, the header on page 1 only,
    a wordmark and a caption above the title, the ID column right-aligned, the
    description wrapped (lines measured here), `- N -` centred at the foot of each page,
    the total under the table."""
    W, H, left, top, bottom = 595.28, 841.89, 42, 40, 56
    widths = [54, 86, 112, 86, 169]
    gap, size, lead = 8, 8.5, 10.5
    xs = [left + sum(widths[:k]) + gap * k for k in range(5)]
    regular, bold = "DejaVu Sans Book", "DejaVu Sans Bold"

    def text(x, y, w, lines, font=regular, size_=size, lead_=lead, align=0, color=None):
        return {"kind": "text", "at": [x, y, w, lead_ * len(lines) + 3], "text": "\n".join(lines),
                "font": font, "size": size_, "lead": lead_, "align": align, "color": color}

    pages = [[
        text(left, top, 300, [logo], bold, 20, 22, color="Blue"),
        text(left, top + 24, 300, [caption], regular, 7.5, 9),
        {"kind": "line", "at": [left, top + 38, W - left, top + 38], "width": 0.8},
        text(left, top + 46, 480, [title], bold, 12.5, 15),
        text(left, top + 64, 480, [date], regular, 8.5, 10.5),
    ]]
    y = top + 86
    for k, label in enumerate(labels):
        pages[0].append(text(xs[k], y, widths[k], [label], bold, align=2 if k == 0 else 0))
    y += lead + 6
    for r in rows:
        wrapped = [measured_lines(r[k], w - 4, size) for k, w in zip(KEYS, widths)]
        height = max(len(l) for l in wrapped) * lead + 4
        if y + height > H - bottom:
            pages.append([])
            y = top
        for k, lines in enumerate(wrapped):
            if lines != [""]:
                pages[-1].append(text(xs[k], y, widths[k], lines, align=2 if k == 0 else 0))
        y += height
    if y + 24 > H - bottom:
        pages.append([])
        y = top
    pages[-1].append(text(left, y + 10, 300, [total_line(rows, "Всего позиций: {n}")], bold))
    for number, items in enumerate(pages, 1):
        items.append(text(W / 2 - 40, H - 36, 80, [f"- {number} -"], regular, 8, 10, align=1))
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "run.py").write_text(SCRIBUS_SCRIPT, encoding="utf-8")
        spec = {"pages": pages, "out": str(out_path(name, "pdf")), "title": title}
        (Path(tmp) / "spec.json").write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
        run("scribus", "-g", "-ns", "-py", f"{tmp}/run.py", f"{tmp}/spec.json",
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": tmp}, timeout=900)
    return set()


# ---------------------------------------------------------------- spreadsheets

def odfpy_merged(name, rows, *, title, date, labels, notes):
    """odfpy (.ods): a title cell spanning the table's columns, a date, the header, IDs
    as numbers (office:value-type float), each brand cell merged down its group
    (table:number-rows-spanned, table:covered-table-cell below), the total, and a
    second sheet of notes."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableColumnProperties, TableCellProperties, TextProperties
    from odf.table import Table, TableColumn, TableRow, TableCell, CoveredTableCell
    from odf.text import P

    carried = merged(rows)
    doc = OpenDocumentSpreadsheet()
    bold = Style(name="bold", family="table-cell")
    bold.addElement(TextProperties(fontweight="bold"))
    doc.automaticstyles.addElement(bold)
    big = Style(name="big", family="table-cell")
    big.addElement(TextProperties(fontweight="bold", fontsize="14pt"))
    doc.automaticstyles.addElement(big)
    boxed = Style(name="boxed", family="table-cell")
    boxed.addElement(TableCellProperties(border="0.5pt solid #000000", wrapoption="wrap", verticalalign="top"))
    doc.automaticstyles.addElement(boxed)
    middle = Style(name="middle", family="table-cell")
    middle.addElement(TableCellProperties(border="0.5pt solid #000000", verticalalign="middle"))
    doc.automaticstyles.addElement(middle)
    head = Style(name="head", family="table-cell")
    head.addElement(TableCellProperties(border="0.5pt solid #000000", backgroundcolor="#DDE4EE"))
    head.addElement(TextProperties(fontweight="bold"))
    doc.automaticstyles.addElement(head)
    columns = []
    for k, width in enumerate(["2.2cm", "3.2cm", "4.2cm", "3.2cm", "9cm"]):
        style = Style(name=f"co{k}", family="table-column")
        style.addElement(TableColumnProperties(columnwidth=width))
        doc.automaticstyles.addElement(style)
        columns.append(style)

    def text_cell(value, style=None, **attributes):
        cell = TableCell(valuetype="string", stylename=style, **attributes) if style else \
            TableCell(valuetype="string", **attributes)
        cell.addElement(P(text=value))
        return cell

    sheet = Table(name="Прайс")
    for style in columns:
        sheet.addElement(TableColumn(stylename=style))
    row = TableRow()
    row.addElement(text_cell(title, big, numbercolumnsspanned=5))
    for _ in range(4):
        row.addElement(CoveredTableCell())
    sheet.addElement(row)
    row = TableRow()
    row.addElement(text_cell(date))
    sheet.addElement(row)
    sheet.addElement(TableRow())
    row = TableRow()
    for label in labels:
        row.addElement(text_cell(label, head))
    sheet.addElement(row)
    span = {}
    for _, members in groups(rows):
        span[members[0]] = len(members)
        for i in members[1:]:
            span[i] = 0
    for i, r in enumerate(rows):
        row = TableRow()
        cell = TableCell(valuetype="float", value=r["key"], stylename=boxed)
        cell.addElement(P(text=str(r["key"])))
        row.addElement(cell)
        if span[i]:
            brand = rows[i]["brand"]
            row.addElement(text_cell(brand, middle, numberrowsspanned=span[i]) if span[i] > 1 else text_cell(brand, middle))
        else:
            row.addElement(CoveredTableCell())
        for k in ("model", "years", "description"):
            row.addElement(text_cell(r[k], boxed) if r[k] else TableCell(stylename=boxed))
        sheet.addElement(row)
    sheet.addElement(TableRow())
    row = TableRow()
    row.addElement(text_cell(total_line(rows), bold))
    sheet.addElement(row)
    doc.spreadsheet.addElement(sheet)
    second = Table(name="Условия")
    for line in notes:
        row = TableRow()
        row.addElement(text_cell(line))
        second.addElement(row)
    doc.spreadsheet.addElement(second)
    doc.save(str(out_path(name, "ods")))
    return carried


def gnumeric_xlsx(name, rows, *, title, date, labels):
    """Gnumeric's ssconvert writes the .xlsx from a .gnumeric file written here: a title
    and a date, the header, each brand a bold heading row merged over the table's four
    columns, IDs stored as text with leading zeros, the total at the end."""
    carried = under_headings(rows)
    cells, merges, bold_rows = [], [], []

    def put(r, c, value):
        cells.append(f'<gnm:Cell Row="{r}" Col="{c}" ValueType="60">{escape(value)}</gnm:Cell>')

    put(0, 0, title)
    bold_rows.append(0)
    put(1, 0, date)
    for c, label in enumerate(labels):
        put(3, c, label)
    bold_rows.append(3)
    line = 4
    for brand, members in groups(rows):
        put(line, 0, brand)
        merges.append(f"<gnm:Merge>A{line + 1}:D{line + 1}</gnm:Merge>")
        bold_rows.append(line)
        line += 1
        for i in members:
            for c, k in enumerate(("id", "model", "years", "description")):
                if rows[i][k]:
                    put(line, c, rows[i][k])
            line += 1
    put(line + 1, 0, total_line(rows))
    bold_rows.append(line + 1)
    last = line + 1
    styles = [f'<gnm:StyleRegion startCol="0" startRow="0" endCol="3" endRow="{last}">'
              '<gnm:Style HAlign="1" VAlign="1" WrapText="0" Format="General" Fore="0:0:0" Back="FFFF:FFFF:FFFF">'
              '<gnm:Font Unit="10" Bold="0" Italic="0" Underline="0" StrikeThrough="0">DejaVu Sans</gnm:Font></gnm:Style>'
              '</gnm:StyleRegion>']
    for r in bold_rows:
        styles.append(f'<gnm:StyleRegion startCol="0" startRow="{r}" endCol="3" endRow="{r}">'
                      '<gnm:Style HAlign="1" VAlign="1" WrapText="0" Format="General" Fore="0:0:0" Back="FFFF:FFFF:FFFF">'
                      '<gnm:Font Unit="10" Bold="1" Italic="0" Underline="0" StrikeThrough="0">DejaVu Sans</gnm:Font></gnm:Style>'
                      '</gnm:StyleRegion>')
    cols = "".join(f'<gnm:ColInfo No="{c}" Unit="{w}"/>' for c, w in enumerate([60, 150, 100, 360]))
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<gnm:Workbook xmlns:gnm="http://www.gnumeric.org/v10.dtd">
  <gnm:SheetNameIndex><gnm:SheetName>Прайс-лист</gnm:SheetName></gnm:SheetNameIndex>
  <gnm:Sheets>
    <gnm:Sheet>
      <gnm:Name>Прайс-лист</gnm:Name>
      <gnm:MaxCol>3</gnm:MaxCol>
      <gnm:MaxRow>{last}</gnm:MaxRow>
      <gnm:Cols DefaultSizePts="48">{cols}</gnm:Cols>
      <gnm:Rows DefaultSizePts="12.75"/>
      <gnm:Styles>{"".join(styles)}</gnm:Styles>
      <gnm:Cells>{"".join(cells)}</gnm:Cells>
      <gnm:MergedRegions>{"".join(merges)}</gnm:MergedRegions>
    </gnm:Sheet>
  </gnm:Sheets>
</gnm:Workbook>
"""
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / f"{name}.gnumeric").write_text(xml, encoding="utf-8")
        run("ssconvert", "-T", "Gnumeric_Excel:xlsx2", f"{tmp}/{name}.gnumeric", f"{tmp}/{name}.xlsx",
            env={**os.environ, "HOME": tmp})
        shutil.copy(f"{tmp}/{name}.xlsx", out_path(name, "xlsx"))
    return carried


def excel_unicode(name, rows, *, title, date, labels):
    """A sheet saved as Excel's "Unicode text": UTF-16LE with a byte order mark, tabs,
    CRLF, every line padded to the sheet's width; a field holding a quote or a line
    break (Alt+Enter, a bare LF) is quoted, quotes doubled. A title and a date above a
    blank line, the header, the rows, a blank line and the total."""
    rng = random.Random(name)
    cells = {}
    for r in rows:
        text = r["description"]
        if r.get("junk"):
            cells[r["id"]] = text
            continue
        roll = rng.random()
        if roll < 0.07:
            text = f'{text} коврик "соты"'.strip()
            r["description"] = text
        elif roll < 0.16 and len(text.split(" ")) > 2:
            words = text.split(" ")
            at = rng.randrange(1, len(words))
            text = " ".join(words[:at]) + "\n" + " ".join(words[at:])
        cells[r["id"]] = text

    def field(value):
        return '"' + value.replace('"', '""') + '"' if any(c in value for c in '"\t\n') else value

    width = len(labels)
    lines = [[title] + [""] * (width - 1), [date] + [""] * (width - 1), [""] * width, labels]
    lines += [[r["id"], r["brand"], r["model"], r["years"], cells[r["id"]]] for r in rows]
    lines += [[""] * width, [total_line(rows, "Всего {n}")] + [""] * (width - 1)]
    text = "".join("\t".join(field(v) for v in line) + "\r\n" for line in lines)
    out_path(name, "csv").write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    return set()


# ---------------------------------------------------------------- the set

FILES = {
    # pdfkit: zebra rows, no rules, badge + caption + title + date, header on every page,
    # `Стр. N из M`, IDs `ЛП-17…`.
    "pdfkit_zebra": (lambda: table(801, 230, idfmt("ЛП-17", 3)), pdfkit_zebra, "pdf",
                     dict(logo="АВТОЛЕКАЛО", caption="лекала EVA-ковриков • опт и розница\nг. Самара, ул. Заводская, 5",
                          title="Прайс-лист на лекала автоковриков", date="от 17.03.2026",
                          labels=["Арт.", "Производитель", "Модель авто", "Период", "Примечание"])),
    # pdf-lib: full grid, brand group headings, header on page 1 only, landscape, `K/0023`,
    # signature block.
    "pdflib_groups": (lambda: table(802, 200, idfmt("K/", 4), grouped=True), pdflib_groups, "pdf",
                      dict(title="Лекала ковриков по маркам автомобилей", date="Прайс действителен с 01.03.2026",
                           labels=["Код", "Модель", "Годы выпуска", "Описание"],
                           signature=["Менеджер отдела продаж  ____________________  /Кузнецова Е. А./",
                                      "М.П."])),
    # pycairo: horizontal rules only, landscape, numeric right-aligned shuffled IDs, a logo,
    # header on every page, `Всего N`.
    "cairo_rules": (lambda: table(803, 190, order="shuffled"), cairo_rules, "pdf",
                    dict(title="Прайс-лист: лекала для 3D-ковриков", date="Дата выгрузки: 17.03.2026 09:15",
                         logo=("ЛС", "ЛекалоСнаб", "поставщик лекал с 2009 года"),
                         labels=["№", "Марка", "Модель", "Год", "Комментарий"])),
    # matplotlib: a Table per page, horizontal rules, Type 3 fonts, zero-padded IDs.
    "matplotlib_table": (lambda: table(804, 170, idfmt(pad=4)), matplotlib_table, "pdf",
                         dict(title="Лекала автоковриков — остатки", date="Сформировано 17.03.2026",
                              labels=["Код", "Марка", "Модель", "Годы выпуска", "Примечание"])),
    # rst2pdf: grid table with the brand spanning its group, zebra + grid, header repeated.
    "rst2pdf_spans": (lambda: table(805, 180, grouped=True), rst2pdf_spans, "pdf",
                      dict(title="Прайс-лист на лекала (по маркам)", date="Дата: 17 марта 2026 г.",
                           labels=["Код", "Марка", "Модель", "Годы", "Примечание"],
                           footer="Стр. ###Page### из ###Total###")),
    # python-docx -> LibreOffice: full grid, brand merged down its group (vMerge), header
    # row repeated, running page header, `Стр. X из Y`, IDs `АЛ.01457`.
    "docx_vmerge": (lambda: table(806, 210, idfmt("АЛ.", 5), grouped=True, max_group=7), docx_vmerge, "pdf",
                    dict(firm="ООО «Автолекало-Поволжье» • прайс для дилеров",
                         title="Лекала автоковриков: прайс по маркам", date="Действует с 17.03.2026",
                         labels=["№", "Марка", "Модель", "Годы выпуска", "Примечание"])),
    # pdfLaTeX + supertabular: booktabs rules at the header and end only, header repeated,
    # right-aligned zero-padded IDs, T2A.
    "pdflatex_super": (lambda: table(807, 240, idfmt(pad=4), order="shuffled", junk=4), pdflatex_super, "pdf",
                       dict(title="Прайс-лист: лекала ковриков EVA", date="г. Екатеринбург, 17.03.2026",
                            labels=["Арт.", "Марка", "Модель авто", "Годы выпуска", "Описание"])),
    # Scribus: one text frame per cell, no rules, header on page 1 only, right-aligned
    # IDs `ТК-0412`, a wordmark above.
    "scribus_frames": (lambda: table(808, 160, idfmt("ТК-", 4), junk=2), scribus_frames, "pdf",
                       dict(logo="ЛЕКАЛА-63", caption="коврики в салон и багажник • изготовление по лекалам",
                            title="Прайс-лист на лекала (март 2026)", date="Составлен 17.03.2026",
                            labels=["Код", "Марка", "Модель", "Период", "Комментарий"])),
    # odfpy: merged brand cells (number-rows-spanned), numeric IDs, second sheet.
    "odfpy_merged": (lambda: table(809, 200, grouped=True, junk=3), odfpy_merged, "ods",
                     dict(title="Прайс-лист на лекала автоковриков", date="Дата: 17.03.2026",
                          labels=["Код", "Марка", "Модель", "Годы", "Примечание"],
                          notes=["Лекала изготавливаются в течение 3 рабочих дней.",
                                 "Позиции без модели — служебные, к заказу не принимаются.",
                                 "Телефон отдела продаж: +7 (846) 201-33-44"])),
    # Gnumeric ssconvert .xlsx: brand heading rows merged over the table, text IDs `00231`.
    "gnumeric_xlsx": (lambda: table(810, 170, idfmt(pad=5), grouped=True, junk=2), gnumeric_xlsx, "xlsx",
                      dict(title="Лекала в наличии", date="Остатки на 17.03.2026",
                           labels=["Арт.", "Модель авто", "Год выпуска", "Комментарий"])),
    # Excel "Unicode text": UTF-16LE + BOM, tabs, CRLF, quoted fields with line breaks.
    "excel_unicode": (lambda: table(811, 260, order="shuffled", junk=4), excel_unicode, "csv",
                      dict(title="Прайс-лист ИП Сафин Р. Р. (лекала)", date="на 17.03.2026",
                           labels=["Код", "Производитель", "Модель", "Период", "Описание"])),
}

# IDs as printed (a whole word) and the right edge of the ID column, in points.
ID_RE = {"pdfkit_zebra": r"ЛП-17\d{3,4}", "pdflib_groups": r"K/\d{4}", "cairo_rules": r"\d+", "matplotlib_table": r"\d{4}", "rst2pdf_spans": r"\d+", "docx_vmerge": r"АЛ\.\d{5}", "pdflatex_super": r"\d{4}", "scribus_frames": r"ТК-\d{4}"}
XMAX = {"pdfkit_zebra": 100, "pdflib_groups": 110, "cairo_rules": 105, "matplotlib_table": 100, "rst2pdf_spans": 100, "docx_vmerge": 110, "pdflatex_super": 100, "scribus_frames": 105}
RULES = re.compile(r"[|+\-]+")
# Scribus sets the fi ligature: its text layer has U+FB01 where `fi` is printed.
LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"})


# ---------------------------------------------------------------- checks

def id_words(path, id_re, xmax):
    """(page, word) for words that look like IDs left of xmax and begin their line, in
    reading order, in the page's displayed coordinates."""
    import pymupdf

    found = []
    with pymupdf.open(path) as doc:
        for number, page in enumerate(doc, 1):
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
        words = [set(w[4].translate(LIGATURES) for w in page.get_text("words")) for page in doc]
        count = doc.page_count
    for r, p in zip(rows, pages):
        for k in KEYS[1:]:
            if k == "brand" and r.get("carried"):
                continue
            for token in printed(r, k).split():
                if token not in words[p - 1]:
                    raise SystemExit(f"{name}: {token!r} of row {r['id']} not on page {p}")
    layout = run("pdftotext", "-layout", str(path), "-").stdout.decode().translate(LIGATURES)
    if "\ufffd" in layout or not re.search("[А-Яа-я]{4}", layout):
        raise SystemExit(f"{name}: pdftotext does not read the Cyrillic text")
    for r in rows:
        for token in " ".join(printed(r, k) for k in KEYS).split():
            if token not in layout:
                raise SystemExit(f"{name}: pdftotext lacks {token!r} of row {r['id']}")
    if path.stat().st_size > 300_000:
        raise SystemExit(f"{name}: {path.stat().st_size} bytes")
    return pages, count


def show(v):
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def sheet_cells(name, ext):
    """Every row of the first sheet as a list of strings (whole numbers without `.0`)."""
    path = out_path(name, ext)
    if ext == "xlsx":
        import openpyxl
        wb = openpyxl.load_workbook(path)
        return [[show(v) for v in row] for row in wb.worksheets[0].iter_rows(values_only=True)], len(wb.worksheets)
    if ext == "ods":
        import pyexcel_ods3
        book = pyexcel_ods3.get_data(str(path))
        first = next(iter(book.values()))
        return [[show(v) for v in row] for row in first], len(book)
    raw = path.read_bytes()
    if not raw.startswith(b"\xff\xfe"):
        raise SystemExit(f"{name}: no UTF-16LE byte order mark")
    text = raw[2:].decode("utf-16-le")
    outside = re.sub(r'"(?:[^"]|"")*"', "", text)
    if re.search(r"(?<!\r)\n", outside):
        raise SystemExit(f"{name}: line ends outside quotes are not CRLF")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter="\t")), 1


def check_sheet(name, ext, rows, cols):
    """Each row's printed cells, in order, in the sheet's rows (ID first)."""
    cells, count = sheet_cells(name, ext)
    at = 0
    for r in rows:
        while at < len(cells) and (not cells[at] or cells[at][0] != r["id"]):
            at += 1
        if at == len(cells):
            raise SystemExit(f"{name}: row {r['id']} not found in order")
        line = [collapse(c) for c in cells[at]]
        line += [""] * (len(cols) - len(line))
        want = [collapse("" if k == "brand" and r.get("carried") else printed(r, k)) for k in cols]
        if line[:len(want)] != want:
            raise SystemExit(f"{name}: row {r['id']} reads {line}, expected {want}")
    return [1] * len(rows), count


def make(name):
    rows_of, render, ext, layout = FILES[name]
    rows = rows_of()
    carried = render(name, rows, **layout)
    for i, r in enumerate(rows):
        r["carried"] = i in carried
    if ext == "pdf":
        pages, count = check_pdf(name, rows)
    else:
        pages, count = check_sheet(name, ext, rows, SHEET_COLUMNS[name])
    with open(HERE / f"{PREFIX}{name}.expected.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["page", "id", "brand", "model", "years", "description", "brand_carried", "make", "models"])
        for r, p in zip(rows, pages):
            # A junk row a merged cell covers reads its group's brand, as printed.
            if not r.get("junk"):
                group_brand = printed(r, "brand")
            brand = group_brand if r.get("junk") and r["carried"] else printed(r, "brand")
            writer.writerow([str(p)] + [collapse(c) for c in (r["id"], brand, r["model"], r["years"],
                                                               r["description"], "true" if r["carried"] else "false",
                                                               r["make"], r["models"])])
    unit = "pages" if ext == "pdf" else "sheets"
    print(f"{PREFIX}{name}.{ext}: {len(rows)} rows, {count} {unit}, {out_path(name, ext).stat().st_size} bytes")


SHEET_COLUMNS = {"odfpy_merged": KEYS, "gnumeric_xlsx": ("id", "model", "years", "description"),
                 "excel_unicode": KEYS}

if __name__ == "__main__":
    for name in sys.argv[1:] or FILES:
        make(name)
