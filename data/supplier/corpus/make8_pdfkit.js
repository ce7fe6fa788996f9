// pdfkit (foliojs) for make8.py: node make8_pdfkit.js SPEC.json
// Draws the table itself: a logo-like badge, title and date above, a shaded header row
// on every page, zebra-shaded rows with no rules, cells wrapped to their column width,
// the total below, and `Стр. N из M` in each page's footer.
// SPEC: logo, caption, title, date, labels, widths, align, rows, total, font, bold, out.
const fs = require("fs");
const PDFDocument = require("pdfkit");

const spec = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const doc = new PDFDocument({ size: "A4", margins: { top: 40, bottom: 52, left: 36, right: 36 },
  bufferPages: true, info: { Title: spec.title, Producer: "PDFKit" } });
doc.pipe(fs.createWriteStream(spec.out));
doc.registerFont("R", spec.font);
doc.registerFont("B", spec.bold);

const size = 8.5;
const pad = 3;
const left = 36;
const bottom = doc.page.height - 52;
const widths = spec.widths;

function cellHeight(text, w, font) {
  doc.font(font).fontSize(size);
  return doc.heightOfString(text || " ", { width: w - 2 * pad, lineGap: 0.5 });
}

function drawRow(cells, y, font, fill) {
  const h = Math.max(...cells.map((c, k) => cellHeight(c, widths[k], font))) + 2 * pad;
  if (fill) {
    doc.save().rect(left, y, widths.reduce((a, b) => a + b, 0), h).fill(fill).restore();
  }
  let x = left;
  cells.forEach((c, k) => {
    doc.fillColor("#000").font(font).fontSize(size)
      .text(c, x + pad, y + pad, { width: widths[k] - 2 * pad, align: spec.align[k], lineGap: 0.5 });
    x += widths[k];
  });
  return h;
}

function header(y) {
  return y + drawRow(spec.labels, y, "B", "#C9D3DF");
}

// Page 1: the badge, the caption beside it, the title and the date.
doc.save().roundedRect(left, 40, 118, 30, 4).fill("#1F4E79").restore();
doc.fillColor("#FFF").font("B").fontSize(12).text(spec.logo, left, 48, { width: 118, align: "center", lineBreak: false });
doc.fillColor("#1F4E79").font("R").fontSize(7.5).text(spec.caption, left + 128, 44, { width: 300 });
doc.fillColor("#000").font("B").fontSize(13).text(spec.title, left, 82);
doc.font("R").fontSize(9).text(spec.date, left, 100);
let y = header(118);
spec.rows.forEach((cells, i) => {
  const h = Math.max(...cells.map((c, k) => cellHeight(c, widths[k], "R"))) + 2 * pad;
  if (y + h > bottom) {
    doc.addPage();
    y = header(40);
  }
  y += drawRow(cells, y, "R", i % 2 ? "#EEF1F5" : null);
});
if (y + 20 > bottom) {
  doc.addPage();
  y = 40;
}
doc.fillColor("#000").font("B").fontSize(9).text(spec.total, left, y + 8);

const range = doc.bufferedPageRange();
for (let p = 0; p < range.count; p++) {
  doc.switchToPage(range.start + p);
  doc.page.margins.bottom = 0;
  doc.font("R").fontSize(7.5).fillColor("#444")
    .text(`Стр. ${p + 1} из ${range.count}`, left, doc.page.height - 34,
      { width: doc.page.width - 2 * left, align: "right", lineBreak: false });
}
doc.end();
