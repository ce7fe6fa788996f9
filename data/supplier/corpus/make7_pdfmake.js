// pdfmake for make7.py: node make7_pdfmake.js SPEC.json
// SPEC: title, date, labels, rows (arrays of cells; a brand cell may be {text, rowSpan}),
// total, font, bold (TTF paths), out.
const fs = require("fs");
const pdfmake = require("pdfmake");

const spec = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setFonts({ DejaVu: { normal: spec.font, bold: spec.bold, italics: spec.font, bolditalics: spec.bold } });

const head = spec.labels.map((l, k) => ({ text: l, bold: true, alignment: k === 0 ? "right" : "left" }));
const body = spec.rows.map((cells) => cells.map((c, k) =>
  k === 0 ? { text: c, alignment: "right" } : (typeof c === "object" ? { ...c, margin: [0, 2, 0, 0] } : c)));
const doc = {
  pageSize: "A4",
  pageOrientation: "portrait",
  pageMargins: [40, 40, 40, 44],
  defaultStyle: { font: "DejaVu", fontSize: 8.5 },
  info: { title: spec.title },
  footer: (page, pages) => ({ text: `${page} / ${pages}`, alignment: "center", fontSize: 7, margin: [0, 14, 0, 0] }),
  content: [
    { text: spec.title, bold: true, fontSize: 13 },
    { text: spec.date, margin: [0, 2, 0, 8] },
    {
      table: { headerRows: 1, dontBreakRows: true, widths: [42, 80, 110, 80, "*"], body: [head, ...body] },
      layout: "lightHorizontalLines",
    },
    { text: spec.total, bold: true, margin: [0, 8, 0, 0] },
  ],
};
pdfmake.createPdf(doc).write(spec.out).then(() => {}, (e) => { console.error(e); process.exit(1); });
