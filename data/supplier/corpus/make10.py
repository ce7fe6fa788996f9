#!/usr/bin/env python3
"""A tenth set of supplier files (holdout set 10), from producers data/supplier/corpus/
has never used.

    python3 data/supplier/corpus/make10.py            # every file
    python3 data/supplier/corpus/make10.py NAME ...   # only these files

PDF producers: Inkscape (one SVG per page, text in <text>/<tspan>, rules as <path> and
<rect>, exported with `inkscape --export-type=pdf`, the pages joined by qpdf),
Asciidoctor PDF (an AsciiDoc table with its own theme and DejaVu fonts), LuaLaTeX with
tabularray's longtblr (fontspec, DejaVu Sans, the header repeated), borb 2.1 (pure
Python; its FixedColumnWidthTable, one table per page), and Apache PDFBox 2.0 (a small
Java program, make10_pdfbox.java, compiled with javac, drawing every string and rule;
the ID is the LAST column, right-aligned). Spreadsheet: an .ods written by SheetJS
(npm `xlsx`, make10_sheetjs.js) with brand cells merged vertically, IDs partly numbers
and partly text with leading zeros, and a second sheet of notes. Text: a CSV as
LibreOffice Calc saves it on a Russian system with "UTF-8, semicolon, quote all text
cells" (byte order mark, `;`, CRLF, text quoted, numbers bare).

Needs: Debian `inkscape qpdf ruby-asciidoctor-pdf texlive-luatex texlive-latex-extra
texlive-latex-recommended libpdfbox2-java default-jdk nodejs npm fonts-dejavu-core
poppler-utils`; PyPI `borb==2.1.25 fonttools pymupdf odfpy pyexcel-ods3`; npm
`xlsx@0.18.5` (installed by this script into $MAKE10_NODE, default
~/.cache/make10-node, if missing).

The rows come from this script's own vocabulary (not make6.py's to make9.py's): right-
hand-drive Japanese imports as Kyrgyzstan has them, Korean, German, Russian and Chinese
makes, in Latin and Russian spellings, any case; some descriptions carry Kyrgyz words
(`оң руль`, `сол руль`, `жаңы лекало`). Each `holdout10_NAME.EXT` comes with
`holdout10_NAME.expected.csv`:
`page,id,brand,model,years,description,brand_carried,make,models` as in make9.py (page:
the 1-based page where the row's ID is printed, read back from the PDF with pymupdf; for
the spreadsheet and the CSV the 1-based sheet number). Cells whitespace collapsed, as
printed. `brand_carried`: true where the row does not print its brand itself (a merged
brand cell below its first row). Junk rows (an ID and a note, no brand, no model) inside
a merged brand cell read its brand and `true`; elsewhere an empty brand and `false`.
`make` is the make's canonical Latin name, `models` the model's spellings joined by `|`,
canonical Latin first. Everything is seeded; the PDFs and the .ods are not
byte-reproducible (producers write dates and IDs), the expected CSVs and the CSV are.
make10_verify.py rechecks the written expected CSVs against the files on its own.
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
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
PREFIX = "holdout10_"
FONT_DIR = "/usr/share/fonts/truetype/dejavu"
FONT = f"{FONT_DIR}/DejaVuSans.ttf"
FONT_BOLD = f"{FONT_DIR}/DejaVuSans-Bold.ttf"
KEYS = ("id", "brand", "model", "years", "description")
NODE_PACKAGES = ["xlsx@0.18.5"]
JAVA_CP = ["/usr/share/java/pdfbox2.jar", "/usr/share/java/fontbox2.jar", "/usr/share/java/commons-logging.jar"]

# (brand spellings: canonical Latin make first; model spellings: canonical Latin first;
#  first year, last year or None, body kinds)
VOCABULARY = [
    # Japanese, mostly right-hand-drive imports
    (["Toyota", "Тойота", "ТОЙОТА", "тоёта"], ["Ipsum ACM21", "Ипсум", "Ипсум 2"], 2001, 2009, ["минивэн 7 мест", "минивэн"]),
    (["Toyota", "Тойота", "ТОЙОТА"], ["Estima ACR50", "Эстима 50", "Estima 50"], 2006, 2019, ["минивэн 8 мест", "минивэн"]),
    (["Toyota", "Тойота"], ["Harrier XU30", "Харриер 30", "Харьер"], 2003, 2013, ["кроссовер"]),
    (["Toyota", "Тойота", "тоёта"], ["Camry Gracia", "Камри Грация"], 1996, 2001, ["седан", "универсал"]),
    (["Toyota", "Тойота"], ["Caldina T240", "Калдина 240", "Калдина"], 2002, 2007, ["универсал"]),
    (["Toyota", "Тойота"], ["Corolla Spacio", "Спасио"], 1997, 2007, ["компактвэн"]),
    (["Toyota", "Тойота", "ТОЙОТА"], ["Mark II X110", "Марк 2 110", "Марк II"], 2000, 2004, ["седан"]),
    (["Toyota", "Тойота"], ["Prius 30", "Приус 30", "Prius ZVW30"], 2009, 2015, ["лифтбек", "гибрид"]),
    (["Toyota", "Тойота"], ["Highlander XU40", "Хайлендер 2"], 2007, 2013, ["кроссовер 7 мест", "кроссовер"]),
    (["Honda", "Хонда", "ХОНДА"], ["Stepwgn RK", "Степвагон RK", "Степвагон 4"], 2009, 2015, ["минивэн 8 мест", "минивэн"]),
    (["Honda", "Хонда"], ["Odyssey RB1", "Одиссей RB1", "Одиссей абсолют"], 2003, 2008, ["минивэн 7 мест"]),
    (["Honda", "Хонда", "honda"], ["Civic FD", "Цивик 8", "Civic 4D"], 2005, 2011, ["седан"]),
    (["Honda", "Хонда"], ["Airwave", "Эйрвейв"], 2005, 2010, ["универсал"]),
    (["Honda", "Хонда"], ["Crossroad", "Кроссроуд"], 2007, 2010, ["кроссовер 7 мест"]),
    (["Honda", "Хонда", "ХОНДА"], ["Insight ZE2", "Инсайт"], 2009, 2014, ["лифтбек", "гибрид"]),
    (["Nissan", "Ниссан", "НИССАН"], ["Serena C25", "Серена 25", "Серена"], 2005, 2010, ["минивэн 8 мест", "минивэн"]),
    (["Nissan", "Ниссан"], ["Elgrand E51", "Эльгранд 51"], 2002, 2010, ["минивэн"]),
    (["Nissan", "Ниссан", "ниссан"], ["Presage U31", "Пресаж"], 2003, 2009, ["минивэн 7 мест"]),
    (["Nissan", "Ниссан"], ["Teana J32", "Теана 2"], 2008, 2014, ["седан"]),
    (["Nissan", "Ниссан", "НИССАН"], ["Cube Z12", "Куб 3", "Кубик"], 2008, 2019, ["хэтчбек"]),
    (["Nissan", "Ниссан"], ["Wingroad Y12", "Вингроуд"], 2005, 2018, ["универсал"]),
    (["Mazda", "Мазда", "МАЗДА"], ["MPV LY3", "МПВ 3", "MPV 3"], 2006, 2016, ["минивэн 7 мест"]),
    (["Mazda", "Мазда"], ["Demio DE", "Демио"], 2007, 2014, ["хэтчбек"]),
    (["Mazda", "Мазда"], ["Axela BK", "Аксела"], 2003, 2009, ["седан", "хэтчбек"]),
    (["Mazda", "Мазда"], ["Tribute", "Трибьют"], 2000, 2007, ["кроссовер"]),
    (["Subaru", "Субару", "СУБАРУ"], ["Forester SG", "Форестер 2", "Форик SG"], 2002, 2008, ["кроссовер"]),
    (["Subaru", "Субару"], ["Outback BR", "Аутбэк 4"], 2009, 2014, ["универсал"]),
    (["Subaru", "Субару"], ["Exiga", "Эксига"], 2008, 2018, ["минивэн 7 мест"]),
    (["Mitsubishi", "Мицубиси", "Митсубиши", "МИЦУБИСИ"], ["Outlander XL", "Аутлендер XL", "Аутлендер 2"], 2005, 2012, ["кроссовер"]),
    (["Mitsubishi", "Мицубиси"], ["Chariot Grandis", "Шариот Грандис"], 1997, 2003, ["минивэн 7 мест"]),
    (["Mitsubishi", "Мицубиси", "Митсубиши"], ["RVR", "РВР"], 2010, 2019, ["кроссовер"]),
    (["Lexus", "Лексус", "ЛЕКСУС"], ["RX 330", "РХ 330", "Лексус РХ"], 2003, 2009, ["кроссовер"]),
    (["Lexus", "Лексус"], ["LS 460", "ЛС 460"], 2006, 2017, ["седан"]),
    (["Suzuki", "Сузуки", "СУЗУКИ"], ["Swift ZC", "Свифт"], 2004, 2017, ["хэтчбек"]),
    # Korean
    (["Hyundai", "Хёндэ", "Хундай", "ХЮНДАЙ"], ["Porter 2", "Портер 2", "Портер"], 2004, None, ["грузовик", "бортовой"]),
    (["Hyundai", "Хёндэ", "Хундай"], ["Sonata YF", "Соната 6", "Соната"], 2009, 2014, ["седан"]),
    (["Hyundai", "Хундай"], ["Avante MD", "Аванте", "Авантэ MD"], 2010, 2015, ["седан"]),
    (["Hyundai", "Хёндэ", "ХЮНДАЙ"], ["Tucson NX4", "Туссан 4", "Туксон NX4"], 2020, None, ["кроссовер"]),
    (["Kia", "Киа", "КИА", "kia"], ["Bongo 3", "Бонго 3", "Бонго"], 2004, None, ["грузовик", "бортовой"]),
    (["Kia", "Киа"], ["Carnival KA4", "Карнивал 4"], 2020, None, ["минивэн 8 мест", "минивэн"]),
    (["Kia", "Киа", "КИА"], ["Morning", "Морнинг", "Picanto"], 2011, 2017, ["хэтчбек"]),
    (["Kia", "Киа"], ["K7", "К7", "Cadenza"], 2009, 2016, ["седан"]),
    (["SsangYong", "Санг Йонг", "Ссангйонг", "SSANGYONG"], ["Rodius", "Родиус"], 2004, 2013, ["минивэн"]),
    (["Chevrolet", "Шевроле", "ШЕВРОЛЕ"], ["Spark M300", "Спарк", "Спарк 3"], 2010, 2022, ["хэтчбек"]),
    (["Chevrolet", "Шевроле"], ["Malibu 2", "Малибу"], 2012, 2016, ["седан"]),
    (["Daewoo", "Дэу", "ДЭУ"], ["Damas", "Дамас"], 1991, None, ["микроавтобус", "фургон"]),
    # German
    (["Mercedes-Benz", "Мерседес", "Mercedes", "МЕРСЕДЕС"], ["E-Class W210", "Е-класс 210", "Ешка 210", "W210"], 1995, 2003, ["седан", "универсал"]),
    (["Mercedes-Benz", "Мерседес", "Mercedes"], ["Sprinter 906", "Спринтер 906"], 2006, 2018, ["микроавтобус", "фургон"]),
    (["Mercedes-Benz", "Мерседес"], ["S-Class W140", "S-класс 140", "Кабан 140"], 1991, 1998, ["седан"]),
    (["Volkswagen", "Фольксваген", "VW", "ФОЛЬКСВАГЕН"], ["Golf 4", "Гольф 4", "Golf IV"], 1997, 2004, ["хэтчбек", "универсал"]),
    (["Volkswagen", "Фольксваген", "VW"], ["Passat B5", "Пассат Б5", "Пассат B5+"], 1996, 2005, ["седан", "универсал"]),
    (["Volkswagen", "Фольксваген"], ["Sharan 1", "Шаран", "Sharan"], 1995, 2010, ["минивэн 7 мест"]),
    (["Volkswagen", "Фольксваген", "vw"], ["Caddy 3", "Кадди 3"], 2004, 2015, ["фургон", "компактвэн"]),
    (["Audi", "Ауди", "AUDI"], ["80 B4", "Ауди 80", "Бочка"], 1991, 1996, ["седан", "универсал"]),
    (["Audi", "Ауди"], ["A6 C5", "А6 С5"], 1997, 2004, ["седан", "универсал"]),
    (["BMW", "БМВ", "бмв"], ["5 Series E39", "Е39", "5-серия E39"], 1995, 2003, ["седан", "универсал"]),
    (["BMW", "БМВ"], ["X5 E53", "Х5 Е53"], 1999, 2006, ["внедорожник"]),
    (["Opel", "Опель", "ОПЕЛЬ"], ["Vectra B", "Вектра Б", "Вектра"], 1995, 2002, ["седан", "универсал"]),
    (["Opel", "Опель"], ["Astra G", "Астра G", "Астра Г"], 1998, 2009, ["хэтчбек", "универсал"]),
    # Russian
    (["Lada", "ВАЗ", "Лада", "LADA"], ["2115", "Самара 2115", "ВАЗ-2115"], 1997, 2012, ["седан"]),
    (["Lada", "ВАЗ", "Лада"], ["2110", "Десятка", "ВАЗ-2110"], 1995, 2007, ["седан"]),
    (["Lada", "ВАЗ"], ["2106", "Шестёрка", "Жигули 06"], 1976, 2006, ["седан"]),
    (["Lada", "ВАЗ", "Лада"], ["Niva 2131", "Нива 5 дверей", "2131"], 1993, None, ["внедорожник 5 дверей", "внедорожник"]),
    (["UAZ", "УАЗ", "уаз"], ["3303", "Головастик", "УАЗ-3303"], 1985, None, ["бортовой", "грузовик"]),
    (["UAZ", "УАЗ"], ["469", "УАЗ-469", "Козлик"], 1972, 2003, ["внедорожник"]),
    (["GAZ", "ГАЗ", "газ"], ["Volga 3110", "Волга 3110", "3110"], 1997, 2005, ["седан"]),
    (["GAZ", "ГАЗ"], ["Gazelle 3302", "Газель 3302", "ГАЗель"], 1994, 2010, ["бортовой", "фургон"]),
    (["Moskvich", "Москвич", "АЗЛК"], ["2141", "Москвич 2141", "АЗЛК-2141"], 1986, 1998, ["хэтчбек"]),
    # Chinese
    (["Geely", "Джили", "ДЖИЛИ"], ["Tugella", "Тугелла"], 2020, None, ["кроссовер-купе", "кроссовер"]),
    (["Geely", "Джили"], ["Okavango", "Окаванго"], 2021, None, ["кроссовер 7 мест"]),
    (["Changan", "Чанган", "ЧАНГАН"], ["UNI-V", "Уни-В", "Юни-В"], 2022, None, ["лифтбек"]),
    (["Dongfeng", "Донгфенг", "Дунфэн"], ["H30 Cross", "Н30 Кросс"], 2011, 2017, ["хэтчбек"]),
    (["Hongqi", "Хунцы", "ХОНГЧИ"], ["E-HS9", "Е-ХС9"], 2020, None, ["электро", "кроссовер 7 мест"]),
    (["BYD", "Бид", "БИД"], ["Seagull", "Сигал", "Чайка"], 2023, None, ["хэтчбек", "электро"]),
    (["BYD", "Бид"], ["Song Pro", "Сонг Про"], 2019, None, ["кроссовер"]),
    (["Wuling", "Вулинг", "ВУЛИН"], ["Hongguang Mini EV", "Мини EV", "Хонгуанг Мини"], 2020, None, ["электро", "хэтчбек"]),
    (["Leapmotor", "Липмотор"], ["C11", "Ц11"], 2021, None, ["кроссовер", "электро"]),
    (["Aito", "Айто", "AITO"], ["M7", "М7"], 2022, None, ["кроссовер 7 мест"]),
]

YEARS_RANGE = ["{a}-{b}", "{a}-{b}", "{a}-{b}", "{a} - {b}", "{a}–{b} гг.", "{a}–{b}", "{a}-{b}гг.",
               "{a}-{b} г.г."]
YEARS_OPEN = ["с {a}", "с {a}", "с {a} г.", "{a}-н.в.", "{a}+", "{a}-жылдан"]
YEARS_ONE = ["до {b}г", "до {b}г", "до {b} г.в.", "{a}", "{a}г."]
EXTRAS = ["оң руль", "оң руль", "сол руль", "правый руль", "левый руль", "4WD", "2WD", "8 мест", "7 мест",
          "поворотные сиденья", "без третьего ряда", "салон целиком", "только передние", "водитель + пассажир",
          "с ящиком под сиденьем", "под ручник", "электроручник", "вариатор", "механика", "автомат",
          "рестайлинг", "дорестайлинг", "жаңы лекало", "уголок", "перемычка", "ступенька", "подиум",
          "ячейка ромб", "ячейка соты", "с бортом", "кант серый", "2 двери", "4 двери", "коротыш",
          "длинная база", "под люльку", "бензин", "дизель", "газ/бензин"]
LONG = ["праворульные машины из Японии: лекало зеркальное, при заказе обязательно укажите, оң руль или сол руль",
        "для машин с поворотными сиденьями второго ряда подходит только передний комплект, задний делается по замеру",
        "выкройка снята с машины клиента в Бишкеке, перед запуском в работу сверить с оригиналом по фото",
        "у версии 4WD тоннель выше и шире, для неё отдельное лекало, смотрите соседнюю позицию каталога",
        "коврик третьего ряда режется по месту, потому что у разных комплектаций разные крепления салазок"]
SIDES = [{"оң руль", "сол руль", "правый руль", "левый руль"}, {"2WD", "4WD"}, {"механика", "автомат", "вариатор"},
         {"бензин", "дизель", "газ/бензин"}, {"рестайлинг", "дорестайлинг"}, {"8 мест", "7 мест"}]
JUNK = ["дубль, см. предыдущую строку", "лекало на переделке", "позиция снята с производства", "уточняется",
        "резерв под новую модель", "образец не вернули"]


def years(rng, first, last):
    if rng.random() < 0.06:
        return "-"
    a = rng.randint(first, max(first, (last or 2026) - 1))
    if last is None and rng.random() < 0.45:
        return rng.choice(YEARS_OPEN).format(a=a)
    b = rng.randint(a, last or 2026)
    if a == b or rng.random() < 0.12:
        return rng.choice(YEARS_ONE).format(a=a, b=b)
    return rng.choice(YEARS_RANGE).format(a=a, b=b)


def description(rng, body):
    parts = [rng.choice(body)] if rng.random() < 0.65 else []
    extras = rng.sample(EXTRAS, rng.choice([0, 1, 1, 2, 2, 3]))
    for pair in SIDES:             # one side of the wheel only, and each extra once
        if len(set(extras) & pair) > 1:
            extras = [e for e in extras if e not in pair or e == next(x for x in extras if x in pair)]
    parts += [e for e in dict.fromkeys(extras) if not any(e in p for p in parts)]
    if not parts:
        parts = [rng.choice(EXTRAS)]
    if rng.random() < 0.09:
        parts.append(rng.choice(LONG))
    return rng.choice([", ", ", ", " ", "; ", " / "]).join(parts)


def spelling(rng, brands):
    """A brand as a supplier types it: one of its spellings, sometimes upper or lower case."""
    brand = rng.choice(brands)
    roll = rng.random()
    return brand.upper() if roll < 0.09 else brand.lower() if roll < 0.15 else brand


def table(seed, count, idfmt, order="gapped", grouped=False, junk=3, max_group=5, start=None):
    """`count` rows (dicts: id, key, brand, model, years, description, make, models), `junk`
    of them junk (an ID and a note only). order: gapped, shuffled or sequential keys, shown
    by idfmt(key, rng); grouped: all rows of a make together under one spelling of it."""
    rng = random.Random(seed)
    rows = []
    chosen = {}
    while len(rows) < count - junk:
        brands, models, first, last, body = rng.choice(VOCABULARY)
        if grouped:
            brand = chosen.setdefault(brands[0], spelling(rng, brands))
        else:
            brand = spelling(rng, brands)
        for _ in range(rng.randint(1, max_group) if grouped else 1):
            rows.append({"brand": brand, "model": rng.choice(models), "years": years(rng, first, last),
                         "description": description(rng, body), "make": brands[0],
                         "models": "|".join(models)})
    rows = rows[:count - junk]
    if grouped:
        first_seen = {}
        for row in rows:
            first_seen.setdefault(row["make"], len(first_seen))
        rows.sort(key=lambda r: first_seen[r["make"]])
    for note in rng.sample(JUNK, junk):
        at = rng.randrange(2, len(rows) - 1)
        while rows[at - 1].get("junk") or rows[at].get("junk"):
            at = rng.randrange(2, len(rows) - 1)
        # The group of the row above: a junk row never opens a group.
        rows.insert(at, {"brand": "", "model": "", "years": "", "description": note, "make": "",
                         "models": "", "group": rows[at - 1].get("group", rows[at - 1]["brand"]),
                         "junk": True})
    if order == "sequential":
        keys = list(range(start or 1, (start or 1) + len(rows)))
    else:
        keys, key = [], start or rng.randint(100, 900)
        for _ in rows:
            keys.append(key)
            key += rng.choice([1, 1, 1, 2, 2, 3, 5, 8, 13, 40])
        if order == "shuffled":
            for _ in range(len(keys) // 6):
                i, j = rng.randrange(len(keys)), rng.randrange(len(keys))
                keys[i], keys[j] = keys[j], keys[i]
    for row, key in zip(rows, keys):
        row["key"] = key
        row["id"] = idfmt(key, rng)
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


def merged(rows):
    """A brand cell merged over its group: the rows below the first carry it, junk rows too."""
    carried = set()
    for _, members in groups(rows):
        carried.update(members[1:])
    return carried


def collapse(text):
    return " ".join(str(text).split())


def run(*command, cwd=None, env=None, stdin=None, timeout=1800):
    done = subprocess.run(command, capture_output=True, timeout=timeout, cwd=cwd, env=env, input=stdin)
    if done.returncode:
        raise RuntimeError(f"{command[0]} failed: {done.stderr.decode(errors='replace')[-3000:]}"
                           f"{done.stdout.decode(errors='replace')[-3000:]}")
    return done


def out_path(name, ext):
    return HERE / f"{PREFIX}{name}.{ext}"


def measure(font_path=FONT):
    """Text width in points with the font's own advances (pymupdf)."""
    import pymupdf

    font = pymupdf.Font(fontfile=font_path)
    return lambda text, size: font.text_length(text, fontsize=size)


def wrap(text, width, size, width_of, name):
    """Greedy word wrap to `width` points; a word wider than the column is refused."""
    out, line = [], ""
    for word in text.split():
        if width_of(word, size) > width:
            raise SystemExit(f"{name}: {word!r} is wider than its column ({width:.1f} pt)")
        trial = f"{line} {word}".strip()
        if line and width_of(trial, size) > width:
            out.append(line)
            line = word
        else:
            line = trial
    return out + [line] if line or not out else out


# ---------------------------------------------------------------- Inkscape (SVG pages)

def inkscape_svg(name, rows, *, firm, title, date, labels, foot):
    """One SVG per page, laid out here: every line of text a <tspan>, the header a shaded
    <rect>, the grid <path>s (a rule under each row, rules between the columns, a heavier
    outer frame); A4 landscape. Inkscape 1.2 exports each page (`--export-type=pdf`),
    qpdf joins them."""
    width_of = measure()
    W, H, left, top, bottom = 842, 595, 30, 34, 44
    widths = [62, 112, 132, 96, 380]
    size, lead, pad = 8, 10, 3.5
    bold_of = measure(FONT_BOLD)

    def cell_lines(values, font_of):
        return [wrap(v, w - 2 * pad - 3, size, font_of, name) for v, w in zip(values, widths)]

    def height(lines):
        return max(len(c) for c in lines) * lead + 2 * pad

    head_lines = cell_lines(labels, bold_of)
    # paginate
    pages, y, current = [], top + 52 + height(head_lines), []
    for r in rows:
        lines = cell_lines([r[k] for k in KEYS], width_of)
        h = height(lines)
        if y + h > H - bottom:
            pages.append(current)
            current, y = [], top + height(head_lines)
        current.append((lines, h))
        y += h
    pages.append(current)
    svgs = []
    for number, page in enumerate(pages, 1):
        out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="297mm" height="210mm" viewBox="0 0 {W} {H}" '
               f'version="1.1">', f'<title>{escape(title)} — лист {number}</title>']
        y = top
        if number == 1:
            out.append(f'<rect x="{left}" y="{y}" width="6" height="34" fill="#b22222"/>')
            out.append(f'<text x="{left + 12}" y="{y + 11}" font-family="DejaVu Sans" font-weight="bold" '
                       f'font-size="11">{escape(firm)}</text>')
            out.append(f'<text x="{left + 12}" y="{y + 24}" font-family="DejaVu Sans" font-size="10">'
                       f'{escape(title)}</text>')
            out.append(f'<text x="{left + 12}" y="{y + 34}" font-family="DejaVu Sans" font-size="7.5" '
                       f'fill="#444444">{escape(date)}</text>')
            y += 52
        table_top = y
        total = sum(widths)

        def put(lines, y, bold=False):
            x = left
            weight = ' font-weight="bold"' if bold else ""
            for cell, w in zip(lines, widths):
                spans = "".join(f'<tspan x="{x + pad:.2f}" y="{y + pad + size * 0.93 + n * lead:.2f}">'
                                f'{escape(t)}</tspan>' for n, t in enumerate(cell) if t)
                if spans:
                    out.append(f'<text font-family="DejaVu Sans" font-size="{size}"{weight}>{spans}</text>')
                x += w

        hh = height(head_lines)
        out.append(f'<rect x="{left}" y="{y}" width="{total}" height="{hh}" fill="#dfe8d3"/>')
        put(head_lines, y, bold=True)
        y += hh
        rules = [f"M {left} {y:.2f} H {left + total}"]
        for lines, h in page:
            put(lines, y)
            y += h
            rules.append(f"M {left} {y:.2f} H {left + total}")
        x = left
        for w in widths[:-1]:
            x += w
            rules.append(f"M {x} {table_top} V {y:.2f}")
        out.append(f'<path d="{" ".join(rules)}" stroke="#000000" stroke-width="0.4" fill="none"/>')
        out.append(f'<rect x="{left}" y="{table_top}" width="{total}" height="{y - table_top:.2f}" fill="none" '
                   f'stroke="#000000" stroke-width="1"/>')
        if number == len(pages):
            out.append(f'<text x="{left}" y="{y + 16:.2f}" font-family="DejaVu Sans" font-weight="bold" '
                       f'font-size="8.5">Всего лекал: {len(rows)}</text>')
        text = f"{foot} • Страница {number} из {len(pages)}"
        out.append(f'<text x="{W - left}" y="{H - 22}" text-anchor="end" font-family="DejaVu Sans" '
                   f'font-size="7" fill="#333333">{escape(text)}</text>')
        out.append("</svg>")
        svgs.append("\n".join(out))
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for number, svg in enumerate(svgs, 1):
            path = Path(tmp) / f"list{number:02d}.svg"
            path.write_text(svg, encoding="utf-8")
            files.append(path)
        env = {**os.environ, "HOME": tmp, "XDG_CONFIG_HOME": tmp, "XDG_CACHE_HOME": tmp}
        run("inkscape", "--export-type=pdf", *map(str, files), env=env, cwd=tmp)
        run("qpdf", "--empty", "--pages", *[str(f.with_suffix(".pdf")) for f in files], "--",
            str(out_path(name, "pdf")))
    return set()


# ---------------------------------------------------------------- Asciidoctor PDF

ADOC_THEME = """extends: default
font:
  catalog:
    merge: false
    DejaVu Sans:
      normal: {font}
      bold: {bold}
      italic: {dir}/DejaVuSans-Oblique.ttf
      bold_italic: {dir}/DejaVuSans-BoldOblique.ttf
    DejaVu Sans Mono:
      normal: {dir}/DejaVuSansMono.ttf
      bold: {dir}/DejaVuSansMono-Bold.ttf
      italic: {dir}/DejaVuSansMono-Oblique.ttf
      bold_italic: {dir}/DejaVuSansMono-BoldOblique.ttf
  fallbacks: []
page:
  size: A4
  layout: portrait
  margin: [15mm, 14mm, 18mm, 16mm]
base:
  font_family: DejaVu Sans
  font_size: 9
  line_height: 1.2
heading:
  font_family: DejaVu Sans
  font_color: '#1F3B57'
  h1_font_size: 15
  h2_font_size: 11
codespan:
  font_family: DejaVu Sans Mono
code:
  font_family: DejaVu Sans Mono
table:
  font_size: 8
  border_color: '#5A6B7C'
  border_width: 0.8
  grid_color: '#9AA6B2'
  grid_width: 0.4
  cell_padding: [2.5, 3.5, 2.5, 3.5]
  head:
    background_color: '#E3E9EF'
    font_style: bold
    border_bottom_width: 1
  body:
    stripe_background_color: '#F5F7F9'
header:
  height: 10mm
  font_size: 7
  font_color: '#555555'
  recto:
    right:
      content: '{firm}'
  verso:
    right:
      content: '$header_recto_right_content'
footer:
  height: 12mm
  font_size: 7
  recto:
    left:
      content: '{foot}'
    right:
      content: 'стр. {{page-number}} из {{page-count}}'
  verso:
    left:
      content: $footer_recto_left_content
    right:
      content: $footer_recto_right_content
"""


def adoc_cell(text):
    """An AsciiDoc table cell that prints `text` as it is (no replacements, no quotes
    formatting): pass:[...] is not needed for this vocabulary; `|` never occurs."""
    if "|" in text:
        raise SystemExit(f"asciidoctor: a | in {text!r}")
    return text


def asciidoctor_table(name, rows, *, firm, title, date, labels, foot, intro):
    """Asciidoctor PDF 2.3 from an AsciiDoc document written here: the document title and
    a lead paragraph, then one table (header row, frame=all, grid=rows, striped body,
    column widths 2:3:4:3:8), the header repeated by Asciidoctor PDF on each page; running
    header with the firm, footer with a note and `стр. N из M`; a theme with DejaVu fonts."""
    body = []
    for r in rows:
        body.append("\n".join(f"|{adoc_cell(r[k])}" if r[k] else "|" for k in KEYS))
    doc = f"""= {title}
:doctype: article
:lang: ru
:notitle!:
:table-caption!:
:last-update-label!:
:pdf-theme: make10
:pdf-themesdir: {{docdir}}

[.lead]
{date}. {intro}

[cols="2,3,4,3,8",options="header",frame=all,grid=rows,stripes=even]
|===
|{"|".join(labels)}

{chr(10).join(b + chr(10) for b in body)}|===

*Итого позиций в каталоге: {len(rows)}*
"""
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "make10-theme.yml").write_text(
            ADOC_THEME.format(font=FONT, bold=FONT_BOLD, dir=FONT_DIR, firm=firm, foot=foot), encoding="utf-8")
        (Path(tmp) / f"{name}.adoc").write_text(doc, encoding="utf-8")
        done = run("asciidoctor-pdf", "--failure-level=WARN", "-a", "reproducible", f"{tmp}/{name}.adoc",
                   "-o", f"{tmp}/{name}.pdf", env={**os.environ, "HOME": tmp})
        log = (done.stderr + done.stdout).decode(errors="replace")
        if log.strip():
            raise SystemExit(f"{name}: asciidoctor-pdf says: {log[-1500:]}")
        shutil.copy(f"{tmp}/{name}.pdf", out_path(name, "pdf"))
    return set()


# ---------------------------------------------------------------- LuaLaTeX + tabularray

TEX_SPECIALS = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def tex(text):
    return "".join(TEX_SPECIALS.get(c, c) for c in text)


def lualatex_tabularray(name, rows, *, firm, title, date, labels, caption, note):
    """LuaLaTeX (fontspec, DejaVu Sans) with tabularray's longtblr: A4 portrait, all
    hlines and vlines, a shaded bold header row repeated on every page (rowhead=1), the
    caption `Таблица 1 – ...` on page 1 and `Продолжение таблицы 1` above the table on
    the next pages, `Продолжение на следующей странице` at the foot of a broken table;
    fancyhdr with the firm's name and `Лист N из M`. No hyphenation: cells are ragged
    right and every word is kept whole (hyphenpenalty 10000); the log is refused if it
    reports an overfull box."""
    body = "\n".join(" & ".join(tex(r[k]) for k in KEYS) + r" \\" for r in rows)
    head = " & ".join(tex(l) for l in labels) + r" \\"
    doc = rf"""\documentclass[10pt]{{article}}
\usepackage[a4paper,left=18mm,right=14mm,top=20mm,bottom=20mm,headsep=6mm,footskip=10mm]{{geometry}}
\usepackage{{fontspec}}
\setmainfont{{DejaVuSans.ttf}}[Path={FONT_DIR}/, BoldFont=DejaVuSans-Bold.ttf, ItalicFont=DejaVuSans-Oblique.ttf]
\usepackage{{xcolor}}
\usepackage{{tabularray}}
\usepackage{{fancyhdr}}
\usepackage{{lastpage}}
\hyphenpenalty=10000
\exhyphenpenalty=10000
\pagestyle{{fancy}}
\fancyhf{{}}
\fancyhead[R]{{\scriptsize {tex(firm)}}}
\fancyfoot[C]{{\scriptsize Лист \thepage\ из \pageref{{LastPage}}}}
\renewcommand{{\headrulewidth}}{{0.3pt}}
\DefTblrTemplate{{caption-tag}}{{default}}{{Таблица\hspace{{0.25em}}\thetable}}
\DefTblrTemplate{{caption-sep}}{{default}}{{\enskip–\enskip}}
\DefTblrTemplate{{middlehead,lasthead}}{{default}}{{\hfill{{\footnotesize\itshape Продолжение таблицы \thetable}}}}
\DefTblrTemplate{{contfoot-text}}{{default}}{{\footnotesize Продолжение на следующей странице}}
\begin{{document}}
\noindent{{\large\bfseries {tex(title)}}}\par
\smallskip
\noindent{{\small {tex(date)}}}\par
\medskip
\begin{{longtblr}}[caption={{{tex(caption)}}}]{{
  colspec={{Q[l,17mm] Q[l,26mm] Q[l,31mm] Q[l,24mm] X[l]}},
  width=\linewidth,
  rowhead=1,
  hlines={{0.4pt}}, vlines={{0.4pt}},
  row{{1}}={{font=\bfseries, bg=gray!18}},
  cells={{font=\footnotesize}},
  rowsep=1.6pt, colsep=3pt,
}}
{head}
{body}
\end{{longtblr}}

\noindent\textbf{{Всего позиций: {len(rows)}}}\par
\smallskip
\noindent{{\footnotesize {tex(note)}}}
\end{{document}}
"""
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / f"{name}.tex").write_text(doc, encoding="utf-8")
        env = {**os.environ, "HOME": tmp, "TEXMFVAR": f"{tmp}/texmf-var", "SOURCE_DATE_EPOCH": "1796601600"}
        for _ in range(2):      # the second run resolves the page count (LastPage)
            run("lualatex", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex", cwd=tmp, env=env)
        log = (Path(tmp) / f"{name}.log").read_text(errors="replace")
        if re.search(r"Overfull|undefined|Missing character", log):
            bad = re.findall(r".*(?:Overfull|undefined|Missing character).*", log)
            raise SystemExit(f"{name}: LuaLaTeX log: {bad[:5]}")
        shutil.copy(f"{tmp}/{name}.pdf", out_path(name, "pdf"))
    return set()


# ---------------------------------------------------------------- borb 2.1 (pure Python)

def borb_report(name, rows, *, firm, title, date, labels, foot):
    """borb 2.1.25: one FixedColumnWidthTable per page (borb does not break a table across
    pages), each starting with the bold header row on a blue-grey fill, body rows striped
    (even_odd_row_colors), thin grey borders on every cell; page 1 has the firm and the
    title as Paragraphs, every page `Страница N из M` and a note painted at the foot.
    DejaVu Sans as a Type 0 font (borb embeds it whole). Rows per page are worked out
    from borb's own layout boxes; every painted table is checked to sit inside the page."""
    from decimal import Decimal as D
    from borb.pdf import Document, Page, PDF, Paragraph, FixedColumnWidthTable, HexColor
    from borb.pdf.canvas.font.simple_font.true_type_font import TrueTypeFont
    from borb.pdf.canvas.geometry.rectangle import Rectangle
    from borb.pdf.canvas.layout.layout_element import Alignment

    regular = TrueTypeFont.true_type_font_from_file(Path(FONT))
    bold = TrueTypeFont.true_type_font_from_file(Path(FONT_BOLD))
    W, H, left, right, top, bottom = 595, 842, 40, 36, 40, 56
    ratios = [D(16), D(24), D(30), D(24), D(66)]
    grey, line = HexColor("d8dee6"), HexColor("8a96a3")
    size = D(7.5)

    def make_table(chunk, header=True):
        table = FixedColumnWidthTable(number_of_rows=len(chunk) + header, number_of_columns=5,
                                      column_widths=ratios)
        if header:
            for label in labels:
                table.add(Paragraph(label, font=bold, font_size=size, padding_top=D(1)))
        for values in chunk:
            for v in values:
                table.add(Paragraph(v or " ", font=regular, font_size=size))
        table.set_padding_on_all_cells(D(2), D(3), D(3), D(3))
        table.set_border_color_on_all_cells(line)
        table.set_border_width_on_all_cells(D(0.5))
        if header:
            table.even_odd_row_colors(HexColor("f3f5f8"), HexColor("ffffff"), grey)
        return table

    def height(element):
        box = element.get_layout_box(Rectangle(D(left), D(0), D(W - left - right), D(H)))
        return float(box.get_height())

    values = [[r[k] for k in KEYS] for r in rows]
    one = [height(make_table([v], header=False)) for v in values]
    header_h = height(make_table([values[0]])) - one[0]
    first_top = 78
    pages, current, used = [], [], first_top + header_h
    for v, h in zip(values, one):
        if used + h > H - top - bottom - 6:
            pages.append(current)
            current, used = [], header_h
        current.append(v)
        used += h
    pages.append(current)
    doc = Document()
    for number, chunk in enumerate(pages, 1):
        page = Page(width=D(W), height=D(H))
        doc.add_page(page)
        space_top = H - top
        if number == 1:
            Paragraph(firm, font=regular, font_size=D(8), font_color=HexColor("56606b")).paint(
                page, Rectangle(D(left), D(space_top - 14), D(W - left - right), D(14)))
            Paragraph(title, font=bold, font_size=D(14), font_color=HexColor("1f3b57")).paint(
                page, Rectangle(D(left), D(space_top - 44), D(W - left - right), D(28)))
            Paragraph(date, font=regular, font_size=D(8)).paint(
                page, Rectangle(D(left), D(space_top - 62), D(W - left - right), D(14)))
            space_top -= first_top
        table = make_table(chunk)
        avail = Rectangle(D(left), D(bottom), D(W - left - right), D(space_top - bottom))
        table.paint(page, avail)
        box = table.get_previous_paint_box()
        if float(box.get_y()) < bottom - 0.5 or float(box.get_y() + box.get_height()) > space_top + 0.5:
            raise SystemExit(f"{name}: the table of page {number} does not fit ({box})")
        if number == len(pages):
            Paragraph(f"Итого: {len(rows)} поз.", font=bold, font_size=D(8.5)).paint(
                page, Rectangle(D(left), box.get_y() - D(24), D(200), D(18)))
        Paragraph(foot, font=regular, font_size=D(6.5), font_color=HexColor("56606b")).paint(
            page, Rectangle(D(left), D(22), D(380), D(14)))
        Paragraph(f"Страница {number} из {len(pages)}", font=regular, font_size=D(7),
                  horizontal_alignment=Alignment.RIGHT).paint(
            page, Rectangle(D(W - right - 150), D(22), D(150), D(14)))
    with open(out_path(name, "pdf"), "wb") as f:
        PDF.dumps(f, doc)
    return set()


# ---------------------------------------------------------------- Apache PDFBox (Java)

PDFBOX_KEYS = ("brand", "model", "years", "description", "id")


def pdfbox_columns(name, rows, *, firm, title, date, labels, foot):
    """Apache PDFBox 2.0.27 (Debian libpdfbox2-java, OpenJDK 17): make10_pdfbox.java is
    compiled with javac and draws every string and rule. The column order is the
    supplier's: brand, model, years, description, then the ID, right-aligned. A4
    landscape, header on every page, rules under rows and between columns, no outer
    frame, wrapped cells, `Лист N из M`."""
    def field(text):
        if "\t" in text or "\n" in text:
            raise SystemExit(f"{name}: a tab or newline in {text!r}")
        return text

    lines = [f"title\t{title}", f"firm\t{firm}", f"date\t{date}", f"foot\t{foot}",
             f"total\tВсего позиций: {len(rows)}", f"font\t{FONT}", f"bold\t{FONT_BOLD}",
             f"out\t{out_path(name, 'pdf')}", "widths\t118\t142\t104\t352\t58", "align\tL\tL\tL\tL\tR",
             "label\t" + "\t".join(labels)]
    lines += ["row\t" + "\t".join(field(r[k]) for k in PDFBOX_KEYS) for r in rows]
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "spec.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        shutil.copy(HERE / "make10_pdfbox.java", tmp)
        cp = ":".join(JAVA_CP)
        run("javac", "-encoding", "UTF-8", "-cp", cp, "-d", tmp, f"{tmp}/make10_pdfbox.java")
        run("java", "-cp", f"{tmp}:{cp}", "make10_pdfbox", f"{tmp}/spec.tsv", env={**os.environ, "HOME": tmp})
    return set()


# ---------------------------------------------------------------- SheetJS (.ods)

def node_modules():
    root = Path(os.environ.get("MAKE10_NODE", Path.home() / ".cache" / "make10-node"))
    if not all((root / "node_modules" / p.rsplit("@", 1)[0]).is_dir() for p in NODE_PACKAGES):
        root.mkdir(parents=True, exist_ok=True)
        run("npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(root), *NODE_PACKAGES)
    return root / "node_modules"


def sheetjs_cell_id(r):
    """IDs typed as text keep their leading zeros; the others are numbers."""
    return r["id"] if r["id"].startswith("0") else int(r["id"])


def sheetjs_merged(name, rows, *, sheet, title, supplier, labels, notes_sheet, notes):
    """SheetJS writes the .ods: the title merged over A1:E1, a supplier line, an empty
    row, the header (row 4), then the rows with the brand cell merged down each make's
    group (junk rows inside merges keep the group's brand), IDs as numbers or as text
    with leading zeros, an empty row and `Итого: N`; a second sheet of notes."""
    carried = merged(rows)
    first = 4                                   # 0-based row of the first data row
    table = [[title, None, None, None, None], [supplier, None, None, None, None],
             [None] * 5, list(labels)]
    merges = [{"s": {"r": 0, "c": 0}, "e": {"r": 0, "c": 4}}]
    for i, r in enumerate(rows):
        brand = None if i in carried else r.get("group", r["brand"]) or None
        table.append([sheetjs_cell_id(r), brand] + [r[k] or None for k in ("model", "years", "description")])
    for _, members in groups(rows):
        if len(members) > 1:
            merges.append({"s": {"r": first + members[0], "c": 1}, "e": {"r": first + members[-1], "c": 1}})
    table += [[None] * 5, [f"Итого: {len(rows)}", None, None, None, None]]
    spec = {"sheet": sheet, "rows": table, "merges": merges, "cols": [12, 16, 22, 16, 70],
            "notes_sheet": notes_sheet, "notes": notes, "title": title, "author": "Бекболотов Н.",
            "created": "2026-12-01T09:30:00Z", "out": str(out_path(name, "ods"))}
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "spec.json").write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
        run("node", str(HERE / "make10_sheetjs.js"), f"{tmp}/spec.json",
            env={**os.environ, "NODE_PATH": str(node_modules())})
    return carried


def mixed_id(key, rng):
    """About two in five IDs typed as text with leading zeros (`00417`), the rest numbers."""
    return f"{key:05d}" if rng.random() < 0.4 else str(key)


# ---------------------------------------------------------------- LibreOffice Calc CSV

CSV_QUOTED = ['ячейка "соты"', 'ячейка "ромб"', 'кант "под кожу"']


def calc_number(text):
    """What Calc keeps as a number when the supplier types it: plain integers (a single
    year, a model such as 2115)."""
    return bool(re.fullmatch(r"[1-9]\d*", text))


def calc_semicolon(name, rows, *, title, labels, total):
    """A sheet saved by LibreOffice Calc as Text CSV on a Russian system with the options
    UTF-8, field delimiter `;`, string delimiter `"`, "Quote all text cells": a byte
    order mark, CRLF line ends, every text cell quoted (quotes doubled), numbers bare,
    empty cells empty; every line has the sheet's five fields (`;;;;` for an empty row).
    A title line and an empty line above the header, an empty line and the total below."""
    rng = random.Random(name)
    for r in rows:
        if not r.get("junk") and rng.random() < 0.06:
            r["description"] = f"{r['description']}, {rng.choice(CSV_QUOTED)}"

    def field(value):
        if value == "" or value is None:
            return ""
        if calc_number(value):
            return value
        return '"' + value.replace('"', '""') + '"'

    lines = [[title, "", "", "", ""], [""] * 5, list(labels)]
    lines += [[r[k] for k in KEYS] for r in rows]
    lines += [[""] * 5, [total, str(len(rows)), "", "", ""]]
    text = "".join(";".join(field(v) for v in line) + "\r\n" for line in lines)
    out_path(name, "csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return set()


# ---------------------------------------------------------------- the set

def prefixed(prefix, pad, suffix=""):
    return lambda key, rng: f"{prefix}{str(key).zfill(pad)}{suffix}"


def plain(key, rng):
    return str(key)



def text_id(key, rng):
    return f"{key:04d}-КГ"


NOTES = [["Обозначение", "Что значит"],
         ["оң руль", "правый руль (машины из Японии), лекало зеркальное"],
         ["сол руль", "левый руль"],
         ["жаңы лекало", "новое лекало, снято в 2026 году"],
         ["4WD / 2WD", "полный / передний или задний привод: тоннель разный"],
         ["Код лекала", "старые коды записаны текстом с нулями впереди (00417), новые числом"],
         ["Заказ", "WhatsApp +996 555 30-71-19, самовывоз: г. Бишкек, рынок «Кудайберген», ряд 14"]]

FILES = {
    # Inkscape: SVG pages, grid with a heavy frame, A4 landscape, IDs `ОШ-2417`.
    "inkscape_svg": (lambda: table(1001, 180, prefixed("ОШ-", 4), start=2417), inkscape_svg, "pdf",
                     dict(firm="ОсОО «Ала-Тоо Коврик»", title="Каталог лекал автомобильных ковриков",
                          date="г. Ош, ул. Ленина, 205 • по состоянию на 01.12.2026",
                          labels=["Шифр", "Марка", "Модель", "Годы выпуска", "Описание / примечание"],
                          foot="тел. +996 555 12-34-56")),
    # Asciidoctor PDF: frame all, row rules, striped, IDs `К24/0117`, partly shuffled.
    "asciidoctor_table": (lambda: table(1002, 200, prefixed("К24/", 4), order="shuffled", junk=4, start=117),
                          asciidoctor_table, "pdf",
                          dict(firm="ИП Жумабеков А. Т. • лекала EVA и 3D ковриков • г. Бишкек",
                               title="Лекала автоковриков: каталог 2026", date="Обновлено 30.11.2026",
                               labels=["Артикул", "Марка", "Модель", "Год выпуска", "Примечание"],
                               foot="Заказы: +996 700 41-22-08 (WhatsApp)",
                               intro="Цены по запросу, изготовление по лекалу 1–2 дня.")),
    # LuaLaTeX longtblr: full grid, header repeated, IDs `0417-КГ`.
    "lualatex_tabularray": (lambda: table(1003, 210, text_id, junk=2, start=417), lualatex_tabularray, "pdf",
                            dict(firm="ОсОО «Автостиль-Азия» • г. Бишкек, ул. Льва Толстого, 36",
                                 title="Перечень лекал для пошива автоковриков", date="Состояние на 02.12.2026",
                                 labels=["Код", "Марка", "Модель", "Годы", "Описание"], caption="Лекала в наличии",
                                 note="Оң руль / сол руль: праворульные и леворульные машины шьются по разным лекалам.")),
    # borb: a table per page, striped, IDs `EVA-3051`, partly shuffled.
    "borb_report": (lambda: table(1004, 170, prefixed("EVA-", 4), order="shuffled", start=3051), borb_report, "pdf",
                    dict(firm="ТОО «Степь-Авто» • Алматы / Бишкек", title="Лекала автоковриков: отчёт по наличию",
                         date="Сформирован 04.12.2026", labels=["Лекало", "Марка", "Модель", "Годы", "Примечание"],
                         foot="Лекала хранятся на складе в Бишкеке (Аламединский рынок), отгрузка в течение 2 дней.")),
    # PDFBox: brand | model | years | description | ID (right-aligned numbers, shuffled).
    "pdfbox_columns": (lambda: table(1005, 190, plain, order="shuffled", start=1187), pdfbox_columns, "pdf",
                       dict(firm="ИП Осмонов Б. К., г. Кара-Балта", title="Прайс-лист: лекала ковриков в салон и багажник",
                            date="на 03.12.2026", labels=["Марка", "Модель", "Годы", "Описание", "Код"],
                            foot="Оплата: наличные, Элсом, MBank. Доставка по Кыргызстану и Казахстану.")),
    # SheetJS .ods: merged brand cells, mixed numeric / zero-padded text IDs, notes sheet.
    "sheetjs_merged": (lambda: table(1006, 200, mixed_id, grouped=True, junk=3, max_group=6, start=212),
                       sheetjs_merged, "ods",
                       dict(sheet="Лекала", title="Лекала автоковриков — прайс для оптовиков (декабрь 2026)",
                            supplier="Поставщик: ОсОО «Нур-Авто Текстиль», г. Бишкек, тел. +996 312 88-14-70",
                            labels=["Код лекала", "Марка авто", "Модель авто", "Год выпуска", "Примечание"],
                            notes_sheet="Примечания", notes=NOTES)),
    # Calc CSV: BOM, `;`, CRLF, text quoted, numbers bare; IDs numbers from 3001.
    "calc_semicolon": (lambda: table(1007, 150, plain, junk=3, start=3001), calc_semicolon, "csv",
                       dict(title="Прайс лекал автоковриков ОсОО «Кочкор-Текстиль» на 05.12.2026",
                            labels=["Код", "Марка", "Модель", "Годы выпуска", "Описание"],
                            total="Всего позиций:")),
}

# IDs as printed (a whole word); where they stand on their line (first or last word);
# the x range (points) of the ID column.
ID_RE = {"inkscape_svg": r"ОШ-\d{4}", "asciidoctor_table": r"К24/\d{4}", "lualatex_tabularray": r"\d{4}-КГ",
         "borb_report": r"EVA-\d{4}", "pdfbox_columns": r"\d{4}"}
ID_AT = {"pdfbox_columns": ("last", 740, 842)}
ID_AT_DEFAULT = ("first", 0, 110)
RULES = re.compile(r"[|+\-=_]+")
MAX_BYTES = {"borb_report": 1_500_000, "asciidoctor_table": 700_000}


# ---------------------------------------------------------------- checks

def page_words(page):
    import pymupdf

    turn = page.rotation_matrix
    return [tuple(pymupdf.Rect(w[:4]) * turn) + (w[4],) for w in page.get_text("words")]


def id_words(path, id_re, at):
    """(page, word) for words that look like IDs within the ID column's x range and
    begin (or end) their line, in reading order."""
    import pymupdf

    where, x0, x1 = at
    found = []
    with pymupdf.open(path) as doc:
        for number, page in enumerate(doc, 1):
            words = [w for w in page_words(page) if not RULES.fullmatch(w[4])]
            words.sort(key=lambda w: (round(w[3], 0), w[0]))
            if where == "first":
                edge = [w for w in words if not any(abs(v[3] - w[3]) < 2 and v[2] <= w[0] for v in words)]
            else:
                edge = [w for w in words if not any(abs(v[3] - w[3]) < 2 and v[0] >= w[2] for v in words)]
            found += [(number, w[4]) for w in edge if w[0] >= x0 and w[2] <= x1 and re.fullmatch(id_re, w[4])]
    return found


def check_drawn(name, path):
    """No word crosses a vertical rule of the page (text spilling over a column), and no
    two words overlap each other (text printed over text)."""
    import pymupdf

    with pymupdf.open(path) as doc:
        for number, page in enumerate(doc, 1):
            verticals = []
            for d in page.get_drawings():
                for item in d["items"]:
                    if item[0] == "l" and abs(item[1].x - item[2].x) < 0.5 and abs(item[1].y - item[2].y) > 4:
                        verticals.append((item[1].x, min(item[1].y, item[2].y), max(item[1].y, item[2].y)))
                    elif item[0] == "re" and d.get("color") is not None and item[1].width < 3 and item[1].height > 4:
                        rect = item[1]
                        verticals.append(((rect.x0 + rect.x1) / 2, rect.y0, rect.y1))
            words = [w for w in page.get_text("words")]
            for w in words:
                for x, y0, y1 in verticals:
                    if w[0] < x - 0.4 and w[2] > x + 0.4 and w[1] < y1 - 0.5 and w[3] > y0 + 0.5:
                        raise SystemExit(f"{name}: {w[4]!r} on page {number} crosses a rule at x={x:.1f}")
            words.sort(key=lambda w: w[1])
            for i, a in enumerate(words):
                for b in words[i + 1:]:
                    if b[1] >= a[3]:
                        break
                    ix = min(a[2], b[2]) - max(a[0], b[0])
                    iy = min(a[3], b[3]) - max(a[1], b[1])
                    if ix > 0.8 and iy > 0.3 * min(a[3] - a[1], b[3] - b[1]):
                        raise SystemExit(f"{name}: {a[4]!r} and {b[4]!r} overlap on page {number}")
    return True


def check_pdf(name, rows):
    """The IDs in order at the edge of their lines, every word of a row on the row's page
    (pymupdf), every word in `pdftotext -layout`'s output, and in that output each cell
    between the row's ID line and the next. Returns the pages."""
    import pymupdf

    path = out_path(name, "pdf")
    at = ID_AT.get(name, ID_AT_DEFAULT)
    found = id_words(path, ID_RE[name], at)
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
            for token in r[k].split():
                if token not in words[p - 1]:
                    raise SystemExit(f"{name}: {token!r} of row {r['id']} not on page {p}")
    layout = run("pdftotext", "-layout", str(path), "-").stdout.decode()
    if "\ufffd" in layout or not re.search("[А-Яа-я]{4}", layout):
        raise SystemExit(f"{name}: pdftotext does not read the Cyrillic text")
    for r in rows:
        for token in " ".join(r[k] for k in KEYS).split():
            if token not in layout:
                raise SystemExit(f"{name}: pdftotext lacks {token!r} of row {r['id']}")
    layout_pages, page = [], 1
    for line in layout.split("\n"):
        page += line.count("\f")        # pdftotext puts a form feed before each new page
        layout_pages.append(page)
    check_layout_lines(name, rows, layout, at[0], pages, layout_pages)
    check_drawn(name, path)
    if path.stat().st_size > MAX_BYTES.get(name, 400_000):
        raise SystemExit(f"{name}: {path.stat().st_size} bytes")
    return pages, count


def check_layout_lines(name, rows, layout, where, pages, layout_pages):
    """Each row's ID starts (or ends) a line of `pdftotext -layout`, on the page the
    expected CSV gives (form feeds), and each cell's words are found within the lines
    from there to the next row's ID line (wrapped cells continue on the lines below)."""
    lines = layout.split("\n")
    starts = {}
    for n, line in enumerate(lines):
        edge = line.split()[:1] if where == "first" else line.split()[-1:]
        if edge:
            starts.setdefault(edge[0], []).append(n)
    ids = [r["id"] for r in rows]
    at = 0
    for k, r in enumerate(rows):
        hits = [n for n in starts.get(r["id"], []) if n >= at]
        if not hits:
            raise SystemExit(f"{name}: pdftotext -layout has no line {where} word {r['id']}")
        at = hits[0]
        if layout_pages[at] != pages[k]:
            raise SystemExit(f"{name}: {r['id']} is on page {layout_pages[at]} in pdftotext, {pages[k]} in pymupdf")
        nxt = len(lines)
        if k + 1 < len(rows):
            later = [n for n in starts.get(ids[k + 1], []) if n > at]
            nxt = later[0] if later else nxt
        block = " ".join(lines[at:nxt]).split()
        for key in KEYS[1:]:
            if key == "brand" and r.get("carried"):
                continue
            for token in r[key].split():
                if token not in block:
                    raise SystemExit(f"{name}: {token!r} of {r['id']} not between its line and the next row's")


def ods_cells(table):
    """The rows of an odfpy table as lists of (kind, value, text, rows spanned, columns
    spanned); kind is the office:value-type, `covered` or `` (empty)."""
    from odf.namespaces import OFFICENS, TABLENS
    from odf import teletype

    out = []
    for row in table.childNodes:
        if getattr(row, "qname", None) != (TABLENS, "table-row"):
            continue
        cells = []
        for cell in row.childNodes:
            if not hasattr(cell, "qname"):     # whitespace between the cells
                continue
            repeat = int(cell.attributes.get((TABLENS, "number-columns-repeated"), 1))
            if cell.qname == (TABLENS, "covered-table-cell"):
                cells += [("covered", None, "", 1, 1)] * repeat
                continue
            kind = cell.attributes.get((OFFICENS, "value-type"), "")
            value = cell.attributes.get((OFFICENS, "value"))
            text = "\n".join(teletype.extractText(p) for p in cell.childNodes
                             if getattr(p, "qname", ("", ""))[1] == "p")
            spans = (int(cell.attributes.get((TABLENS, "number-rows-spanned"), 1)),
                     int(cell.attributes.get((TABLENS, "number-columns-spanned"), 1)))
            cells += [(kind, value, text) + spans] * repeat
        for _ in range(int(row.attributes.get((TABLENS, "number-rows-repeated"), 1))):
            out.append(cells)
    return out


def check_ods(name, rows, layout):
    """odfpy reads back both sheets: the title, supplier line and header; every row's ID
    (a float equal to the key, or a string with its leading zeros), brand (the merged
    cell's first row) or a covered cell, model, years and description; the exact set of
    spanning cells (the title A1:E1 and one brand cell per group of two or more rows);
    the total. pyexcel-ods3 then reads the same values."""
    from odf.opendocument import load
    from odf.table import Table
    import pyexcel_ods3

    doc = load(str(out_path(name, "ods")))
    tables = doc.getElementsByType(Table)
    names = [t.getAttribute("name") for t in tables]
    if names != [layout["sheet"], layout["notes_sheet"]]:
        raise SystemExit(f"{name}: sheets {names}")
    grid = ods_cells(tables[0])
    text = lambda r, c: grid[r][c][2] if c < len(grid[r]) else ""
    if text(0, 0) != layout["title"] or text(1, 0) != layout["supplier"] or \
            [text(3, c) for c in range(5)] != layout["labels"] or any(text(2, c) for c in range(5)):
        raise SystemExit(f"{name}: title, supplier line or header differ")
    spans = {(r, c, cell[3], cell[4]) for r, line in enumerate(grid) for c, cell in enumerate(line)
             if cell[3] > 1 or cell[4] > 1}
    want = {(0, 0, 1, 5)} | {(4 + m[0], 1, len(m), 1) for _, m in groups(rows) if len(m) > 1}
    if spans != want:
        raise SystemExit(f"{name}: spans differ: {sorted(spans ^ want)}")
    for n, r in enumerate(rows):
        line = grid[4 + n]
        kind, value, shown = line[0][:3]
        if r["id"].startswith("0"):
            ok = kind == "string" and shown == r["id"]
        else:
            ok = kind == "float" and float(value) == r["key"] and shown == r["id"]
        if not ok:
            raise SystemExit(f"{name}: row {n} ID {line[0]}")
        if r["carried"]:
            if line[1][0] != "covered":
                raise SystemExit(f"{name}: row {r['id']} brand cell is not covered: {line[1]}")
        elif line[1][2] != r.get("group", r["brand"]) or line[1][0] != "string":
            raise SystemExit(f"{name}: row {r['id']} brand {line[1]}")
        got = [line[c][2] if c < len(line) else "" for c in (2, 3, 4)]
        if got != [r["model"], r["years"], r["description"]]:
            raise SystemExit(f"{name}: row {r['id']} reads {got}")
    rest = grid[4 + len(rows):]
    if not rest or any(c[2] for c in rest[0]) or rest[1][0][2] != f"Итого: {len(rows)}" or \
            any(any(c[2] for c in line) for line in rest[2:]):
        raise SystemExit(f"{name}: the total row differs")
    notes = [[c[2] for c in line[:2]] for line in ods_cells(tables[1])]
    if notes != layout["notes"]:
        raise SystemExit(f"{name}: the notes sheet differs")
    data = pyexcel_ods3.get_data(str(out_path(name, "ods")))
    sheet = data[layout["sheet"]]
    for n, r in enumerate(rows):
        values = [str(v) if v != "" else "" for v in (sheet[4 + n] + [""] * 5)[:5]]
        brand = "" if r["carried"] else r.get("group", r["brand"])
        if values != [r["id"], brand, r["model"], r["years"], r["description"]]:
            raise SystemExit(f"{name}: pyexcel-ods3 reads row {n} as {values}")
    return [1] * len(rows), len(tables)


def check_csv(name, rows, layout):
    """Python's csv module reads the file back (BOM, `;`, CRLF): the title line, the empty
    line, the header, every row's five fields, the empty line and the total. The raw
    lines are also checked: CRLF only, text quoted, numbers and empty cells bare."""
    raw = out_path(name, "csv").read_bytes()
    if not raw.startswith(b"\xef\xbb\xbf") or b"\n" in raw.replace(b"\r\n", b"") or b"\r" in raw.replace(b"\r\n", b""):
        raise SystemExit(f"{name}: not BOM + CRLF")
    text = raw.decode("utf-8-sig")
    got = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    want = [[layout["title"], "", "", "", ""], [""] * 5, layout["labels"]]
    want += [[r[k] for k in KEYS] for r in rows]
    want += [[""] * 5, [layout["total"], str(len(rows)), "", "", ""]]
    if got != want:
        diff = next(k for k, (a, b) in enumerate(zip(got + [None] * len(want), want)) if a != b)
        raise SystemExit(f"{name}: line {diff + 1} reads {got[diff] if diff < len(got) else None}, expected {want[diff]}")
    for line in text.split("\r\n")[:-1]:
        for f in split_raw(line):
            if f and not (f.startswith('"') and f.endswith('"')) and not calc_number(f):
                raise SystemExit(f"{name}: bare text field {f!r}")
            if f.startswith('"') and calc_number(f.strip('"')):
                raise SystemExit(f"{name}: quoted number {f!r}")
    return [1] * len(rows), 1


def split_raw(line):
    """The raw fields of one CSV line, quotes kept."""
    fields, k = [], 0
    while True:
        if line.startswith('"', k):
            m = re.compile(r'"(?:[^"]|"")*"').match(line, k)
            fields.append(m.group())
            k = m.end()
        else:
            end = line.find(";", k)
            end = len(line) if end < 0 else end
            fields.append(line[k:end])
            k = end
        if k >= len(line):
            return fields
        if line[k] != ";":
            raise SystemExit(f"bad CSV line {line!r}")
        k += 1
        if k == len(line):
            return fields + [""]


def make(name):
    rows_of, render, ext, layout = FILES[name]
    rows = rows_of()
    carried = render(name, rows, **layout)
    for i, r in enumerate(rows):
        r["carried"] = i in carried
    if ext == "pdf":
        pages, count = check_pdf(name, rows)
    elif ext == "ods":
        pages, count = check_ods(name, rows, layout)
    else:
        pages, count = check_csv(name, rows, layout)
    with open(HERE / f"{PREFIX}{name}.expected.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["page", "id", "brand", "model", "years", "description", "brand_carried", "make", "models"])
        for r, p in zip(rows, pages):
            brand = r.get("group", r["brand"]) if r["carried"] else r["brand"]
            writer.writerow([str(p)] + [collapse(c) for c in (r["id"], brand, r["model"], r["years"],
                                                               r["description"], "true" if r["carried"] else "false",
                                                               r["make"], r["models"])])
    unit = "pages" if ext == "pdf" else "sheets"
    junk = sum(1 for r in rows if r.get("junk"))
    wrapped = sum(1 for r in rows if any(l in r["description"] for l in LONG))
    print(f"{PREFIX}{name}.{ext}: {len(rows)} rows ({junk} junk, {wrapped} long), {count} {unit}, "
          f"{out_path(name, ext).stat().st_size} bytes")


if __name__ == "__main__":
    for name in sys.argv[1:] or FILES:
        if name not in FILES:
            raise SystemExit(f"unknown file {name!r}; known: {', '.join(FILES)}")
        make(name)
