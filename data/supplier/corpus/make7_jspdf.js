// jsPDF + jspdf-autotable for make7.py: node make7_jspdf.js SPEC.json
// SPEC: title, date, labels, rows (arrays of cells), total, footer, font, bold (TTF paths), out.
const fs = require("fs");
const { jsPDF } = require("jspdf");
const { autoTable } = require("jspdf-autotable");

const spec = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const doc = new jsPDF({ orientation: "landscape", unit: "pt", format: "a4", compress: true });
doc.addFileToVFS("Regular.ttf", fs.readFileSync(spec.font).toString("binary"));
doc.addFont("Regular.ttf", "DejaVu", "normal");
doc.addFileToVFS("Bold.ttf", fs.readFileSync(spec.bold).toString("binary"));
doc.addFont("Bold.ttf", "DejaVu", "bold");
doc.setProperties({ title: spec.title });

doc.setFont("DejaVu", "bold");
doc.setFontSize(13);
doc.text(spec.title, 40, 40);
doc.setFont("DejaVu", "normal");
doc.setFontSize(9);
doc.text(spec.date, 40, 56);

autoTable(doc, {
  head: [spec.labels],
  body: spec.rows,
  startY: 68,
  theme: "striped",
  showHead: "everyPage",
  margin: { left: 40, right: 40, top: 40, bottom: 40 },
  styles: { font: "DejaVu", fontSize: 8.5, cellPadding: 3, overflow: "linebreak", valign: "top" },
  headStyles: { font: "DejaVu", fontStyle: "bold" },
  columnStyles: { 0: { halign: "right", cellWidth: 50 }, 1: { cellWidth: 95 }, 2: { cellWidth: 150 },
                  3: { cellWidth: 95 } },
  didDrawPage: (data) => {
    doc.setFont("DejaVu", "normal");
    doc.setFontSize(7.5);
    const size = doc.internal.pageSize;
    doc.text(`${spec.footer} ${data.pageNumber}`, size.getWidth() - 40, size.getHeight() - 20, { align: "right" });
  },
});
doc.setFont("DejaVu", "bold");
doc.setFontSize(9);
doc.text(spec.total, 40, doc.lastAutoTable.finalY + 18);
fs.writeFileSync(spec.out, Buffer.from(doc.output("arraybuffer")));
