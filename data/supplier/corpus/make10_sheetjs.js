// SheetJS (npm xlsx 0.18.5) for make10.py: node make10_sheetjs.js SPEC.json
// Writes an OpenDocument spreadsheet (bookType "ods"): sheet 1 from SPEC.rows (arrays of
// cells; a number stays a number, a string stays text, so "00417" keeps its zeros; null
// is an empty cell), SPEC.merges as !merges ({s:{r,c}, e:{r,c}}, 0-based), SPEC.cols as
// column widths in characters; sheet 2 from SPEC.notes.
// SPEC: sheet, rows, merges, cols, notes_sheet, notes, out.
const fs = require("fs");
const XLSX = require("xlsx");

const spec = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const wb = XLSX.utils.book_new();
const ws = XLSX.utils.aoa_to_sheet(spec.rows);
ws["!merges"] = spec.merges;
ws["!cols"] = spec.cols.map((wch) => ({ wch }));
XLSX.utils.book_append_sheet(wb, ws, spec.sheet);
const notes = XLSX.utils.aoa_to_sheet(spec.notes);
notes["!cols"] = [{ wch: 24 }, { wch: 70 }];
XLSX.utils.book_append_sheet(wb, notes, spec.notes_sheet);
wb.Props = { Title: spec.title, Author: spec.author, CreatedDate: new Date(spec.created) };
XLSX.writeFile(wb, spec.out, { bookType: "ods", compression: true });
