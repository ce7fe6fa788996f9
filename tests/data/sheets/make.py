"""Spreadsheets of the sample supplier table (data/supplier/evopoliki.source.csv), each
saved by another program and laid out as suppliers lay theirs out, for tests/sheets.rs:

- evopoliki.xlsx (openpyxl): a title and a date above the table, the supplier's header
  words (№ п/п | Марка автомобиля | Модель | Годы выпуска | Примечание), brands in merged
  cells over their group, IDs and plain years stored as numbers, a total row, and a
  second sheet of contacts;
- evopoliki.xls (xlwt): no brand column; each brand is a heading row merged across the
  table over its models; the header stacked on two rows (Год / выпуска);
- evopoliki.ods (odfpy): ID | Марка | Модель | Год | Описание, numbers as float cells,
  a brand left blank under the same brand ("as above"), a total row;
- evopoliki.cp1251.csv: what Excel saves on a Russian Windows: Windows-1251,
  semicolons, CRLF, a title line.

Run: pip install openpyxl xlwt odfpy && python3 tests/data/sheets/make.py
"""

import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..", "..")

with open(os.path.join(ROOT, "data/supplier/evopoliki.source.csv"), encoding="utf-8") as f:
    source = list(csv.reader(f))[1:]
rows = [r for r in source if r[0]]  # the total line is written by each layout
TOTAL = f"Итого: {len(rows)} позиций"


def number_or_text(text):
    return int(text) if text.isdigit() and not text.startswith("0") else text


def groups():
    """Runs of rows with the same brand cell."""
    run = []
    for row in rows:
        if run and run[-1][1] != row[1]:
            yield run
            run = []
        run.append(row)
    yield run


def xlsx():
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Лекала"
    sheet.append(["Лекала EVA ковриков — EVO Полики"])
    sheet.merge_cells("A1:E1")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["Актуально на 01.12.2026"])
    sheet.append([])
    sheet.append(["№ п/п", "Марка автомобиля", "Модель", "Годы выпуска", "Примечание"])
    for run in groups():
        first = sheet.max_row + 1
        for i, (id_, brand, model, years, note) in enumerate(run):
            sheet.append([number_or_text(id_), brand if i == 0 else None, model,
                          number_or_text(years), note])
        if len(run) > 1:
            sheet.merge_cells(f"B{first}:B{first + len(run) - 1}")
    sheet.append([None, TOTAL])
    contacts = book.create_sheet("Контакты")
    contacts.append(["Телефон", "+996 555 123 456"])
    contacts.append(["Адрес", "Бишкек, ул. Ахунбаева 1"])
    book.save(os.path.join(HERE, "evopoliki.xlsx"))


def xls():
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Прайс")
    bold = xlwt.easyxf("font: bold on")
    sheet.write(0, 0, "Прайс-лист на лекала", bold)
    sheet.write(2, 0, "№", bold)
    sheet.write(2, 1, "Модель", bold)
    sheet.write(2, 2, "Год", bold)
    sheet.write(3, 2, "выпуска", bold)
    sheet.write(2, 3, "Описание", bold)
    at = 4
    for run in groups():
        sheet.write_merge(at, at, 0, 3, run[0][1], bold)
        at += 1
        for id_, _, model, years, note in run:
            sheet.write(at, 0, number_or_text(id_))
            sheet.write(at, 1, model)
            sheet.write(at, 2, number_or_text(years))
            sheet.write(at, 3, note)
            at += 1
    sheet.write(at, 0, TOTAL)
    book.save(os.path.join(HERE, "evopoliki.xls"))


def ods():
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Лист1")

    def add(cells):
        tr = TableRow()
        for value in cells:
            if isinstance(value, int):
                cell = TableCell(valuetype="float", value=value)
                cell.addElement(P(text=str(value)))
            elif value:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=value))
            else:
                cell = TableCell()
            tr.addElement(cell)
        table.addElement(tr)

    add(["ID", "Марка", "Модель", "Год", "Описание"])
    previous = None
    for id_, brand, model, years, note in rows:
        add([number_or_text(id_), "" if brand == previous else brand, model,
             number_or_text(years), note])
        previous = brand
    add(["", TOTAL])
    doc.spreadsheet.addElement(table)
    doc.save(os.path.join(HERE, "evopoliki.ods"))


def cp1251_csv():
    with open(os.path.join(HERE, "evopoliki.cp1251.csv"), "w", encoding="cp1251",
              newline="") as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\r\n")
        writer.writerow(["Лекала EVO Полики", "", "", "", ""])
        writer.writerow(["№", "Марка", "Модель", "Год", "Описание"])
        writer.writerows(rows)
        writer.writerow(["", TOTAL, "", "", ""])


xlsx()
xls()
ods()
cp1251_csv()
