// pdf-lib for make8.py: node make8_pdflib.js SPEC.json
// Draws the table itself on A4 landscape pages: every cell boxed, the header row on the
// first page only, each brand a shaded heading row spanning the table, cells wrapped to
// their column (words measured with the embedded font), a signature block below.
// SPEC: title, date, labels, widths, groups ([brand, [[cells], ...]]), total, signature,
// font, bold, out.
const fs = require("fs");
const { PDFDocument, rgb } = require("pdf-lib");
const fontkit = require("@pdf-lib/fontkit");

async function main() {
  const spec = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  pdf.setTitle(spec.title);
  pdf.setProducer("pdf-lib");
  const regular = await pdf.embedFont(fs.readFileSync(spec.font), { subset: true });
  const bold = await pdf.embedFont(fs.readFileSync(spec.bold), { subset: true });
  const W = 841.89, H = 595.28, left = 42, top = 40, bottomEdge = 40;
  const size = 9, lead = 11, pad = 3.5;
  const widths = spec.widths;
  const tableWidth = widths.reduce((a, b) => a + b, 0);

  function wrap(text, width, font) {
    const lines = [];
    let line = "";
    for (const word of String(text).split(/\s+/).filter(Boolean)) {
      const trial = line ? line + " " + word : word;
      if (line && font.widthOfTextAtSize(trial, size) > width - 2 * pad) {
        lines.push(line);
        line = word;
      } else {
        line = trial;
      }
    }
    lines.push(line);
    return lines;
  }

  let page = null, y = 0;
  function newPage() {
    page = pdf.addPage([W, H]);
    y = H - top;
  }
  function box(x, yTop, w, h, fill) {
    page.drawRectangle({ x, y: yTop - h, width: w, height: h, borderColor: rgb(0, 0, 0),
      borderWidth: 0.6, color: fill || undefined });
  }
  function row(cells, font, fill) {
    const wrapped = cells.map((c, k) => wrap(c, widths[k], font));
    const h = Math.max(...wrapped.map((l) => l.length)) * lead + 2 * pad;
    let x = left;
    wrapped.forEach((lines, k) => {
      box(x, y, widths[k], h, fill);
      lines.forEach((line, n) => page.drawText(line, { x: x + pad, y: y - pad - size - n * lead + 1.5, size, font }));
      x += widths[k];
    });
    y -= h;
  }
  function height(cells, font) {
    return Math.max(...cells.map((c, k) => wrap(c, widths[k], font).length)) * lead + 2 * pad;
  }

  newPage();
  page.drawText(spec.title, { x: left, y: y - 14, size: 14, font: bold });
  page.drawText(spec.date, { x: left, y: y - 30, size: 9, font: regular });
  y -= 42;
  row(spec.labels, bold, rgb(0.85, 0.85, 0.85));
  for (const [brand, rows] of spec.groups) {
    const headH = lead + 2 * pad;
    if (y - headH - height(rows[0], regular) < bottomEdge) newPage();
    box(left, y, tableWidth, headH, rgb(0.93, 0.9, 0.8));
    page.drawText(brand, { x: left + pad, y: y - pad - size + 1.5, size, font: bold });
    y -= headH;
    for (const cells of rows) {
      if (y - height(cells, regular) < bottomEdge) newPage();
      row(cells, regular, null);
    }
  }
  const block = [spec.total, ""].concat(spec.signature);
  if (y - block.length * 14 - 10 < bottomEdge) newPage();
  y -= 16;
  block.forEach((line, n) => page.drawText(line, { x: left, y: y - n * 14, size: 9.5, font: n === 0 ? bold : regular }));
  fs.writeFileSync(spec.out, await pdf.save());
}

main().catch((e) => { console.error(e); process.exit(1); });
