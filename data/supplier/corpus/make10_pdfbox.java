// Apache PDFBox 2.0 for make10.py: javac -cp pdfbox2.jar make10_pdfbox.java, then
// java -cp .:pdfbox2.jar:fontbox2.jar:commons-logging.jar make10_pdfbox SPEC.tsv
// Draws every string and rule itself on A4 landscape pages: a title block on page 1, a
// header row on every page (bold, on a light fill, heavy rules above and below), a thin
// rule under each row and between the columns, cells wrapped to their column width, the
// last column (the ID) right-aligned, `Лист N из M` at the foot, the total after the table.
// SPEC (UTF-8, tab-separated): `title\t...`, `firm\t...`, `date\t...`, `foot\t...`,
// `total\t...`, `font\tPATH`, `bold\tPATH`, `out\tPATH`, `widths\tW1\t...`, `align\tL\t...`,
// `label\tC1\t...`, then one `row\tC1\t...` per row.
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

public class make10_pdfbox {
    static final float SIZE = 8.2f, LEAD = 10.2f, PAD = 3.5f;
    static final float LEFT = 34f, TOP = 36f, BOTTOM = 46f;
    static float[] widths;
    static String[] align;
    static PDType0Font regular, bold;

    static float textWidth(PDType0Font font, String s, float size) throws Exception {
        return font.getStringWidth(s) / 1000f * size;
    }

    static List<String> wrap(PDType0Font font, String text, float width) throws Exception {
        List<String> out = new ArrayList<>();
        String line = "";
        for (String word : text.trim().split("\\s+")) {
            if (word.isEmpty()) continue;
            if (textWidth(font, word, SIZE) > width)
                throw new RuntimeException("word wider than its column: " + word);
            String trial = line.isEmpty() ? word : line + " " + word;
            if (!line.isEmpty() && textWidth(font, trial, SIZE) > width) {
                out.add(line);
                line = word;
            } else {
                line = trial;
            }
        }
        out.add(line);
        return out;
    }

    static List<List<String>> cells(PDType0Font font, String[] values) throws Exception {
        List<List<String>> out = new ArrayList<>();
        for (int k = 0; k < values.length; k++) out.add(wrap(font, values[k], widths[k] - 2 * PAD));
        return out;
    }

    static float height(List<List<String>> cells) {
        int n = 1;
        for (List<String> c : cells) n = Math.max(n, c.size());
        return n * LEAD + 2 * PAD;
    }

    // y is measured from the top of the page; PDF space is flipped here.
    static void draw(PDPageContentStream cs, float pageH, List<List<String>> cells, float y, PDType0Font font)
            throws Exception {
        float x = LEFT;
        for (int k = 0; k < cells.size(); k++) {
            List<String> lines = cells.get(k);
            for (int n = 0; n < lines.size(); n++) {
                String s = lines.get(n);
                if (s.isEmpty()) continue;
                float tx = x + PAD;
                if (align[k].equals("R")) tx = x + widths[k] - PAD - textWidth(font, s, SIZE);
                cs.beginText();
                cs.setFont(font, SIZE);
                cs.newLineAtOffset(tx, pageH - (y + PAD + SIZE * 0.95f + n * LEAD));
                cs.showText(s);
                cs.endText();
            }
            x += widths[k];
        }
    }

    static void hline(PDPageContentStream cs, float pageH, float y, float width, float x0, float x1)
            throws Exception {
        cs.setLineWidth(width);
        cs.moveTo(x0, pageH - y);
        cs.lineTo(x1, pageH - y);
        cs.stroke();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> meta = new HashMap<>();
        List<String[]> rows = new ArrayList<>();
        String[] labels = null;
        for (String line : Files.readAllLines(new File(args[0]).toPath(), StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", -1);
            String[] rest = java.util.Arrays.copyOfRange(f, 1, f.length);
            switch (f[0]) {
                case "row": rows.add(rest); break;
                case "label": labels = rest; break;
                case "align": align = rest; break;
                case "widths":
                    widths = new float[rest.length];
                    for (int k = 0; k < rest.length; k++) widths[k] = Float.parseFloat(rest[k]);
                    break;
                default: meta.put(f[0], f[1]);
            }
        }
        PDDocument doc = new PDDocument();
        regular = PDType0Font.load(doc, new File(meta.get("font")));
        bold = PDType0Font.load(doc, new File(meta.get("bold")));
        PDRectangle a4 = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
        float pageW = a4.getWidth(), pageH = a4.getHeight();
        float total = 0;
        for (float w : widths) total += w;
        List<List<String>> head = cells(bold, labels);
        // paginate: rows never break across pages
        List<List<Integer>> pages = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        float y = TOP + 46 + height(head);
        List<List<List<String>>> laid = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            List<List<String>> c = cells(regular, rows.get(i));
            laid.add(c);
            float h = height(c);
            if (y + h > pageH - BOTTOM) {
                pages.add(current);
                current = new ArrayList<>();
                y = TOP + height(head);
            }
            current.add(i);
            y += h;
        }
        pages.add(current);
        for (int p = 0; p < pages.size(); p++) {
            PDPage page = new PDPage(a4);
            doc.addPage(page);
            PDPageContentStream cs = new PDPageContentStream(doc, page);
            y = TOP;
            if (p == 0) {
                cs.beginText();
                cs.setFont(bold, 13);
                cs.newLineAtOffset(LEFT, pageH - (y + 13));
                cs.showText(meta.get("title"));
                cs.endText();
                cs.beginText();
                cs.setFont(regular, 8.5f);
                cs.newLineAtOffset(LEFT, pageH - (y + 27));
                cs.showText(meta.get("firm"));
                cs.endText();
                String date = meta.get("date");
                cs.beginText();
                cs.setFont(regular, 8.5f);
                cs.newLineAtOffset(LEFT + total - textWidth(regular, date, 8.5f), pageH - (y + 27));
                cs.showText(date);
                cs.endText();
                y += 46;
            }
            float tableTop = y;
            float hh = height(head);
            cs.setNonStrokingColor(0.90f, 0.91f, 0.86f);
            cs.addRect(LEFT, pageH - (y + hh), total, hh);
            cs.fill();
            cs.setNonStrokingColor(0f, 0f, 0f);
            draw(cs, pageH, head, y, bold);
            cs.setStrokingColor(0f, 0f, 0f);
            hline(cs, pageH, y, 1.2f, LEFT, LEFT + total);
            y += hh;
            hline(cs, pageH, y, 1.2f, LEFT, LEFT + total);
            cs.setStrokingColor(0.45f, 0.45f, 0.45f);
            for (int i : pages.get(p)) {
                draw(cs, pageH, laid.get(i), y, regular);
                y += height(laid.get(i));
                hline(cs, pageH, y, 0.4f, LEFT, LEFT + total);
            }
            float x = LEFT;
            cs.setLineWidth(0.4f);
            for (int k = 0; k < widths.length - 1; k++) {
                x += widths[k];
                cs.moveTo(x, pageH - tableTop);
                cs.lineTo(x, pageH - y);
                cs.stroke();
            }
            cs.setStrokingColor(0f, 0f, 0f);
            if (p == pages.size() - 1) {
                cs.beginText();
                cs.setFont(bold, 8.5f);
                cs.newLineAtOffset(LEFT, pageH - (y + 16));
                cs.showText(meta.get("total"));
                cs.endText();
            }
            String foot = meta.get("foot");
            cs.beginText();
            cs.setFont(regular, 7);
            cs.newLineAtOffset(LEFT, 22);
            cs.showText(foot);
            cs.endText();
            String number = "Лист " + (p + 1) + " из " + pages.size();
            cs.beginText();
            cs.setFont(regular, 7);
            cs.newLineAtOffset(LEFT + total - textWidth(regular, number, 7), 22);
            cs.showText(number);
            cs.endText();
            cs.close();
        }
        PDDocumentInformation info = doc.getDocumentInformation();
        info.setTitle(meta.get("title"));
        info.setCreator("make10_pdfbox (Apache PDFBox 2.0)");
        doc.save(new File(meta.get("out")));
        doc.close();
        System.out.println(pages.size());
    }
}
