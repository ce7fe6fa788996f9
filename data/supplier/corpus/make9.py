#!/usr/bin/env python3
"""A ninth set of supplier files (holdout set 9), from producers data/supplier/corpus/
has never used.

    python3 data/supplier/corpus/make9.py            # every file
    python3 data/supplier/corpus/make9.py NAME ...   # only these files

PDF producers: Apache FOP (XSL-FO, a full grid with the header repeated by
fo:table-header), TCPDF (PHP, cells and rules placed by make9_tcpdf.php), Qt 5
(QTextDocument HTML printed by QPdfWriter on the offscreen platform, make9_qt.py),
Skia (skia-python's PDF backend, text and lines drawn one by one), and a2ps (a
fixed-width KOI8-R text, a2ps to PostScript, Ghostscript's ps2pdf). Spreadsheet:
an .xlsx written by pyexcelerate (brand cells merged vertically, IDs stored as
numbers, a title, a total and a second sheet of contacts).

Needs: Debian `fop php-cli php-tcpdf a2ps ghostscript fonts-urw-base35
fonts-dejavu-core poppler-utils`; PyPI `pymupdf openpyxl pyexcelerate skia-python
PyQt5`.

The rows come from this script's own vocabulary (not make6.py's, make7.py's or
make8.py's). Each `holdout9_NAME.EXT` comes with `holdout9_NAME.expected.csv`:
`page,id,brand,model,years,description,brand_carried,make,models` as in make8.py
(page: the 1-based page where the row's ID is printed, read back from the PDF with
pymupdf; for a spreadsheet the 1-based sheet number). Cells whitespace collapsed.
`brand_carried`: true where the row does not print its brand itself (a merged brand
cell below its first row, a group heading row). Junk rows (an ID and a note, no
brand, no model) inside a merged brand cell read its brand and `true`; elsewhere
(group headings included) an empty brand and `false`. `make` is the make's
canonical Latin name, `models` the model's spellings joined by `|`, canonical Latin
first. Everything is seeded; the PDFs and the workbook are not byte-reproducible
(producers write dates), the expected CSVs are.

Producer quirks kept as they come: FOP applies DejaVu's `fi` ligature (U+FB01 in the
text layer; the expected CSV has the printed `fi`); QTextDocument breaks a table row
across a page break (the rest of its cells go on the next page, under the repeated
header; the row's page is still the page of its ID); TCPDF ends the last page with its
`Powered by TCPDF (www.tcpdf.org)` link. MAKE9_KEEP=DIR keeps a2ps's text and
PostScript in DIR.
"""
import csv
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
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
PREFIX = "holdout9_"
FONT_DIR = "/usr/share/fonts/truetype/dejavu"
FONT = f"{FONT_DIR}/DejaVuSans.ttf"
FONT_BOLD = f"{FONT_DIR}/DejaVuSans-Bold.ttf"
URW = "/usr/share/fonts/type1/urw-base35"
KEYS = ("id", "brand", "model", "years", "description")

# (brand spellings: canonical Latin make first; model spellings: canonical Latin first;
#  first year, last year or None, body kinds)
VOCABULARY = [
    (["Chery", "Черри", "ЧЕРРИ"], ["Tiggo 9", "Тигго 9"], 2023, None, ["кроссовер 7 мест", "кроссовер"]),
    (["Chery", "Черри"], ["Arrizo 8", "Арризо 8"], 2022, None, ["седан"]),
    (["Chery", "Черри", "ЧЕРРИ"], ["Bonus 3", "Бонус 3"], 2013, 2016, ["седан", "хэтчбек"]),
    (["Chery", "Черри"], ["Kimo", "Кимо"], 2007, 2013, ["хэтчбек"]),
    (["Chery", "Черри"], ["Fora", "Фора"], 2006, 2011, ["седан"]),
    (["Haval", "Хавейл", "ХАВАЛ"], ["M6", "М6"], 2023, None, ["кроссовер"]),
    (["Haval", "Хавейл"], ["H9", "Х9"], 2015, None, ["внедорожник"]),
    (["Haval", "Хавейл", "ХАВАЛ"], ["F7x", "Ф7х"], 2019, 2024, ["кроссовер", "купе-кроссовер"]),
    (["Haval", "Хавейл"], ["H2", "Х2"], 2014, 2020, ["кроссовер"]),
    (["Changan", "Чанъань", "ЧАНГАН"], ["Eado Plus", "Эадо Плюс"], 2020, None, ["седан"]),
    (["Changan", "Чанъань"], ["CS35 Plus", "ЦС35 Плюс"], 2018, None, ["кроссовер"]),
    (["Changan", "Чанган", "ЧАНГАН"], ["Hunter Plus", "Хантер Плюс"], 2022, None, ["пикап"]),
    (["Changan", "Чанъань"], ["Lamore", "Ламор"], 2023, None, ["седан"]),
    (["JAC", "Жак", "ДЖАК"], ["S7", "С7"], 2020, None, ["кроссовер"]),
    (["JAC", "Жак"], ["JS6", "ДжС6"], 2022, None, ["кроссовер"]),
    (["JAC", "Жак"], ["Sunray", "Санрэй"], 2013, 2021, ["микроавтобус", "фургон"]),
    (["Exeed", "Эксид", "ЭКСИД"], ["LX", "ЛХ"], 2022, None, ["кроссовер"]),
    (["Exeed", "Эксид"], ["RX", "РХ"], 2023, None, ["кроссовер"]),
    (["Jetour", "Джетур", "ДЖЕТУР"], ["Traveller", "Тревеллер", "T2"], 2023, None, ["внедорожник"]),
    (["Jetour", "Джетур"], ["X90 Plus", "Х90 Плюс"], 2021, None, ["кроссовер 7 мест"]),
    (["BYD", "БИД", "Би-Уай-Ди"], ["Yuan Plus", "Юань Плюс"], 2022, None, ["кроссовер", "электро"]),
    (["BYD", "БИД"], ["F3", "Ф3"], 2005, 2014, ["седан"]),
    (["Zeekr", "Зикр", "ZEEKR"], ["009", "Зикр 009"], 2022, None, ["минивэн"]),
    (["Zeekr", "Зикр"], ["X", "Зикр Икс"], 2023, None, ["кроссовер"]),
    (["Li Auto", "Лисян", "Li Xiang"], ["L6", "Л6"], 2024, None, ["кроссовер"]),
    (["Li Auto", "Лисян", "Li Xiang"], ["One", "Ван"], 2019, 2022, ["кроссовер"]),
    (["Tenet", "Тенет", "TENET"], ["T4", "Т4"], 2025, None, ["кроссовер"]),
    (["Tenet", "Тенет"], ["T7", "Т7"], 2025, None, ["кроссовер"]),
    (["Tenet", "Тенет"], ["T8", "Т8"], 2025, None, ["кроссовер 7 мест"]),
    (["Livan", "Ливан"], ["X6 Pro", "Х6 Про"], 2023, None, ["кроссовер"]),
    (["Livan", "Ливан", "LIVAN"], ["S6 Pro", "С6 Про"], 2023, None, ["седан"]),
    (["Kaiyi", "Кайи"], ["E5", "Е5"], 2022, None, ["седан"]),
    (["Kaiyi", "Кайи"], ["X3 Pro", "Х3 Про"], 2022, None, ["кроссовер"]),
    (["Solaris", "Солярис"], ["HS", "ХС"], 2024, None, ["кроссовер"]),
    (["Toyota", "Тойота", "ТОЙОТА"], ["Hilux 8", "Хайлюкс 8", "Hilux AN120"], 2015, None, ["пикап"]),
    (["Toyota", "Тойота"], ["Land Cruiser 300", "ЛК 300", "Ленд Крузер 300"], 2021, None, ["внедорожник"]),
    (["Toyota", "Тойота", "тойота"], ["Fortuner", "Фортунер"], 2017, None, ["внедорожник"]),
    (["Toyota", "Тойота"], ["Alphard", "Альфард"], 2015, 2023, ["минивэн"]),
    (["Nissan", "Ниссан", "Нисан"], ["Terrano D10", "Террано"], 2014, 2022, ["кроссовер"]),
    (["Nissan", "Ниссан"], ["Murano Z51", "Мурано Z51"], 2008, 2015, ["кроссовер"]),
    (["Nissan", "Ниссан", "NISSAN"], ["Note E11", "Ноут"], 2005, 2013, ["хэтчбек"]),
    (["Nissan", "Ниссан"], ["Pathfinder R51", "Патфайндер R51"], 2004, 2014, ["внедорожник"]),
    (["Mitsubishi", "Мицубиси", "Митсубиси"], ["ASX", "АСХ"], 2010, None, ["кроссовер"]),
    (["Mitsubishi", "Мицубиси", "МИТСУБИСИ"], ["Pajero 4", "Паджеро 4"], 2006, 2021, ["внедорожник"]),
    (["Mitsubishi", "Мицубиси"], ["Lancer X", "Лансер 10"], 2007, 2017, ["седан", "хэтчбек"]),
    (["Mitsubishi", "Митсубиси"], ["Eclipse Cross", "Эклипс Кросс"], 2017, None, ["кроссовер"]),
    (["Mazda", "Мазда", "МАЗДА"], ["CX-9", "СХ-9"], 2016, 2023, ["кроссовер 7 мест"]),
    (["Mazda", "Мазда"], ["Mazda 3 BM", "Мазда 3"], 2013, 2019, ["седан", "хэтчбек"]),
    (["Mazda", "Мазда"], ["CX-30", "СХ-30"], 2019, None, ["кроссовер"]),
    (["Subaru", "Субару", "СУБАРУ"], ["XV", "ХВ"], 2011, 2023, ["кроссовер"]),
    (["Subaru", "Субару"], ["Legacy BM", "Легаси"], 2009, 2014, ["седан", "универсал"]),
    (["Honda", "Хонда", "HONDA"], ["Pilot", "Пилот"], 2015, 2022, ["кроссовер 7 мест"]),
    (["Honda", "Хонда"], ["Accord 8", "Аккорд 8"], 2008, 2013, ["седан"]),
    (["Honda", "Хонда"], ["Fit 3", "Фит"], 2013, 2020, ["хэтчбек"]),
    (["Lexus", "Лексус", "LEXUS"], ["NX 200", "НХ 200"], 2014, 2021, ["кроссовер"]),
    (["Lexus", "Лексус"], ["ES 250", "ЕС 250"], 2018, None, ["седан"]),
    (["Lexus", "Лексус"], ["GX 460", "ГХ 460"], 2009, 2023, ["внедорожник"]),
    (["Hyundai", "Хендай", "Хёндай", "ХУНДАЙ"], ["i40", "Ай 40"], 2011, 2019, ["седан", "универсал"]),
    (["Hyundai", "Хендай", "Хёндай"], ["Elantra AD", "Элантра 6"], 2016, 2020, ["седан"]),
    (["Hyundai", "Хендай"], ["Staria", "Стария"], 2021, None, ["минивэн", "микроавтобус"]),
    (["Hyundai", "Хендай", "ХУНДАЙ"], ["ix35", "Ай Икс 35"], 2010, 2015, ["кроссовер"]),
    (["Kia", "Киа", "КИА"], ["Soul 3", "Соул 3"], 2019, None, ["хэтчбек"]),
    (["Kia", "Киа"], ["Stinger", "Стингер"], 2017, 2023, ["лифтбек"]),
    (["Kia", "Киа", "КИА"], ["Optima 4", "Оптима JF"], 2016, 2020, ["седан"]),
    (["Kia", "Киа"], ["Sorento MQ4", "Соренто 4"], 2020, None, ["кроссовер"]),
    (["Daewoo", "Дэу", "Деу"], ["Gentra", "Джентра"], 2013, 2015, ["седан"]),
    (["Daewoo", "Дэу"], ["Lanos", "Ланос"], 1997, 2009, ["седан"]),
    (["Volkswagen", "Фольксваген", "VW", "Фольцваген"], ["Jetta 6", "Джетта 6"], 2010, 2019, ["седан"]),
    (["Volkswagen", "Фольксваген", "VW"], ["Passat B8", "Пассат Б8"], 2015, 2022, ["седан", "универсал"]),
    (["Volkswagen", "Фольксваген"], ["Amarok", "Амарок"], 2010, 2022, ["пикап"]),
    (["Volkswagen", "Фольксваген", "VW"], ["Multivan T6", "Мультивен Т6"], 2015, None, ["минивэн"]),
    (["Volkswagen", "Фольксваген"], ["Teramont", "Терамонт"], 2017, None, ["кроссовер 7 мест"]),
    (["Skoda", "Шкода", "SKODA"], ["Yeti", "Йети"], 2009, 2018, ["кроссовер"]),
    (["Skoda", "Шкода"], ["Superb 3", "Суперб 3"], 2015, 2023, ["лифтбек", "универсал"]),
    (["Skoda", "Шкода"], ["Karoq", "Карок"], 2017, None, ["кроссовер"]),
    (["Skoda", "Шкода"], ["Fabia 2", "Фабия 2"], 2007, 2014, ["хэтчбек"]),
    (["BMW", "БМВ"], ["X3 G01", "Х3 G01"], 2017, None, ["кроссовер"]),
    (["BMW", "БМВ"], ["5 Series E60", "5 серия Е60"], 2003, 2010, ["седан"]),
    (["BMW", "БМВ", "bmw"], ["X1 F48", "Х1 F48"], 2015, 2022, ["кроссовер"]),
    (["Mercedes-Benz", "Мерседес-Бенц", "Мерседес", "MB"], ["GLC X253", "ГЛЦ X253"], 2015, 2022, ["кроссовер"]),
    (["Mercedes-Benz", "Мерседес"], ["Vito W447", "Вито 447"], 2014, None, ["минивэн", "фургон"]),
    (["Mercedes-Benz", "Мерседес-Бенц"], ["ML W164", "МЛ 164"], 2005, 2011, ["внедорожник"]),
    (["Audi", "Ауди", "АУДИ"], ["Q7 4M", "Ку7"], 2015, None, ["кроссовер 7 мест"]),
    (["Audi", "Ауди"], ["A4 B8", "А4 Б8"], 2007, 2015, ["седан", "универсал"]),
    (["Porsche", "Порше"], ["Cayenne 958", "Кайен 958"], 2010, 2017, ["внедорожник"]),
    (["Lada", "Лада", "ВАЗ", "LADA"], ["Niva Legend", "Нива Легенд", "2121"], 2021, None, ["внедорожник"]),
    (["Lada", "Лада", "ВАЗ"], ["Priora", "Приора", "2170"], 2007, 2018, ["седан", "хэтчбек", "универсал"]),
    (["Lada", "Лада"], ["Kalina 2", "Калина 2"], 2013, 2018, ["хэтчбек", "универсал"]),
    (["Lada", "Лада", "LADA"], ["Iskra", "Искра"], 2025, None, ["седан", "универсал"]),
    (["Lada", "ВАЗ"], ["Samara 2114", "2114"], 2001, 2013, ["хэтчбек"]),
    (["Lada", "Лада", "ВАЗ"], ["4x4 Urban", "4х4 Урбан"], 2014, 2021, ["внедорожник"]),
    (["UAZ", "УАЗ", "уаз"], ["Profi", "Профи"], 2017, None, ["бортовой", "фургон"]),
    (["UAZ", "УАЗ"], ["Pickup", "Пикап"], 2008, None, ["пикап"]),
    (["GAZ", "ГАЗ"], ["Valdai", "Валдай"], 2004, 2015, ["бортовой"]),
    (["GAZ", "ГАЗ", "газ"], ["Gazelle Business", "ГАЗель Бизнес"], 2010, None, ["фургон", "бортовой"]),
    (["GAZ", "ГАЗ"], ["Sobol NN", "Соболь NN"], 2023, None, ["микроавтобус", "фургон"]),
    (["Moskvich", "Москвич", "МОСКВИЧ"], ["Moskvich 3", "Москвич 3"], 2022, None, ["кроссовер"]),
    (["Moskvich", "Москвич"], ["Moskvich 6", "Москвич 6"], 2023, None, ["лифтбек"]),
    (["Evolute", "Эволют"], ["i-Pro", "Ай-Про"], 2022, None, ["лифтбек", "электро"]),
    (["Evolute", "Эволют"], ["i-Joy", "Ай-Джой"], 2022, None, ["кроссовер", "электро"]),
    (["Sollers", "Соллерс", "СОЛЛЕРС"], ["Argo", "Арго"], 2022, None, ["фургон", "бортовой"]),
    (["Sollers", "Соллерс"], ["ST6", "СТ6"], 2023, None, ["внедорожник"]),
]

YEARS_RANGE = ["{a}-{b}", "{a}-{b}", "{a} - {b}", "{a}–{b}", "{a}-{b} гг.", "{a}-{b}гг", "{a}-{b} г.в."]
YEARS_OPEN = ["с {a}", "с {a}г.", "{a} - н.в.", "{a}-н.в.", "от {a}", "с {a} г.в."]
YEARS_ONE = ["до {b}г", "до {b} г.", "{a}", "{a} г.в."]
EXTRAS = ["ковш", "соты", "ромб", "борт 5 см", "борт 3 см", "с подпятником", "без подпятника",
          "металлический подпятник", "только водительский", "комплект 4 шт.", "комплект 5 шт.",
          "с перемычкой", "штатные клипсы", "гибрид", "полный привод", "задний привод",
          "руль справа", "руль слева", "кожаный кант", "3-й ряд", "багажник", "высокий порог",
          "2 ряда сидений", "рест.", "дорест.", "AT", "MT", "CVT", "кузов 5d", "кузов 3d",
          "без тоннеля", "с консолью", "длинная колёсная база", "грузовой отсек"]
LONG = ["лекало уточнено по замерам 2025 года, для комплектаций с панорамной крышей и люком не подходит",
        "перед заказом сверить форму ковриков по фото салона, у ранних машин другой тоннель",
        "для версий с третьим рядом сидений нужен отдельный коврик, заказывается отдельной позицией",
        "крепления по заводским точкам, у машин не для рынка РФ могут не совпадать",
        "с 2024 г.в. изменена форма порога водителя, проверяйте дату выпуска по VIN перед заказом"]
JUNK = ["позиция зарезервирована", "лекало утеряно, восстанавливается", "объединено с соседней позицией",
        "ошибка ввода", "ждём образец от клиента", "не заказывать"]


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
    parts = [rng.choice(body)] if rng.random() < 0.7 else []
    parts += rng.sample(EXTRAS, rng.choice([0, 1, 1, 2, 2, 3]))
    if not parts:
        parts = [rng.choice(EXTRAS)]
    if rng.random() < 0.09:
        parts.append(rng.choice(LONG))
    return rng.choice([", ", " ", ", ", "; "]).join(parts)


def spelling(rng, brands):
    """A brand as a supplier types it: one of its spellings, sometimes upper or lower case."""
    brand = rng.choice(brands)
    roll = rng.random()
    return brand.upper() if roll < 0.10 else brand.lower() if roll < 0.16 else brand


def table(seed, count, idfmt=str, order="gapped", grouped=False, junk=3, max_group=4, start=None):
    """`count` rows (dicts: id, key, brand, model, years, description, make, models), `junk`
    of them junk (an ID and a note only). order: gapped, shuffled or sequential keys,
    shown by idfmt; grouped: all rows of a make together under one spelling of it."""
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
            key += rng.choice([1, 1, 1, 2, 2, 3, 4, 7, 11, 30])
        if order == "shuffled":
            for _ in range(len(keys) // 5):
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


def under_headings(rows):
    """Brand group headings: every row naming a model carries its heading's brand."""
    return {i for i, r in enumerate(rows) if not r.get("junk")}


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


def total_line(rows, style="Итого позиций: {n}"):
    return style.format(n=len(rows))


# ---------------------------------------------------------------- Apache FOP

FOP_CONFIG = """<?xml version="1.0"?>
<fop version="1.0">
  <renderers>
    <renderer mime="application/pdf">
      <fonts>
        <font embed-url="file://{font}" kerning="yes">
          <font-triplet name="DejaVu Sans" style="normal" weight="normal"/>
        </font>
        <font embed-url="file://{bold}" kerning="yes">
          <font-triplet name="DejaVu Sans" style="normal" weight="bold"/>
        </font>
      </fonts>
    </renderer>
  </renderers>
</fop>
"""


def fop_grid(name, rows, *, firm, title, date, labels, note):
    """Apache FOP from XSL-FO: A4 portrait, every cell boxed, the header row in
    fo:table-header (repeated on each page), rows kept whole on a page, cells wrap; the
    firm's name in the page header, `Страница N из M` in the footer, the total and a
    note after the table."""
    widths = ["18mm", "30mm", "40mm", "30mm", "62mm"]

    def cell(text, bold=False, shade=None):
        bg = f' background-color="{shade}"' if shade else ""
        weight = ' font-weight="bold"' if bold else ""
        return (f'<fo:table-cell border="0.5pt solid black" padding="1.2pt 2.5pt"{bg}>'
                f'<fo:block{weight}>{escape(text)}</fo:block></fo:table-cell>')

    body = "\n".join('<fo:table-row keep-together.within-page="always">'
                     + "".join(cell(r[k]) for k in KEYS) + "</fo:table-row>" for r in rows)
    head = "<fo:table-row>" + "".join(cell(l, True, "#d9d9d9") for l in labels) + "</fo:table-row>"
    fo = f"""<?xml version="1.0" encoding="UTF-8"?>
<fo:root xmlns:fo="http://www.w3.org/1999/XSL/Format" font-family="DejaVu Sans" font-size="8pt" line-height="1.2">
  <fo:layout-master-set>
    <fo:simple-page-master master-name="A4" page-width="210mm" page-height="297mm"
        margin-top="10mm" margin-bottom="10mm" margin-left="15mm" margin-right="15mm">
      <fo:region-body margin-top="10mm" margin-bottom="12mm"/>
      <fo:region-before extent="8mm"/>
      <fo:region-after extent="8mm"/>
    </fo:simple-page-master>
  </fo:layout-master-set>
  <fo:declarations>
    <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
      <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{escape(title)}</dc:title></rdf:Description>
    </rdf:RDF></x:xmpmeta>
  </fo:declarations>
  <fo:page-sequence master-reference="A4">
    <fo:static-content flow-name="xsl-region-before">
      <fo:block font-size="7pt" text-align="end" color="#555555" border-bottom="0.3pt solid #888888">{escape(firm)}</fo:block>
    </fo:static-content>
    <fo:static-content flow-name="xsl-region-after">
      <fo:block font-size="7pt" text-align="center">Страница <fo:page-number/> из <fo:page-number-citation ref-id="end"/></fo:block>
    </fo:static-content>
    <fo:flow flow-name="xsl-region-body">
      <fo:block font-size="13pt" font-weight="bold" space-after="2pt">{escape(title)}</fo:block>
      <fo:block font-size="8.5pt" space-after="6pt">{escape(date)}</fo:block>
      <fo:table table-layout="fixed" width="180mm" border-collapse="collapse" border="0.8pt solid black">
        {"".join(f'<fo:table-column column-width="{w}"/>' for w in widths)}
        <fo:table-header>{head}</fo:table-header>
        <fo:table-body>
{body}
        </fo:table-body>
      </fo:table>
      <fo:block font-weight="bold" space-before="6pt">{escape(total_line(rows))}</fo:block>
      <fo:block font-size="7pt" space-before="3pt" id="end">{escape(note)}</fo:block>
    </fo:flow>
  </fo:page-sequence>
</fo:root>
"""
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "fop.xconf").write_text(FOP_CONFIG.format(font=FONT, bold=FONT_BOLD), encoding="utf-8")
        (Path(tmp) / f"{name}.fo").write_text(fo, encoding="utf-8")
        done = run("fop", "-c", f"{tmp}/fop.xconf", "-fo", f"{tmp}/{name}.fo", "-pdf", f"{tmp}/{name}.pdf",
                   env={**os.environ, "HOME": tmp})
        log = done.stderr.decode(errors="replace") + done.stdout.decode(errors="replace")
        if re.search(r"overflow|exceeds|not found", log, re.I):
            raise SystemExit(f"{name}: FOP warns: {log[-1500:]}")
        shutil.copy(f"{tmp}/{name}.pdf", out_path(name, "pdf"))
    return set()


# ---------------------------------------------------------------- TCPDF (PHP)

def tcpdf_rules(name, rows, *, title, date, labels, foot):
    """TCPDF (php-tcpdf, its DejaVu Sans): A4 portrait, horizontal rules only (heavier
    around the header), the header on every page, a title and date on page 1, a note and
    `стр. N из M` in each page foot, wrapped cells; drawn by make9_tcpdf.php."""
    with tempfile.TemporaryDirectory() as tmp:
        spec = {"title": title, "date": date, "labels": labels, "widths": [20, 32, 40, 28, 60],
                "rows": [[r[k] for k in KEYS] for r in rows], "total": total_line(rows, "Всего позиций: {n}"),
                "foot": foot, "out": str(out_path(name, "pdf"))}
        (Path(tmp) / "spec.json").write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
        run("php", str(HERE / "make9_tcpdf.php"), f"{tmp}/spec.json")
    return set()


# ---------------------------------------------------------------- Qt (PyQt5)

def qt_headings(name, rows, *, title, date, labels):
    """Qt 5 QTextDocument HTML printed by QPdfWriter (offscreen platform; make9_qt.py):
    brand heading rows spanning the table, no brand column, the header repeated."""
    carried = under_headings(rows)
    spec_groups = [[brand, [[rows[i][k] for k in ("id", "model", "years", "description")] for i in members]]
                   for brand, members in groups(rows)]
    with tempfile.TemporaryDirectory() as tmp:
        spec = {"title": title, "date": date, "labels": labels, "widths": [12, 24, 18, 46],
                "groups": spec_groups, "total": total_line(rows), "fonts": [FONT, FONT_BOLD],
                "out": str(out_path(name, "pdf"))}
        (Path(tmp) / "spec.json").write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
        run(sys.executable, str(HERE / "make9_qt.py"), f"{tmp}/spec.json",
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": tmp})
    return carried


# ---------------------------------------------------------------- Skia (skia-python)

def skia_lines(name, rows, *, firm, title, date, labels):
    """skia-python's PDF backend, every string and line drawn by hand: A4 landscape, a
    rule under each row and between columns (no outer frame), a shaded header on every
    page, the firm's wordmark and the title on page 1, `Лист N` bottom right, wrapped
    cells, the total below."""
    import skia

    width, height, left, top, bottom = 842, 595, 36, 34, 40
    widths = [58, 118, 150, 112, 332]
    size, lead, pad = 8.5, 10.6, 3.2
    def face(path, px):
        # Unhinted, linear metrics: glyphs are placed at the font's own advances.
        font = skia.Font(skia.Typeface.MakeFromFile(path), px)
        font.setHinting(skia.FontHinting.kNone)
        font.setSubpixel(True)
        font.setLinearMetrics(True)
        return font

    regular, bold = face(FONT, size), face(FONT_BOLD, size)
    ink = skia.Paint(AntiAlias=True, Color=skia.ColorBLACK)
    grey = skia.Paint(AntiAlias=True, Color=skia.Color(0x60, 0x60, 0x60), StrokeWidth=0.5,
                      Style=skia.Paint.kStroke_Style)
    shade = skia.Paint(Color=skia.Color(0xDD, 0xE6, 0xEE))
    accent = skia.Paint(AntiAlias=True, Color=skia.Color(0x1F, 0x4E, 0x79))

    def lines_of(text, w, font):
        out, line = [], ""
        for word in text.split():
            if font.measureText(word) > w:
                raise SystemExit(f"{name}: {word!r} is wider than its column")
            trial = f"{line} {word}".strip()
            if line and font.measureText(trial) > w:
                out.append(line)
                line = word
            else:
                line = trial
        return out + [line]

    def row_height(values, font):
        return max(len(lines_of(v, w - 2 * pad, font)) for v, w in zip(values, widths)) * lead + 2 * pad

    def cells(canvas, values, y, font):
        h = row_height(values, font)
        x = left
        for k, (v, w) in enumerate(zip(values, widths)):
            for n, line in enumerate(lines_of(v, w - 2 * pad, font)):
                canvas.drawString(line, x + pad, y + pad + size * 0.95 + n * lead, font, ink)
            if k:
                canvas.drawLine(x, y, x, y + h, grey)
            x += w
        canvas.drawLine(left, y + h, left + sum(widths), y + h, grey)
        return h

    def header(canvas, y):
        h = row_height(labels, bold)
        canvas.drawRect(skia.Rect.MakeXYWH(left, y, sum(widths), h), shade)
        return y + cells(canvas, labels, y, bold)

    def footer(canvas, number):
        small = face(FONT, 7.5)
        text = f"Лист {number}"
        canvas.drawString(text, width - left - small.measureText(text), height - 20, small, ink)

    stream = skia.FILEWStream(str(out_path(name, "pdf")))
    meta = skia.PDF.Metadata()
    meta.fTitle = title
    meta.fCreator = "skia-python"
    document = skia.PDF.MakeDocument(stream, meta)
    number = 1
    canvas = document.beginPage(width, height)
    canvas.drawRect(skia.Rect.MakeXYWH(left, top, 150, 22), accent)
    mark = face(FONT_BOLD, 12)
    canvas.drawString(firm, left + 8, top + 15.5, mark, skia.Paint(AntiAlias=True, Color=skia.ColorWHITE))
    canvas.drawString(title, left + 165, top + 11, face(FONT_BOLD, 12), ink)
    canvas.drawString(date, left + 165, top + 22, face(FONT, 8.5), ink)
    y = header(canvas, top + 34)
    for r in rows:
        values = [r[k] for k in KEYS]
        if y + row_height(values, regular) > height - bottom:
            footer(canvas, number)
            document.endPage()
            number += 1
            canvas = document.beginPage(width, height)
            y = header(canvas, top)
        y += cells(canvas, values, y, regular)
    if y + 24 > height - bottom:
        footer(canvas, number)
        document.endPage()
        number += 1
        canvas = document.beginPage(width, height)
        y = top
    canvas.drawString(total_line(rows, "Всего лекал в перечне: {n}"), left, y + 18, bold, ink)
    footer(canvas, number)
    document.endPage()
    document.close()
    stream.flush()
    del stream
    return set()


# ---------------------------------------------------------------- a2ps (KOI8-R text)

def ascii_years(rows):
    """KOI8-R has no en dash: the text print shows a hyphen."""
    for r in rows:
        for k in KEYS:
            r[k] = r[k].replace("–", "-")
    return rows


def a2ps_page_text(rows, *, firm, title, date, labels, widths, lines_per_page):
    """A fixed-width print as an old accounting program makes it: columns padded with
    spaces, `=` and `-` rules, the header on every page, wrapped cells continued on the
    lines below, a form feed between pages."""
    gap = "  "
    rule = "-" * (sum(widths) + len(gap) * (len(widths) - 1))

    def line(cells):
        return gap.join(f"{c:<{w}}" for c, w in zip(cells, widths)).rstrip()

    def start(number):
        return [f"{firm}", f"{title}  {date}", f"{'':>{len(rule) - 10}}Лист {number}",
                rule.replace("-", "="), line(labels), rule]

    pages, current = [], start(1)
    for r in rows:
        wrapped = [textwrap.wrap(r[k], w, break_long_words=False) or [""] for k, w in zip(KEYS, widths)]
        for k, cell in enumerate(wrapped):
            if any(len(part) > widths[k] for part in cell):
                raise SystemExit(f"a2ps_text: {r[KEYS[k]]!r} is wider than its column")
        height = max(len(c) for c in wrapped)
        if len(current) + height + 1 > lines_per_page:
            current.append(rule)
            pages.append(current)
            current = start(len(pages) + 1)
        for k in range(height):
            current.append(line([c[k] if k < len(c) else "" for c in wrapped]))
    current += [rule.replace("-", "="), f"ИТОГО ЛЕКАЛ: {len(rows)}"]
    pages.append(current)
    return "\f".join("\n".join(p) + "\n" for p in pages), len(rule)


def a2ps_text(name, rows, *, firm, title, date, labels, widths):
    """GNU a2ps 4.14: the KOI8-R text (`-X koi8`), one page per sheet, portrait, a2ps's
    own frame, header and `Page N/M` footer, then ps2pdf. a2ps's KOI8 encoding asks for
    the NimbusMonCYR fonts of old Cyrillic font packages; a private copy of its
    koi8.edf substitutes the URW base-35 fonts Ghostscript has (with Cyrillic glyphs)."""
    lines_per_page = 88
    text, chars = a2ps_page_text(rows, firm=firm, title=title, date=date, labels=labels,
                                 widths=widths, lines_per_page=lines_per_page)
    names = {"NimbusMonCYR-Regu": "NimbusMonoPS-Regular", "NimbusMonCYR-Bold": "NimbusMonoPS-Bold",
             "NimbusMonCYR-BoldObli": "NimbusMonoPS-BoldItalic", "NimbusMonCYR-ReguObli": "NimbusMonoPS-Italic",
             "NimbusRomanCYR-Regu": "NimbusRoman-Regular", "NimbusRomanCYR-Medi": "NimbusRoman-Bold",
             "NimbusRomanCYR-ReguItal": "NimbusRoman-Italic", "NimbusRomanCYR-MediItal": "NimbusRoman-BoldItalic",
             "NimbusSansCYR-Regu": "NimbusSans-Regular", "NimbusSansCYR-Bold": "NimbusSans-Bold",
             "NimbusSansCYR-ReguObli": "NimbusSans-Italic", "NimbusSansCYR-BoldObli": "NimbusSans-BoldItalic"}
    with tempfile.TemporaryDirectory() as tmp:
        lib = Path(tmp) / "a2ps-lib"
        lib.mkdir()
        edf = Path("/usr/share/a2ps/encoding/koi8.edf").read_bytes().decode("latin-1")
        edf = re.sub(r"\b(Nimbus\w+CYR-\w+)", lambda m: names[m.group(1)], edf)
        (lib / "koi8.edf").write_bytes(edf.encode("latin-1"))
        fonts_map = []
        for font in sorted(set(names.values())):
            shutil.copy(f"{URW}/{font}.afm", lib / f"{font}.afm")
            shutil.copy(f"{URW}/{font}.t1", lib / f"{font}.pfa")     # a2ps downloads it into the PS
            fonts_map.append(f"{font} {font}")
        (lib / "fonts.map").write_text("\n".join(fonts_map) + "\n"
                                       + Path("/usr/share/a2ps/afm/fonts.map").read_text())
        home = Path(tmp) / "home"
        (home / ".a2ps").mkdir(parents=True)
        (home / ".a2ps" / "a2psrc").write_text(f"PrependLibraryPath: {lib}\n")
        source = Path(tmp) / "vedomost.txt"
        source.write_bytes(text.encode("koi8_r"))
        env = {**os.environ, "HOME": str(home), "LC_ALL": "C"}
        run("a2ps", "-q", "-X", "koi8", "-1", "-R", "--medium=A4", f"--chars-per-line={chars + 2}",
            "--truncate-lines=no", "--header=", "--center-title=vedomost.txt",
            "-o", f"{tmp}/{name}.ps", str(source), env=env, cwd=tmp)
        run("ps2pdf", "-sPAPERSIZE=a4", f"{tmp}/{name}.ps", str(out_path(name, "pdf")), env=env)
        import pymupdf
        with pymupdf.open(out_path(name, "pdf")) as doc:
            if doc.page_count != text.count("\f") + 1:
                raise SystemExit(f"{name}: a2ps made {doc.page_count} pages of {text.count(chr(12)) + 1}")
        if os.environ.get("MAKE9_KEEP"):        # keep the text and the PostScript to look at
            shutil.copy(source, os.environ["MAKE9_KEEP"])
            shutil.copy(f"{tmp}/{name}.ps", os.environ["MAKE9_KEEP"])
    return set()


# ---------------------------------------------------------------- pyexcelerate (.xlsx)

def pyexcelerate_merged(name, rows, *, title, labels, contacts):
    """pyexcelerate: sheet `Прайс`: a title merged over A:E, a blank row, the supplier's
    header, IDs (`№ п/п`) as numbers, the brand cell merged vertically over its group
    (junk rows inside), wrapped descriptions, a total row; sheet `Контакты`."""
    from pyexcelerate import Alignment, Color, Fill, Font, Style, Workbook
    from pyexcelerate.Border import Border
    from pyexcelerate.Borders import Borders

    carried = merged(rows)
    wb = Workbook()
    ws = wb.new_sheet("Прайс")
    thin = Borders(left=Border(), right=Border(), top=Border(), bottom=Border())
    ws.set_cell_value(1, 1, title)
    ws.range("A1", "E1").merge()
    ws.set_cell_style(1, 1, Style(font=Font(bold=True, size=13)))
    first = 3
    for k, label in enumerate(labels, 1):
        ws.set_cell_value(first, k, label)
        ws.set_cell_style(first, k, Style(font=Font(bold=True), fill=Fill(background=Color(217, 225, 242)),
                                          borders=thin, alignment=Alignment(wrap_text=True, vertical="center")))
    for n, r in enumerate(rows):
        line = first + 1 + n
        ws.set_cell_value(line, 1, r["key"])
        for k, key in enumerate(("model", "years", "description"), 3):
            if r[key]:
                ws.set_cell_value(line, k, r[key])
        for k in range(1, 6):
            ws.set_cell_style(line, k, Style(borders=thin, alignment=Alignment(wrap_text=k == 5, vertical="top")))
    for brand, members in groups(rows):
        top, end = first + 1 + members[0], first + 1 + members[-1]
        ws.set_cell_value(top, 2, brand)
        if end > top:
            ws.range((top, 2), (end, 2)).merge()
        ws.set_cell_style(top, 2, Style(borders=thin, font=Font(bold=True),
                                        alignment=Alignment(vertical="center", wrap_text=True)))
    last = first + len(rows) + 1
    ws.set_cell_value(last, 1, "Итого позиций:")
    ws.range((last, 1), (last, 2)).merge()
    ws.set_cell_value(last, 3, len(rows))
    ws.set_cell_style(last, 1, Style(font=Font(bold=True)))
    ws.set_cell_style(last, 3, Style(font=Font(bold=True), alignment=Alignment(horizontal="left")))
    for k, w in enumerate([8, 20, 24, 16, 60], 1):
        ws.set_col_style(k, Style(size=w))
    info = wb.new_sheet("Контакты")
    for n, (key, value) in enumerate(contacts, 1):
        info.set_cell_value(n, 1, key)
        info.set_cell_value(n, 2, value)
        info.set_cell_style(n, 1, Style(font=Font(bold=True)))
    info.set_col_style(1, Style(size=22))
    info.set_col_style(2, Style(size=60))
    wb.save(str(out_path(name, "xlsx")))
    return carried


def check_xlsx(name, rows, layout):
    """openpyxl reads back every row (values and types) and the merges: the title over
    A1:E1, each group's brand cell over exactly its group's rows, the total row."""
    import openpyxl

    wb = openpyxl.load_workbook(out_path(name, "xlsx"))
    ws = wb.worksheets[0]
    if wb.sheetnames != ["Прайс", "Контакты"]:
        raise SystemExit(f"{name}: sheets {wb.sheetnames}")
    if ws["A1"].value != layout["title"] or [c.value for c in ws[3]][:5] != layout["labels"]:
        raise SystemExit(f"{name}: title or header differ")
    merges = {str(m) for m in ws.merged_cells.ranges}
    want = {"A1:E1", f"A{len(rows) + 4}:B{len(rows) + 4}"}
    for brand, members in groups(rows):
        if len(members) > 1:
            want.add(f"B{4 + members[0]}:B{4 + members[-1]}")
    if merges != want:
        raise SystemExit(f"{name}: merges {sorted(merges ^ want)} differ")
    for n, r in enumerate(rows):
        cells = [c.value for c in ws[4 + n]][:5]
        if not isinstance(cells[0], int) or cells[0] != r["key"] or str(cells[0]) != r["id"]:
            raise SystemExit(f"{name}: row {n} ID {cells[0]!r}")
        brand = "" if r["carried"] else r["brand"]
        got = [show(c) for c in cells[1:]]
        if got != [brand, r["model"], r["years"], r["description"]]:
            raise SystemExit(f"{name}: row {r['id']} reads {got}")
    total = [c.value for c in ws[len(rows) + 4]][:3]
    if total != ["Итого позиций:", None, len(rows)]:
        raise SystemExit(f"{name}: total row {total}")
    if ws.max_row != len(rows) + 4:
        raise SystemExit(f"{name}: {ws.max_row} rows in the sheet")
    return [1] * len(rows), len(wb.worksheets)


# ---------------------------------------------------------------- the set

def prefixed(prefix, pad):
    return lambda key, rng: f"{prefix}{str(key).zfill(pad)}"


def variant(key, rng):
    """`0417-01`: the template's number and a variant."""
    return f"{key:04d}-{rng.choice(['01', '01', '01', '02', '03'])}"


def plain(key, rng):
    return str(key)


CONTACTS = [["Поставщик", "ИП Гарипов Р. Ф. (торговая марка «КовроЛекало»)"],
            ["Адрес склада", "г. Уфа, ул. Складская, 14, бокс 3"],
            ["Телефон", "+7 (347) 290-41-17"], ["WhatsApp / Telegram", "+7 917 400-22-19"],
            ["E-mail", "zakaz@kovrolekalo.example"], ["Режим работы", "пн–сб 9:00–19:00, вс выходной"],
            ["Реквизиты", "ИНН 027412345678, ОГРНИП 318028000012345"]]

FILES = {
    # FOP: full grid, header in fo:table-header on each page, IDs `ВЛ-0417`.
    "fop_grid": (lambda: table(901, 190, prefixed("ВЛ-", 4)), fop_grid, "pdf",
                 dict(firm="ООО «ВолгаЛекало» • лекала автомобильных ковриков • г. Тольятти",
                      title="Прайс-лист на лекала автоковриков", date="Дата формирования: 02.12.2026",
                      labels=["Код лекала", "Марка", "Модель", "Годы выпуска", "Примечание"],
                      note="Лекала, которых нет в списке, изготавливаются по замерам заказчика за 5–7 рабочих дней.")),
    # TCPDF: horizontal rules only, title on page 1, a note and the page number in each
    # page foot, IDs `25-0712`, partly shuffled.
    "tcpdf_rules": (lambda: table(902, 210, prefixed("25-", 4), order="shuffled", junk=4), tcpdf_rules, "pdf",
                    dict(title="Каталог лекал EVA-ковриков 2026", date="ИП Сабиров Д. Р. • на 01.12.2026",
                         labels=["Артикул", "Автомобиль", "Модель", "Год выпуска", "Комментарий"],
                         foot="Цены и сроки уточняйте у менеджера: +7 (843) 212-40-60")),
    # Qt QTextDocument: brand heading rows spanning the table, no brand column, `AK1042`.
    "qt_headings": (lambda: table(903, 175, prefixed("AK", 4), grouped=True, junk=3), qt_headings, "pdf",
                    dict(title="Лекала ковриков по маркам", date="Обновлено 28.11.2026",
                         labels=["Код", "Модель", "Год", "Описание"])),
    # Skia: landscape, rules between rows and columns, shaded header on every page,
    # 5-digit shuffled IDs.
    "skia_lines": (lambda: table(904, 230, plain, order="shuffled", junk=2, start=10114), skia_lines, "pdf",
                   dict(firm="АВТОКОВРИК-ЮГ", title="Перечень лекал для изготовления ковриков",
                        date="г. Краснодар, 03.12.2026",
                        labels=["№ лекала", "Марка авто", "Модель авто", "Период выпуска", "Особенности"])),
    # a2ps: a KOI8-R text, fixed-width columns, IDs `0417-01`.
    "a2ps_text": (lambda: ascii_years(table(905, 240, variant, junk=4)), a2ps_text, "pdf",
                  dict(firm="ООО АВТОМАТ-СЕРВИС (г. Пермь)", title="ВЕДОМОСТЬ ЛЕКАЛ ДЛЯ КОВРИКОВ",
                       date="по состоянию на 01.12.2026",
                       labels=["Код", "Марка", "Модель", "Годы", "Описание"],
                       widths=[7, 14, 22, 15, 46])),
    # pyexcelerate: merged brand cells, `№ п/п` numbers, title, total, contacts sheet.
    "pyexcelerate_merged": (lambda: table(906, 200, plain, order="sequential", grouped=True, junk=3,
                                          max_group=6), pyexcelerate_merged, "xlsx",
                            dict(title="Прайс-лист «КовроЛекало» на лекала автоковриков (декабрь 2026)",
                                 labels=["№ п/п", "Марка автомобиля", "Модель", "Годы выпуска", "Примечание"],
                                 contacts=CONTACTS)),
}

# IDs as printed (a whole word) and the right edge of the ID column, in points.
ID_RE = {"fop_grid": r"ВЛ-\d{4}", "tcpdf_rules": r"25-\d{4}", "qt_headings": r"AK\d{4}",
         "skia_lines": r"\d{5}", "a2ps_text": r"\d{4}-\d\d"}
XMAX = {"fop_grid": 100, "tcpdf_rules": 110, "qt_headings": 150, "skia_lines": 110, "a2ps_text": 110}
# QTextDocument breaks a table row across pages: the rest of its cells go on the next page,
# under the repeated header.
SPLIT_ROWS = {"qt_headings"}
RULES = re.compile(r"[|+\-=_]+")
# FOP applies DejaVu's `liga` feature: its text layer has U+FB01 where `fi` is printed.
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
    """The IDs in order as the first word of their lines, every word of a row on the
    row's page (pymupdf), every word in `pdftotext -layout`'s output. Returns the pages."""
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
    split = set()
    for r, p in zip(rows, pages):
        for k in KEYS[1:]:
            if k == "brand" and r.get("carried"):
                continue
            for token in r[k].split():
                if token in words[p - 1]:
                    continue
                if name in SPLIT_ROWS and p < count and token in words[p]:
                    split.add(r["id"])
                    continue
                raise SystemExit(f"{name}: {token!r} of row {r['id']} not on page {p}")
    layout = run("pdftotext", "-layout", str(path), "-").stdout.decode().translate(LIGATURES)
    if "\ufffd" in layout or not re.search("[А-Яа-я]{4}", layout):
        raise SystemExit(f"{name}: pdftotext does not read the Cyrillic text")
    for r in rows:
        for token in " ".join(r[k] for k in KEYS).split():
            if token not in layout:
                raise SystemExit(f"{name}: pdftotext lacks {token!r} of row {r['id']}")
    check_layout_lines(name, rows, layout)
    if path.stat().st_size > 300_000:
        raise SystemExit(f"{name}: {path.stat().st_size} bytes")
    if split:
        print(f"{name}: rows split across a page break: {', '.join(r['id'] for r in rows if r['id'] in split)}")
    return pages, count


def check_layout_lines(name, rows, layout):
    """Each row's ID starts a line of `pdftotext -layout`, and each cell's words follow
    in order within the lines from there to the next ID (wrapped cells continue on the
    lines below)."""
    lines = layout.splitlines()
    starts = {}
    for n, line in enumerate(lines):
        first = line.split()[:1]
        if first:
            starts.setdefault(first[0], []).append(n)
    ids = [r["id"] for r in rows]
    at = 0
    for k, r in enumerate(rows):
        hits = [n for n in starts.get(r["id"], []) if n >= at]
        if not hits:
            raise SystemExit(f"{name}: pdftotext -layout has no line starting with {r['id']}")
        at = hits[0]
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


def show(v):
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def make(name):
    rows_of, render, ext, layout = FILES[name]
    rows = rows_of()
    carried = render(name, rows, **layout)
    for i, r in enumerate(rows):
        r["carried"] = i in carried
    if ext == "pdf":
        pages, count = check_pdf(name, rows)
    else:
        pages, count = check_xlsx(name, rows, layout)
    with open(HERE / f"{PREFIX}{name}.expected.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["page", "id", "brand", "model", "years", "description", "brand_carried", "make", "models"])
        for r, p in zip(rows, pages):
            brand = r["brand"]
            if r.get("junk") and r["carried"]:
                brand = r["group"]      # a merged brand cell covers the junk row
            elif r["carried"]:
                brand = r.get("group", r["brand"])
            writer.writerow([str(p)] + [collapse(c) for c in (r["id"], brand, r["model"], r["years"],
                                                               r["description"], "true" if r["carried"] else "false",
                                                               r["make"], r["models"])])
    unit = "pages" if ext == "pdf" else "sheets"
    print(f"{PREFIX}{name}.{ext}: {len(rows)} rows, {count} {unit}, {out_path(name, ext).stat().st_size} bytes")


if __name__ == "__main__":
    for name in sys.argv[1:] or FILES:
        if name not in FILES:
            raise SystemExit(f"unknown file {name!r}; known: {', '.join(FILES)}")
        make(name)
