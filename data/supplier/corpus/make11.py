#!/usr/bin/env python3
"""An eleventh set of supplier files (holdout set 11), from producers data/supplier/corpus/
has never used.

    python3 data/supplier/corpus/make11.py            # every file
    python3 data/supplier/corpus/make11.py NAME ...   # only these files

PDF producers: groff with the `ms` macros and `tbl` (`.TS H` / `.TH`, the header boxed,
no row rules) typeset for PostScript by grops with DejaVu Sans converted for groff by
fontforge + afmtodit, then Ghostscript's ps2pdf; LibreOffice Writer (headless
`soffice --convert-to pdf`) printing an .odt that odfpy writes here (a table with a
repeated header row and zebra-shaded rows); PangoCairo (PyGObject, run by the system
Python as make11_pango.py) drawing every cell and the vertical rules onto a cairo PDF
surface; and the old PyFPDF 1.7.2 (PyPI `fpdf`, not fpdf2; installed into a private
directory) with brands as group headings. Spreadsheet: an .ods written by Gnumeric's
`ssconvert` from a .gnumeric XML file written here (title merged, brand cells merged
vertically, a total row). Text: a tab-separated export in CP866 (DOS Cyrillic) with
CRLF, a title line and a total line, as an old accounting program writes it.

Needs: Debian `groff ghostscript fontforge-nox libreoffice-writer-nogui gnumeric
python3-gi python3-gi-cairo python3-cairo gir1.2-pango-1.0 fonts-dejavu-core
poppler-utils`; PyPI `pymupdf odfpy` (for the Python running this script) and
`fpdf==1.7.2` (installed by this script into $MAKE11_FPDF, default
~/.cache/make11-fpdf17, if missing).

The rows come from this script's own vocabulary (not make6.py's to make10.py's): trucks,
vans and minibuses common in Central Asia and classic cars, in Latin and Russian
spellings, any case; some descriptions carry Kyrgyz words (`айдоочу`, `жүргүнчү`, `жаңы
үлгү`, `кабина гана`). Each `holdout11_NAME.EXT` comes with
`holdout11_NAME.expected.csv`:
`page,id,brand,model,years,description,brand_carried,make,models` as in make10.py (page:
the 1-based page where the row's ID is printed, read back from the PDF with pymupdf and
checked against `pdftotext -layout`'s form feeds; for the spreadsheet and the text file
the 1-based sheet number). Cells whitespace collapsed, as printed. `brand_carried`: true
where the row does not print its brand itself (a merged brand cell below its first row,
a group heading). Junk rows (an ID and a note, no brand, no model) inside a merged brand
cell read its brand and `true`; elsewhere (group headings included) an empty brand and
`false`. `make` is the make's canonical Latin name, `models` the model's spellings
joined by `|`, canonical Latin first. Everything is seeded; the PDFs and the .ods are
not byte-reproducible (producers write dates), the expected CSVs and the CP866 file are.
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
PREFIX = "holdout11_"
FONT_DIR = "/usr/share/fonts/truetype/dejavu"
FONT = f"{FONT_DIR}/DejaVuSans.ttf"
FONT_BOLD = f"{FONT_DIR}/DejaVuSans-Bold.ttf"
KEYS = ("id", "brand", "model", "years", "description")
FPDF_DIR = Path(os.environ.get("MAKE11_FPDF", Path.home() / ".cache" / "make11-fpdf17"))
SYSTEM_PYTHON = "/usr/bin/python3"      # has Debian's python3-gi (PyGObject)

# (brand spellings: canonical Latin make first; model spellings: canonical Latin first;
#  first year, last year or None, body kinds)
VOCABULARY = [
    # Japanese and Korean light trucks, vans and minibuses
    (["Isuzu", "Исузу", "ИСУЗУ", "Исудзу"], ["Elf NKR", "Эльф", "Эльф NKR", "Elf"], 1993, None, ["грузовик", "бортовой", "фургон"]),
    (["Isuzu", "Исузу"], ["Forward", "Форвард", "Форвард 5т"], 1994, None, ["грузовик", "самосвал"]),
    (["Hyundai", "Хюндай", "Хендай", "ХЕНДАЙ"], ["Porter H100", "Портер H-100", "Портер 1", "Porter 1"], 1996, 2012, ["грузовик", "бортовой"]),
    (["Hyundai", "Хюндай", "Хендай"], ["County", "Каунти", "Каунти длинный"], 1998, None, ["автобус 25 мест", "автобус"]),
    (["Hyundai", "Хюндай"], ["H-1 TQ", "Старекс 2", "Гранд Старекс"], 2007, 2021, ["микроавтобус 12 мест", "фургон"]),
    (["Kia", "Кия", "КИЯ"], ["Bongo Frontier", "Бонго Фронтьер", "K2700"], 1997, 2004, ["грузовик", "бортовой", "двойная кабина"]),
    (["Kia", "Кия"], ["Granbird", "Гранбёрд"], 2004, None, ["автобус"]),
    (["Mitsubishi", "Мицубиши", "МИЦУБИШИ"], ["Canter FE", "Кантер", "Фусо Кантер"], 1993, None, ["грузовик", "самосвал"]),
    (["Toyota", "Тоёта", "ТОЙОТА"], ["HiAce H200", "Хайс 200", "Хайэйс"], 2004, None, ["микроавтобус", "фургон", "коммутер"]),
    (["Toyota", "Тоёта"], ["Dyna", "Дюна", "Дина"], 1995, 2016, ["грузовик", "бортовой"]),
    (["Nissan", "Нисан", "НИССАН"], ["Caravan E25", "Караван 25", "Караван"], 2001, 2012, ["микроавтобус", "фургон"]),
    # European vans
    (["Mercedes-Benz", "Мерс", "Мерседес-Бенц", "MB"], ["Sprinter 901", "Спринтер классик", "Спринтер 1", "T1N"], 1995, 2006, ["микроавтобус 18 мест", "фургон", "маршрутка"]),
    (["Mercedes-Benz", "Мерс", "Мерседес-Бенц"], ["Vario", "Варио"], 1996, 2013, ["автобус", "грузовик"]),
    (["Ford", "Форд", "ФОРД"], ["Transit Mk7", "Транзит 7", "Транзит"], 2006, 2014, ["микроавтобус", "фургон", "маршрутка"]),
    (["Volkswagen", "Фольцваген", "Фольксваген", "VW"], ["LT 35", "ЛТ 35", "ЛТ-35"], 1996, 2006, ["фургон", "микроавтобус"]),
    (["Volkswagen", "Фольцваген", "VW"], ["Crafter", "Крафтер"], 2006, None, ["фургон", "микроавтобус"]),
    (["Iveco", "Ивеко", "ИВЕКО"], ["Daily", "Дейли", "Дэйли"], 1999, None, ["фургон", "шасси"]),
    (["Fiat", "Фиат"], ["Ducato 250", "Дукато", "Дукато 250"], 2006, None, ["фургон", "микроавтобус"]),
    (["Renault", "Рено", "РЕНО"], ["Master 2", "Мастер 2", "Мастер"], 1998, 2010, ["фургон"]),
    # Russian and Chinese trucks and buses
    (["GAZ", "ГАЗ", "газ"], ["Gazelle Next", "ГАЗель Next", "ГАЗель Некст", "Некст"], 2013, None, ["бортовой", "фургон", "микроавтобус"]),
    (["GAZ", "ГАЗ"], ["3307", "ГАЗ-3307", "Газон"], 1989, 2020, ["грузовик", "самосвал"]),
    (["PAZ", "ПАЗ", "паз"], ["3205", "ПАЗ-3205", "Пазик"], 1989, None, ["автобус"]),
    (["KAMAZ", "КАМАЗ", "Камаз"], ["5320", "КамАЗ-5320", "Камаз 5320"], 1976, 2000, ["грузовик", "бортовой"]),
    (["MAZ", "МАЗ"], ["5440", "МАЗ-5440", "Маз тягач"], 1997, None, ["тягач"]),
    (["Foton", "Фотон", "ФОТОН"], ["Aumark", "Аумарк", "Аумарк 1049"], 2008, None, ["грузовик", "бортовой"]),
    (["Foton", "Фотон"], ["View", "Вью", "Foton View"], 2004, None, ["микроавтобус"]),
    (["Shacman", "Шакман", "ШАКМАН", "Шанкси"], ["X3000", "Х3000", "Шакман 3000"], 2013, None, ["тягач", "самосвал"]),
    (["Sinotruk", "Хово", "HOWO", "Синотрук"], ["Howo A7", "Хово А7", "А7"], 2010, None, ["тягач", "самосвал"]),
    (["Dongfeng", "Донг Фенг", "ДОНФЕНГ"], ["Captain", "Капитан", "Кэптен"], 2012, None, ["грузовик"]),
    # classic cars
    (["Lada", "ВАЗ", "Лада", "ваз"], ["Niva 21213", "Нива", "Нива 3 двери", "21213"], 1993, 2006, ["внедорожник 3 двери", "внедорожник"]),
    (["Lada", "ВАЗ", "Лада"], ["2109", "Девятка", "ВАЗ-2109"], 1987, 2004, ["хэтчбек"]),
    (["Audi", "Ауди", "АУДИ"], ["100 C4", "Ауди 100 С4", "Сотка"], 1990, 1994, ["седан", "универсал"]),
    (["Mercedes-Benz", "Мерс", "Мерседес-Бенц", "MB"], ["W124", "Мерс 124", "Волчок"], 1984, 1997, ["седан", "универсал"]),
    (["BMW", "Бмв", "БМВ"], ["5 Series E34", "Е34", "E34", "5-ка 34"], 1988, 1996, ["седан", "универсал"]),
    (["BMW", "Бмв", "БМВ"], ["3 Series E46", "Е46", "3-ка 46"], 1998, 2006, ["седан", "купе"]),
    (["Volkswagen", "Фольцваген", "VW"], ["Passat B3", "Пассат Б3", "Пассат B3"], 1988, 1993, ["седан", "универсал"]),
    (["Volkswagen", "Фольцваген", "Фольксваген"], ["Passat B4", "Пассат Б4"], 1993, 1997, ["седан", "универсал"]),
    (["Opel", "Опель", "OPEL"], ["Vectra A", "Вектра А", "Вектра"], 1988, 1995, ["седан", "хэтчбек"]),
    (["Opel", "Опель"], ["Omega B", "Омега Б", "Омега"], 1994, 2003, ["седан", "универсал"]),
    (["Moskvich", "Москвич", "АЗЛК"], ["412", "Москвич-412", "ИЖ-412"], 1967, 1997, ["седан"]),
    (["ZAZ", "ЗАЗ", "заз"], ["Tavria", "Таврия", "ЗАЗ-1102"], 1987, 2007, ["хэтчбек"]),
]

YEARS_RANGE = ["{a}-{b}", "{a}-{b}", "{a}-{b}", "{a}–{b} гг.", "{a}–{b} гг.", "{a} - {b}", "{a}-{b}г.",
               "{a}-{b} жж."]
YEARS_OPEN = ["с {a}", "с {a}", "с {a}г.", "от {a}", "{a}-...", "{a}-ж. баштап"]
YEARS_ONE = ["до {b}г", "до {b}г", "до {b} г.", "{a}", "{a} г.в."]
EXTRAS = ["айдоочу + жүргүнчү", "айдоочу орду", "кабина гана", "жаңы үлгү", "эски үлгү", "оң руль", "сол руль",
          "правый руль", "левый руль", "кабина узкая", "кабина широкая", "со спальником", "без спальника",
          "передние", "салон целиком", "3 места в кабине", "2 места в кабине", "4WD", "2WD", "короткая база",
          "длинная база", "высокая крыша", "низкая крыша", "борт 4,2 м", "борт 3 м", "под тахограф",
          "с люком", "без люка", "ячейка соты", "ячейка ромб", "кант чёрный", "резиновые", "EVA", "ворс",
          "с подпятником", "дизель", "бензин", "газ/бензин", "механика", "автомат", "рестайлинг", "дорестайлинг"]
LONG = ["лекало снято с машины клиента из Нарына, перед запуском в работу сверить с фото и размерами тоннеля",
        "для кабины со спальником лекало другое: при заказе уточните у водителя высоту моторного тоннеля и тип сидений",
        "салон маршрутки режется по месту, потому что у перевозчиков разные схемы посадки и разное количество рядов",
        "оң рулдуу машиналар үчүн лекало күзгү сыяктуу, заказ бергенде руль кайсы тарапта экенин сөзсүз көрсөтүңүз",
        "коврик водителя с усиленным подпятником, пассажирский двойной; в комплекте клипсы для крепления к полу"]
SIDES = [{"оң руль", "сол руль", "правый руль", "левый руль"}, {"2WD", "4WD"}, {"механика", "автомат"},
         {"бензин", "дизель", "газ/бензин"}, {"рестайлинг", "дорестайлинг"}, {"кабина узкая", "кабина широкая"},
         {"со спальником", "без спальника"}, {"короткая база", "длинная база"}, {"высокая крыша", "низкая крыша"},
         {"борт 4,2 м", "борт 3 м"}, {"с люком", "без люка"}, {"3 места в кабине", "2 места в кабине"},
         {"жаңы үлгү", "эски үлгү"}, {"резиновые", "EVA", "ворс"}, {"ячейка соты", "ячейка ромб"},
         {"айдоочу + жүргүнчү", "айдоочу орду", "салон целиком", "передние", "кабина гана"}]
JUNK = ["лекало утеряно", "не заказывать — брак", "позиция объединена с предыдущей", "ждём образец",
        "номер свободен", "на согласовании"]


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


TRUCK_ONLY = {"кабина гана", "кабина узкая", "кабина широкая", "со спальником", "без спальника",
              "3 места в кабине", "2 места в кабине", "высокая крыша", "низкая крыша", "борт 4,2 м",
              "борт 3 м", "под тахограф", "короткая база", "длинная база"}
CARS = ("седан", "хэтчбек", "универсал", "купе", "внедорожник")
CAR_ONLY = {"с люком", "без люка", "4WD", "2WD", "передние"}


def description(rng, body):
    parts = [rng.choice(body)] if rng.random() < 0.7 else []
    car = any(b.startswith(CARS) for b in body)
    pool = [e for e in EXTRAS if e not in (TRUCK_ONLY if car else CAR_ONLY)]
    extras = rng.sample(pool, rng.choice([0, 1, 1, 2, 2, 3]))
    for pair in SIDES:             # one of each exclusive set only
        if len(set(extras) & pair) > 1:
            extras = [e for e in extras if e not in pair or e == next(x for x in extras if x in pair)]
    parts += [e for e in dict.fromkeys(extras) if not any(e in p for p in parts)]
    if not parts:
        parts = [rng.choice(pool)]
    if rng.random() < 0.075:
        parts.append(rng.choice([LONG[0], LONG[3], LONG[4]] if car else LONG))
    return rng.choice([", ", ", ", ", ", " ", "; ", " + "]).join(parts)


def spelling(rng, brands):
    """A brand as a supplier types it: one of its spellings, sometimes upper or lower case."""
    brand = rng.choice(brands)
    roll = rng.random()
    return brand.upper() if roll < 0.08 else brand.lower() if roll < 0.14 else brand


def table(seed, count, idfmt, order="gapped", grouped=False, junk=3, max_group=6, start=None):
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
            for _ in range(len(keys) // 7):
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


# ---------------------------------------------------------------- groff ms + tbl -> grops -> ps2pdf

def groff_fonts(tmp):
    """DejaVu Sans (R) and Sans Bold (B) as groff PostScript fonts: fontforge writes a
    Type 1 font (.pfa) and its metrics (.afm), afmtodit the groff font description."""
    devps = tmp / "font" / "devps"
    devps.mkdir(parents=True)
    shutil.copy("/usr/share/groff/current/font/devps/DESC", devps / "DESC")
    sysps = Path("/usr/share/groff/current/font/devps")
    names = {}
    for ttf, gname in ((FONT, "DJR"), (FONT_BOLD, "DJB")):
        stem = Path(ttf).stem
        script = (f'Open("{ttf}"); Reencode("unicode"); '
                  f'Generate("{tmp}/{stem}.pfa", "", 0x1)')      # 0x1: with the .afm
        run("fontforge", "-lang=ff", "-c", script)
        pfa = tmp / f"{stem}.pfa"
        ps_name = re.search(rb"/FontName\s*/(\S+)", pfa.read_bytes()).group(1).decode()
        run("afmtodit", "-e", str(sysps / "text.enc"), str(tmp / f"{stem}.afm"), str(sysps / "generate" / "textmap"),
            str(devps / gname))
        shutil.copy(pfa, devps / f"{stem}.pfa")
        names[ps_name] = f"{stem}.pfa"
        names[gname] = ps_name
    # grops reads the first download file on the font path: the system's entries, then ours
    (devps / "download").write_text((sysps / "download").read_text()
                                    + "".join(f"{k}\t{v}\n" for k, v in names.items() if v.endswith(".pfa")))
    return tmp / "font"


def roff(text):
    text = text.replace("\\", "\\e")
    return re.sub(r"^([.'])", r"\\&\1", text)


def groff_ms_tbl(name, rows, *, firm, title, date, labels, foot):
    """groff -ms with tbl: `.TS H` / `.TH`, the header row boxed (vertical and horizontal
    rules on that row only), no rules between the body rows; the description a text
    block (`T{ ... T}`) of fixed width that wraps. grops writes PostScript with the
    DejaVu Type 1 fonts downloaded, ps2pdf makes the PDF."""
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        fontdir = groff_fonts(tmp)
        out = [".nr PS 8.5p", ".nr VS 10.5p", ".nr PO 1.4c", ".nr LL 18.2c", ".nr HM 1.8c", ".nr FM 2c",
               ".ds FAM DJ", ".fam DJ",
               ".hy 0", ".nh", f".ds LH {roff(firm)}", ".ds CH", f".ds RH {roff(date)}",
               f".ds LF {roff(foot)}", ".ds CF", ".ds RF Стр. \\\\n[%]",
               ".LP", ".ce", f"\\f[B]\\s[+3]{roff(title)}\\s[0]\\f[R]", ".sp 0.6",
               ".na", ".TS H", "center tab(@);",
               # the header row boxed (its own format line with vertical rules), the body
               # rows without rules; the body widths fixed, so text blocks wrap
               "|cB2|cB2|cB2|cB2|cB|",
               "lw(1.8c)2 lw(3c)2 lw(2.8c)2 lw(2.5c)2 lw(6.6c).",
               "_", "@".join(roff(l) for l in labels), "_", ".TH"]
        for r in rows:
            cells = [r["id"], r["brand"], r["model"], r["years"], r["description"]]
            out.append("@".join(f"T{{\n{roff(c)}\nT}}" if c else "" for c in cells))
        out.append(".TE")
        out += [".sp", f"\\f[B]Итого позиций: {len(rows)}\\f[R]"]
        src = tmp / "table.ms"
        src.write_text("\n".join(out) + "\n", encoding="utf-8")
        if os.environ.get("MAKE11_KEEP"):
            shutil.copy(src, Path(os.environ["MAKE11_KEEP"]) / f"{name}.ms")
        env = dict(os.environ, GROFF_FONT_PATH=str(fontdir))
        done = run("groff", "-k", "-t", "-ms", "-Tps", "-dpaper=a4", "-P-pa4", "-ww", str(src), env=env)
        if done.stderr.strip():
            raise SystemExit(f"{name}: groff warns: {done.stderr.decode(errors='replace')[:2000]}")
        (tmp / "table.ps").write_bytes(done.stdout)
        run("ps2pdf", "-sPAPERSIZE=a4", str(tmp / "table.ps"), str(out_path(name, "pdf")))
    return set()


# ---------------------------------------------------------------- odfpy .odt -> LibreOffice Writer

def odt_writer_zebra(name, rows, *, firm, title, date, labels, foot):
    """An .odt written with odfpy: a title, a date line, one table whose first row is a
    table:table-header-rows (Writer repeats it on each page), body rows alternately
    shaded and kept together (fo:keep-together, so no row splits over a page break), thin borders at the bottom of each cell; a footer with the page number.
    `soffice --headless --convert-to pdf` prints it."""
    from odf.opendocument import OpenDocumentText
    from odf.style import (Style, TextProperties, ParagraphProperties, TableColumnProperties,
                           TableProperties, TableCellProperties, TableRowProperties, PageLayout, PageLayoutProperties,
                           MasterPage, Footer, Header, FontFace)
    from odf.table import Table, TableColumn, TableRow, TableCell, TableHeaderRows
    from odf.text import P, PageNumber, PageCount

    doc = OpenDocumentText()
    doc.fontfacedecls.addElement(FontFace(name="DejaVu Sans", fontfamily="'DejaVu Sans'",
                                          fontfamilygeneric="swiss", fontpitch="variable"))
    layout = PageLayout(name="A4")
    layout.addElement(PageLayoutProperties(pagewidth="21cm", pageheight="29.7cm", margintop="1.5cm",
                                           marginbottom="1.2cm", marginleft="1.8cm", marginright="1.5cm",
                                           printorientation="portrait"))
    doc.automaticstyles.addElement(layout)

    def pstyle(sname, size, bold=False, align="start", family="paragraph", auto=True):
        s = Style(name=sname, family=family)
        s.addElement(TextProperties(fontname="DejaVu Sans", fontsize=f"{size}pt",
                                    fontweight="bold" if bold else "normal", hyphenate="false"))
        s.addElement(ParagraphProperties(textalign=align, margintop="0cm", marginbottom="0cm"))
        (doc.automaticstyles if auto else doc.styles).addElement(s)
        return s

    p_title = pstyle("PTitle", 13, True, "center")
    p_small = pstyle("PSmall", 8.5, False, "center")
    p_cell = pstyle("PCell", 8.5)
    p_head = pstyle("PHead", 8.5, True, "center")
    p_total = pstyle("PTotal", 9.5, True)
    p_foot = pstyle("PFoot", 8, False, "center", auto=False)
    master = MasterPage(name="Standard", pagelayoutname=layout)
    footer = Footer()
    fp = P(stylename=p_foot, text=f"{foot} — стр. ")
    fp.addElement(PageNumber(selectpage="current", text="1"))
    fp.addText(" из ")
    fp.addElement(PageCount(text="1"))
    footer.addElement(fp)
    master.addElement(footer)
    header = Header()
    header.addElement(P(stylename=p_foot, text=firm))
    master.addElement(header)
    doc.masterstyles.addElement(master)

    widths = ["2.1cm", "2.8cm", "3.4cm", "2.7cm", "6.7cm"]
    tstyle = Style(name="Tbl", family="table")
    tstyle.addElement(TableProperties(width="17.7cm", align="left"))
    doc.automaticstyles.addElement(tstyle)
    cols = []
    for k, w in enumerate(widths):
        cs = Style(name=f"Col{k}", family="table-column")
        cs.addElement(TableColumnProperties(columnwidth=w))
        doc.automaticstyles.addElement(cs)
        cols.append(cs)
    border = "0.5pt solid #9a9a9a"
    cell_styles = {}
    for kind, bg in (("head", "#c9d7e8"), ("odd", "#ffffff"), ("even", "#eef2f6")):
        cs = Style(name=f"Cell{kind}", family="table-cell")
        cs.addElement(TableCellProperties(backgroundcolor=bg, padding="0.06cm", borderbottom=border,
                                          bordertop=border if kind == "head" else "none",
                                          borderleft="none", borderright="none"))
        doc.automaticstyles.addElement(cs)
        cell_styles[kind] = cs

    doc.text.addElement(P(stylename=p_title, text=title))
    doc.text.addElement(P(stylename=p_small, text=date))
    doc.text.addElement(P(stylename=p_small, text=""))
    tbl = Table(name="Lekala", stylename=tstyle)
    for cs in cols:
        tbl.addElement(TableColumn(stylename=cs))
    head = TableHeaderRows()
    tr = TableRow()
    for label in labels:
        c = TableCell(stylename=cell_styles["head"], valuetype="string")
        c.addElement(P(stylename=p_head, text=label))
        tr.addElement(c)
    head.addElement(tr)
    tbl.addElement(head)
    row_style = Style(name="RowKeep", family="table-row")
    row_style.addElement(TableRowProperties(keeptogether="always"))
    doc.automaticstyles.addElement(row_style)
    for n, r in enumerate(rows):
        tr = TableRow(stylename=row_style)
        for k in KEYS:
            c = TableCell(stylename=cell_styles["even" if n % 2 else "odd"], valuetype="string")
            c.addElement(P(stylename=p_cell, text=r[k]))
            tr.addElement(c)
        tbl.addElement(tr)
    doc.text.addElement(tbl)
    doc.text.addElement(P(stylename=p_small, text=""))
    doc.text.addElement(P(stylename=p_total, text=f"Всего позиций: {len(rows)}"))
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        odt = tmp / f"{PREFIX}{name}.odt"
        doc.save(str(odt))
        run("soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "pdf",
            "--outdir", str(tmp), str(odt), timeout=600)
        shutil.copy(tmp / f"{PREFIX}{name}.pdf", out_path(name, "pdf"))
    return set()


# ---------------------------------------------------------------- PangoCairo

def pango_cairo(name, rows, *, firm, title, date, labels, foot):
    """make11_pango.py (system Python, PyGObject) lays out each cell with Pango (word
    wrap at the column width) and draws it onto a cairo PDF surface, A4 landscape; the
    columns are separated by vertical rules only (no horizontal rules but one under the
    header)."""
    spec = {"out": str(out_path(name, "pdf")), "firm": firm, "title": title, "date": date, "labels": labels,
            "foot": foot, "rows": [[r[k] for k in KEYS] for r in rows], "total": f"Итого: {len(rows)} лекал"}
    run(SYSTEM_PYTHON, str(HERE / "make11_pango.py"), stdin=json.dumps(spec).encode())
    return set()


# ---------------------------------------------------------------- PyFPDF 1.7.2

def fpdf17():
    if not (FPDF_DIR / "fpdf" / "fpdf.py").exists():
        run(sys.executable, "-m", "pip", "install", "--quiet", "--target", str(FPDF_DIR), "fpdf==1.7.2")
    sys.path.insert(0, str(FPDF_DIR))
    import fpdf

    if fpdf.FPDF_VERSION != "1.7.2":
        raise SystemExit(f"fpdf {fpdf.FPDF_VERSION} imported, 1.7.2 wanted")
    fpdf.fpdf.FPDF_CACHE_MODE = 1        # no .pkl beside the system's font files
    return fpdf


def pyfpdf_groups(name, rows, *, firm, title, date, labels, foot):
    """PyFPDF 1.7.2 (`FPDF.cell`, `line`, `rect`), DejaVu as a Unicode TrueType font.
    The brand is a group heading (bold on a light fill across the table); the table has
    four columns (ID, model, years, description), the description wraps (laid out here
    with fpdf's own string widths). Header on every page, a rule under each row."""
    fpdf = fpdf17()
    pdf = fpdf.FPDF("P", "mm", "A4")
    pdf.add_font("DejaVu", "", FONT, uni=True)
    pdf.add_font("DejaVu", "B", FONT_BOLD, uni=True)
    pdf.set_auto_page_break(False)
    size, line_h = 8.5, 4.2
    widths = [22, 38, 30, 95]
    x0, top, bottom = 13, 15, 282
    pdf.set_font("DejaVu", "", size)
    width_of = lambda text, sz: pdf.get_string_width(text)

    def page_head(first):
        pdf.add_page()
        y = top
        if first:
            pdf.set_font("DejaVu", "B", 13)
            pdf.set_xy(x0, y)
            pdf.cell(sum(widths), 7, title, 0, 0, "L")
            pdf.set_font("DejaVu", "", 8.5)
            pdf.set_xy(x0, y + 7)
            pdf.cell(sum(widths), 5, f"{firm} • {date}", 0, 0, "L")
            y += 15
        pdf.set_font("DejaVu", "B", size)
        pdf.set_fill_color(70, 70, 70)
        pdf.set_text_color(255, 255, 255)
        x = x0
        for w, label in zip(widths, labels):
            pdf.set_xy(x, y)
            pdf.cell(w, 6, label, 0, 0, "L", True)
            x += w
        pdf.set_text_color(0, 0, 0)
        pdf.set_font("DejaVu", "", size)
        return y + 6

    def page_foot(number):
        pdf.set_font("DejaVu", "", 7.5)
        pdf.set_xy(x0, 287)
        pdf.cell(sum(widths), 4, f"{foot}   лист {number}", 0, 0, "R")
        pdf.set_font("DejaVu", "", size)

    number = 1
    y = page_head(True)
    for brand, members in groups(rows):
        for n, i in enumerate(members):
            r = rows[i]
            cells = [r["id"], r["model"], r["years"], r["description"]]
            lines = [wrap(c, w - 2.4, size, width_of, name) if c else [""] for c, w in zip(cells, widths)]
            h = max(len(l) for l in lines) * line_h + 1.6
            need = h + (7 + line_h + 1.6 if n == 0 else 0)     # a heading with its first row
            if y + need > bottom:
                page_foot(number)
                number += 1
                y = page_head(False)
            if n == 0 or y < top + 10:
                if n == 0:
                    pdf.set_font("DejaVu", "B", 9.5)
                    pdf.set_fill_color(226, 232, 222)
                    pdf.set_xy(x0, y + 1)
                    pdf.cell(sum(widths), 6, brand, 0, 0, "L", True)
                    pdf.set_font("DejaVu", "", size)
                    y += 7
            x = x0
            for w, ls in zip(widths, lines):
                for k, text in enumerate(ls):
                    pdf.set_xy(x + 1.2, y + 0.8 + k * line_h)
                    pdf.cell(w - 2.4, line_h, text, 0, 0, "L")
                x += w
            y += h
            pdf.set_draw_color(180, 180, 180)
            pdf.set_line_width(0.15)
            pdf.line(x0, y, x0 + sum(widths), y)
    if y + 8 > bottom:
        page_foot(number)
        number += 1
        y = page_head(False)
    pdf.set_font("DejaVu", "B", 9.5)
    pdf.set_xy(x0, y + 2)
    pdf.cell(sum(widths), 6, f"Итого: {len(rows)} позиций", 0, 0, "L")
    page_foot(number)
    pdf.output(str(out_path(name, "pdf")), "F")
    return under_headings(rows)


# ---------------------------------------------------------------- Gnumeric ssconvert -> .ods

def gnumeric_ods(name, rows, *, sheet, title, supplier, labels, total):
    """A .gnumeric XML workbook written here (the title merged over A1:E1, the supplier
    line, an empty row, the header, the rows with the brand cell merged down each
    group, an empty row, the total), converted with `ssconvert` (Gnumeric's
    Gnumeric_OpenCalc:odf exporter) to .ods. IDs are numbers, except IDs with a
    letter, which are text."""
    cells, merges = [], ["A1:E1"]

    def cell(r, c, value):
        if value == "":
            return
        if isinstance(value, (int, float)):
            cells.append(f'<gnm:Cell Row="{r}" Col="{c}" ValueType="40">{value}</gnm:Cell>')
        else:
            cells.append(f'<gnm:Cell Row="{r}" Col="{c}" ValueType="60">{escape(value)}</gnm:Cell>')

    cell(0, 0, title)
    cell(1, 0, supplier)
    for c, label in enumerate(labels):
        cell(3, c, label)
    carried = merged(rows)
    for brand, members in groups(rows):
        if len(members) > 1:
            merges.append(f"B{5 + members[0]}:B{5 + members[-1]}")
        cell(4 + members[0], 1, brand)
    for n, r in enumerate(rows):
        cell(4 + n, 0, r["key"] if r["id"].isdigit() else r["id"])
        for c, k in ((2, "model"), (3, "years"), (4, "description")):
            value = r[k]
            cell(4 + n, c, int(value) if value.isdigit() else value)
    last = 4 + len(rows) + 1
    cell(last, 0, total)
    cell(last, 1, len(rows))
    widths = [62, 95, 110, 95, 330]
    cols = "".join(f'<gnm:ColInfo No="{c}" Unit="{w}"/>' for c, w in enumerate(widths))
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<gnm:Workbook xmlns:gnm="http://www.gnumeric.org/v10.dtd">
  <gnm:SheetNameIndex><gnm:SheetName gnm:Cols="256" gnm:Rows="65536">{escape(sheet)}</gnm:SheetName></gnm:SheetNameIndex>
  <gnm:Sheets>
    <gnm:Sheet>
      <gnm:Name>{escape(sheet)}</gnm:Name>
      <gnm:MaxCol>4</gnm:MaxCol>
      <gnm:MaxRow>{last}</gnm:MaxRow>
      <gnm:Cols DefaultSizePts="48">{cols}</gnm:Cols>
      <gnm:Rows DefaultSizePts="12.8"/>
      <gnm:MergedRegions>{"".join(f"<gnm:Merge>{m}</gnm:Merge>" for m in merges)}</gnm:MergedRegions>
      <gnm:Cells>{"".join(cells)}</gnm:Cells>
    </gnm:Sheet>
  </gnm:Sheets>
</gnm:Workbook>
"""
    with tempfile.TemporaryDirectory() as t:
        src = Path(t) / "price.gnumeric"
        src.write_text(xml, encoding="utf-8")
        run("ssconvert", "--export-type=Gnumeric_OpenCalc:odf", str(src), str(out_path(name, "ods")))
    return carried


# ---------------------------------------------------------------- CP866 tab-separated

def tsv_cp866(name, rows, *, title, labels, total):
    """Bytes as a DOS-era accounting program exports a report: CP866, tab-separated, CRLF,
    no quoting; a title line, the print date line, an empty line, the header, the rows,
    a total line; ends with CRLF."""
    lines = [title, "", "\t".join(labels)]
    lines += ["\t".join(r[k] for k in KEYS) for r in rows]
    lines += [f"{total}\t{len(rows)}"]
    for line in lines:
        if '"' in line:
            raise SystemExit(f"{name}: a quote in {line!r}")
    out_path(name, "csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("cp866"))
    return set()


# ---------------------------------------------------------------- the files

DOS = str.maketrans({"–": "-", "—": "-", "ү": "у", "Ү": "У", "ң": "н", "Ң": "Н", "ө": "о", "Ө": "О",
                     "«": "<", "»": ">"})


def dos_rows(rows):
    """CP866 has no Kyrgyz letters and no dashes: as the old program's users type them
    (`ү` as `у`, `ң` as `н`, `ө` as `о`, an en dash as a hyphen)."""
    for r in rows:
        for k in KEYS:
            r[k] = r[k].translate(DOS)
    return rows


def prefixed(prefix, pad, suffix=""):
    return lambda key, rng: f"{prefix}{key:0{pad}d}{suffix}"


def lettered(key, rng):
    """Numbers, some with a Cyrillic variant letter (`1175А`)."""
    return f"{key}{rng.choice('АБВ')}" if rng.random() < 0.15 else str(key)


def plain_or_letter(key, rng):
    return f"{key}{rng.choice('аб')}" if rng.random() < 0.1 else str(key)


FILES = {
    "groff_ms_tbl": (lambda: table(1101, 180, prefixed("ЛК-", 4), start=1203, junk=3),
                  groff_ms_tbl, "pdf",
                  dict(firm="ИП Абдыкеримов А. — лекала ковриков", title="Прайс-лист: лекала для грузовиков и классики",
                       date="на 01.12.2026", labels=["Шифр", "Марка", "Модель", "Годы", "Описание"],
                       foot="Бишкек, рынок «Кудайберген», контейнер 114")),
    "odt_writer_zebra": (lambda: table(1102, 200, lettered, order="shuffled", start=1170, junk=4),
                         odt_writer_zebra, "pdf",
                         dict(firm="ОсОО «Жол-Текстиль»", title="Каталог лекал: автобусы, фургоны, грузовики",
                              date="Состояние на 02.12.2026", labels=["№ лекала", "Марка", "Модель", "Год", "Описание"],
                              foot="Жол-Текстиль, тел. +996 772 10-20-30")),
    "pango_cairo": (lambda: table(1103, 190, prefixed("VN-", 5), start=20331, junk=2),
                    pango_cairo, "pdf",
                    dict(firm="Nomad Mats, г. Каракол", title="Лекала ковриков — коммерческий транспорт и классика",
                         date="актуально на 03.12.2026",
                         labels=["Код", "Марка ТС", "Модель", "Выпуск", "Примечание"],
                         foot="Nomad Mats • заказы в WhatsApp +996 555 98-76-54")),
    "pyfpdf_groups": (lambda: table(1104, 170, prefixed("КМ", 3), grouped=True, start=101, junk=3),
                      pyfpdf_groups, "pdf",
                      dict(firm="ИП Сатыбалдиев, г. Талас", title="Лекала автоковриков по маркам",
                           date="04.12.2026", labels=["Артикул", "Модель", "Годы выпуска", "Описание"],
                           foot="ИП Сатыбалдиев")),
    "gnumeric_ods": (lambda: table(1105, 200, plain_or_letter, grouped=True, start=501, junk=3, max_group=5),
                     gnumeric_ods, "ods",
                     dict(sheet="Прайс", title="Перечень лекал автоковриков на 05.12.2026",
                          supplier="Поставщик: ОсОО «Ысык-Көл Авто», г. Чолпон-Ата",
                          labels=["Номер", "Марка", "Модель", "Годы", "Описание"], total="Всего:")),
    "tsv_cp866": (lambda: dos_rows(table(1106, 150, prefixed("", 5), start=731, junk=2)),
                  tsv_cp866, "csv",
                  dict(title="ОТЧЕТ: Номенклатура лекал (склад N1) от 06.12.2026",
                       labels=["Код", "Марка", "Модель", "Годы", "Наименование"], total="Итого строк:")),
}

ID_RE = {"groff_ms_tbl": r"ЛК-\d{4}", "odt_writer_zebra": r"\d{4}[АБВ]?", "pango_cairo": r"VN-\d{5}",
         "pyfpdf_groups": r"КМ\d{3,4}"}
ID_X = {"groff_ms_tbl": (0, 130), "odt_writer_zebra": (0, 120), "pango_cairo": (0, 110), "pyfpdf_groups": (0, 110)}
RULES = re.compile(r"[|+\-=_]+")
MAX_BYTES = {"odt_writer_zebra": 600_000, "groff_ms_tbl": 900_000}


# ---------------------------------------------------------------- checks

def page_words(page):
    import pymupdf

    turn = page.rotation_matrix
    return [tuple(pymupdf.Rect(w[:4]) * turn) + (w[4],) for w in page.get_text("words")]


def id_words(path, id_re, at):
    """(page, word) for words that look like IDs within the ID column's x range and
    begin their line, in reading order."""
    import pymupdf

    x0, x1 = at
    found = []
    with pymupdf.open(path) as doc:
        for number, page in enumerate(doc, 1):
            words = [w for w in page_words(page) if not RULES.fullmatch(w[4])]
            words.sort(key=lambda w: (round(w[3], 0), w[0]))
            edge = [w for w in words if not any(abs(v[3] - w[3]) < 2 and v[2] <= w[0] for v in words)]
            found += [(number, w[4]) for w in edge if w[0] >= x0 and w[2] <= x1 and re.fullmatch(id_re, w[4])]
    return found


def check_drawn(name, path):
    """No word crosses a vertical rule of the page, and no two words overlap."""
    import pymupdf

    with pymupdf.open(path) as doc:
        for number, page in enumerate(doc, 1):
            verticals = []
            for d in page.get_drawings():
                for item in d["items"]:
                    if item[0] == "l" and abs(item[1].x - item[2].x) < 0.5 and abs(item[1].y - item[2].y) > 4:
                        verticals.append((item[1].x, min(item[1].y, item[2].y), max(item[1].y, item[2].y)))
                    elif item[0] == "re" and item[1].width < 3 and item[1].height > 4:
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
            width = page.rect.width
            for w in words:
                if w[0] < 0 or w[2] > width:
                    raise SystemExit(f"{name}: {w[4]!r} off the page {number}")
    return True


def check_pdf(name, rows):
    """The IDs in order at the start of their lines, every word of a row on the row's page
    (pymupdf), every word in `pdftotext -layout`'s output, and in that output each cell
    between the row's ID line and the next. Returns the pages."""
    import pymupdf

    path = out_path(name, "pdf")
    found = id_words(path, ID_RE[name], ID_X[name])
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
    check_layout_lines(name, rows, layout, pages, layout_pages)
    check_drawn(name, path)
    if path.stat().st_size > MAX_BYTES.get(name, 400_000):
        raise SystemExit(f"{name}: {path.stat().st_size} bytes")
    return pages, count


def check_layout_lines(name, rows, layout, pages, layout_pages):
    """Each row's ID starts a line of `pdftotext -layout`, on the page the expected CSV
    gives (form feeds), and each cell's words are found within the lines from there to
    the next row's ID line (wrapped cells continue on the lines below)."""
    lines = layout.split("\n")
    starts = {}
    for n, line in enumerate(lines):
        edge = line.replace("\f", "").split()[:1]
        if edge:
            starts.setdefault(edge[0], []).append(n)
    ids = [r["id"] for r in rows]
    at = 0
    for k, r in enumerate(rows):
        hits = [n for n in starts.get(r["id"], []) if n >= at]
        if not hits:
            raise SystemExit(f"{name}: pdftotext -layout has no line starting {r['id']}")
        at = hits[0]
        if layout_pages[at] != pages[k]:
            raise SystemExit(f"{name}: {r['id']} is on page {layout_pages[at]} in pdftotext, {pages[k]} in pymupdf")
        nxt = len(lines)
        if k + 1 < len(rows):
            later = [n for n in starts.get(ids[k + 1], []) if n > at]
            nxt = later[0] if later else nxt
        block = " ".join(lines[max(0, at - 3):nxt]).split()
        for key in KEYS[1:]:
            if key == "brand" and r.get("carried"):
                continue
            for token in r[key].split():
                if token not in block:
                    raise SystemExit(f"{name}: {token!r} of {r['id']} not near its line")


def ods_cells(table):
    """The rows of an odfpy table as lists of (kind, value, text, rows spanned, columns
    spanned); kind is the office:value-type, `covered` or `` (empty)."""
    from odf.namespaces import OFFICENS, TABLENS
    from odf import teletype

    out = []
    for row in table.getElementsByType(__import__("odf.table", fromlist=["TableRow"]).TableRow):
        cells = []
        for cell in row.childNodes:
            if not hasattr(cell, "qname"):
                continue
            repeat = int(cell.attributes.get((TABLENS, "number-columns-repeated"), 1))
            if cell.qname == (TABLENS, "covered-table-cell"):
                cells += [("covered", None, "", 1, 1)] * min(repeat, 50)
                continue
            kind = cell.attributes.get((OFFICENS, "value-type"), "")
            value = cell.attributes.get((OFFICENS, "value"))
            text = "\n".join(teletype.extractText(p) for p in cell.childNodes
                             if getattr(p, "qname", ("", ""))[1] == "p")
            spans = (int(cell.attributes.get((TABLENS, "number-rows-spanned"), 1)),
                     int(cell.attributes.get((TABLENS, "number-columns-spanned"), 1)))
            cells += [(kind, value, text) + spans] * min(repeat, 50)
        for _ in range(min(int(row.attributes.get((TABLENS, "number-rows-repeated"), 1)), 5)):
            out.append(cells)
    return out


def check_ods(name, rows, layout):
    """odfpy reads back: the single sheet's name, the title, supplier line, the empty row
    and header; every row's ID (a float equal to the key, or a string with its letter),
    brand (the merged cell's first row) or a covered cell, model, years and description;
    the exact set of spanning cells; the total."""
    from odf.opendocument import load
    from odf.table import Table

    doc = load(str(out_path(name, "ods")))
    tables = doc.getElementsByType(Table)
    names = [t.getAttribute("name") for t in tables]
    if names != [layout["sheet"]]:
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
        raise SystemExit(f"{name}: spans differ: {sorted(spans ^ want)[:6]}")
    for n, r in enumerate(rows):
        line = grid[4 + n]
        kind, value, shown = line[0][:3]
        if r["id"].isdigit():
            ok = kind == "float" and float(value) == r["key"] and shown == r["id"]
        else:
            ok = kind == "string" and shown == r["id"]
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
        for c, k in ((2, "model"), (3, "years")):
            if r[k].isdigit() and line[c][0] != "float":
                raise SystemExit(f"{name}: row {r['id']} {k} is not a number")
    rest = grid[4 + len(rows):]
    if any(c[2] for c in rest[0]) or [c[2] for c in rest[1][:2]] != [layout["total"], str(len(rows))] or \
            any(any(c[2] for c in line) for line in rest[2:]):
        raise SystemExit(f"{name}: the total row differs")
    return [1] * len(rows), len(tables)


def check_tsv(name, rows, layout):
    """Read back as CP866, CRLF only, tab-separated (csv module, no quoting): the title,
    the empty line, the header, every row's five fields, the total."""
    raw = out_path(name, "csv").read_bytes()
    if b"\n" in raw.replace(b"\r\n", b"") or b"\r" in raw.replace(b"\r\n", b"") or not raw.endswith(b"\r\n"):
        raise SystemExit(f"{name}: not CRLF")
    try:
        raw.decode("utf-8")
        raise SystemExit(f"{name}: decodes as UTF-8")
    except UnicodeDecodeError:
        pass
    text = raw.decode("cp866")
    got = list(csv.reader(io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE))
    want = [[layout["title"]], [], layout["labels"]] + [[r[k] for k in KEYS] for r in rows]
    want += [[layout["total"], str(len(rows))]]
    if got != want:
        diff = next(k for k, (a, b) in enumerate(zip(got + [None] * len(want), want)) if a != b)
        raise SystemExit(f"{name}: line {diff + 1} reads {got[diff] if diff < len(got) else None}, expected {want[diff]}")
    return [1] * len(rows), 1


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
        pages, count = check_tsv(name, rows, layout)
    with open(HERE / f"{PREFIX}{name}.expected.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["page", "id", "brand", "model", "years", "description", "brand_carried", "make", "models"])
        for r, p in zip(rows, pages):
            if r["carried"]:
                brand = r.get("group", r["brand"])
            else:
                brand = r["brand"]
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
