//! The extraction report an operator looks at (`car-extract --report`, `car-import
//! --report`): one self-contained HTML page, each PDF page drawn as SVG from the
//! positions the reader kept ([`extract::Trace`]): text where it stands, the columns
//! and rows found, carried brands, rows joined across pages, text left out of the table,
//! rejected rows with their reason, and the line or page a refusal names.

use std::collections::HashMap;
use std::fmt::Write;

use super::clean::Rejected;
use super::extract::{ExtractError, ExtractReport, PageTrace, RawRow, Trace, stated_total};

/// What was read from a file, or why it was refused.
pub type Outcome<'a> = Result<(&'a [RawRow], &'a ExtractReport), &'a ExtractError>;

/// The report of one file as an HTML page. `rejected`: rows cleaning refused (matched
/// to the drawn rows by page and ID).
pub fn html(file: &str, trace: &Trace, outcome: Outcome, rejected: &[Rejected]) -> String {
    let rows: &[RawRow] = outcome.map_or(&[], |(rows, _)| rows);
    let mut reasons = Reasons::new();
    for r in rejected {
        let reason = reasons.entry((r.page, r.id.clone())).or_default();
        if !reason.is_empty() {
            reason.push_str("; ");
        }
        reason.push_str(&r.reason);
    }
    let reason_of = |row: &RawRow| reasons.get(&(row.page, row.id.clone())).map(String::as_str);

    let mut out = String::new();
    let title = escape(file);
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>{title}: supplier file report</title><style>{STYLE}</style></head><body>\n\
         <header><h1>{title}</h1>"
    );
    match outcome {
        Ok((rows, report)) => {
            let rejected_rows = rows.iter().filter(|r| reason_of(r).is_some()).count();
            let _ = write!(
                out,
                "<p class=\"summary\">{} rows read from {} {}: {} rejected, {} with a brand carried \
                 from its group, {} joined across a page break; {} lines of text outside the table.</p>",
                rows.len(),
                report.pages,
                if trace.pages.is_empty() {
                    "sheets"
                } else {
                    "pages"
                },
                rejected_rows,
                report.brands_carried,
                report.joined_across_pages,
                report.outside.len()
            );
            for warning in &report.warnings {
                let _ = write!(out, "<p class=\"warning\">{}</p>", escape(warning));
            }
        }
        Err(error) => {
            let _ = write!(
                out,
                "<p class=\"refused\">Refused: {}</p>",
                escape(&error.to_string())
            );
        }
    }
    out.push_str(LEGEND);
    if !trace.pages.is_empty() {
        out.push_str("<nav>Pages:");
        for page in &trace.pages {
            let bad = error_page(outcome) == Some(page.number)
                || page
                    .rows
                    .iter()
                    .any(|r| rows.get(r.row).is_some_and(|row| reason_of(row).is_some()));
            let _ = write!(
                out,
                " <a href=\"#page-{n}\"{class}>{n}</a>",
                n = page.number,
                class = if bad { " class=\"bad\"" } else { "" }
            );
        }
        out.push_str("</nav>");
    }
    out.push_str("</header>\n");

    for page in &trace.pages {
        draw_page(&mut out, page, rows, outcome, &reason_of);
    }
    if trace.pages.is_empty() {
        sheet_rows(&mut out, rows, &reason_of);
    }
    let _ = writeln!(
        out,
        "<footer id=\"drawn\" data-pages=\"{}\"></footer><script>{SCRIPT}</script></body></html>",
        trace.pages.len()
    );
    out
}

fn error_page(outcome: Outcome) -> Option<u32> {
    outcome.err().and_then(ExtractError::page)
}

/// Why rows were rejected, by page and ID.
type Reasons = HashMap<(u32, String), String>;
type ReasonOf<'r> = dyn Fn(&RawRow) -> Option<&'r str> + 'r;

fn draw_page(
    out: &mut String,
    page: &PageTrace,
    rows: &[RawRow],
    outcome: Outcome,
    reason_of: &ReasonOf,
) {
    let refused_here = error_page(outcome) == Some(page.number);
    // The line a refusal is about: the one it quotes, or the total that disagrees.
    let is_error_line = |text: &str| match outcome {
        Err(ExtractError::TotalMismatch { stated, .. }) => stated_total(text) == Some(*stated),
        Err(error) => refused_here && error.line() == Some(text),
        Ok(_) => false,
    };
    let _ = write!(
        out,
        "<section class=\"page{}\" id=\"page-{n}\"><h2>Page {n}</h2>",
        if refused_here { " refused" } else { "" },
        n = page.number
    );
    if refused_here && let Err(error) = outcome {
        let _ = write!(
            out,
            "<p class=\"refused\">{}</p>",
            escape(&error.to_string())
        );
    }
    let (w, h) = (page.width.max(1.0), page.height.max(1.0));
    let _ = write!(
        out,
        "<svg class=\"page\" viewBox=\"0 0 {w:.0} {h:.0}\" width=\"{:.0}\" xmlns=\"http://www.w3.org/2000/svg\">\
         <rect class=\"paper\" width=\"{w:.0}\" height=\"{h:.0}\"/>",
        w * 1.4
    );
    // Rows first, so the text is drawn over them, each as wide as its table's text.
    let spans: Vec<(f64, f64)> = page.tables.iter().map(|t| table_span(t, page)).collect();
    let mut notes: Vec<String> = Vec::new();
    for (k, placed) in page.rows.iter().enumerate() {
        // A refused file's rows are drawn where they were found, without their cells.
        let row = rows.get(placed.row);
        let reasons = row.and_then(reason_of);
        let class = match (reasons.is_some(), k % 2) {
            (true, _) => "row rejected",
            (false, 0) => "row",
            (false, _) => "row odd",
        };
        let (left, right) = page
            .tables
            .iter()
            .position(|t| t.top <= placed.top + 1.0 && placed.bottom <= t.bottom + 1.0)
            .map_or((0.0, w), |k| spans[k]);
        let mut tip = row.map_or(String::new(), |row| {
            format!(
                "ID {} | {} | {} | {} | {}",
                row.id, row.brand, row.model, row.years, row.description
            )
        });
        let carried = row.is_some_and(|r| r.brand_carried);
        if let Some(row) = row.filter(|_| carried) {
            let _ = write!(tip, "\nbrand carried from its group: {}", row.brand);
        }
        if placed.continued {
            tip.push_str("\ncontinued from the page before");
        }
        if let (Some(row), Some(reasons)) = (row, reasons) {
            let _ = write!(tip, "\nrejected: {reasons}");
            notes.push(format!("ID {}: {reasons}", row.id));
        }
        let _ = write!(
            out,
            "<rect class=\"{class}\" x=\"{left:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"><title>{}</title></rect>",
            placed.top,
            right - left,
            placed.bottom - placed.top,
            escape(&tip)
        );
        if carried {
            let _ = write!(
                out,
                "<rect class=\"carried\" x=\"{:.1}\" y=\"{:.1}\" width=\"3\" height=\"{:.1}\"/>",
                left - 4.0,
                placed.top,
                placed.bottom - placed.top
            );
        }
        if placed.continued {
            let _ = write!(
                out,
                "<rect class=\"continued\" x=\"{:.1}\" y=\"{:.1}\" width=\"3\" height=\"{:.1}\"/>",
                right + 1.0,
                placed.top,
                placed.bottom - placed.top
            );
        }
    }
    for &(x0, y0, x1, y1) in &page.rules {
        let _ = write!(
            out,
            "<line class=\"rule\" x1=\"{x0:.1}\" y1=\"{y0:.1}\" x2=\"{x1:.1}\" y2=\"{y1:.1}\"/>"
        );
    }
    for table in &page.tables {
        for (k, x) in table.bounds.iter().enumerate() {
            let _ = write!(
                out,
                "<line class=\"column\" x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\"><title>{} | {}</title></line>",
                table.top,
                table.bottom,
                table.fields[k],
                table.fields.get(k + 1).copied().unwrap_or_default()
            );
        }
    }
    for line in &page.lines {
        let in_row = page
            .rows
            .iter()
            .any(|r| r.top <= line.y && line.y <= r.bottom);
        let heading = page
            .tables
            .iter()
            .any(|t| t.headings.iter().any(|(y, _)| (*y - line.y).abs() < 0.5));
        let class = if is_error_line(&line.text) {
            "error"
        } else if heading {
            "heading"
        } else if in_row {
            "cell"
        } else {
            "outside"
        };
        if class == "error" {
            let x0 = line.words.first().map_or(0.0, |w| w.0);
            let x1 = line.words.last().map_or(w, |w| w.1);
            let _ = write!(
                out,
                "<rect class=\"error\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"/>",
                x0 - 2.0,
                line.y - 1.2 * line.size,
                x1 - x0 + 4.0,
                1.6 * line.size
            );
        }
        let _ = write!(out, "<g class=\"{class}\">");
        for (x0, x1, text) in &line.words {
            let _ = write!(
                out,
                "<text x=\"{x0:.1}\" y=\"{:.1}\" font-size=\"{:.1}\" textLength=\"{:.1}\" lengthAdjust=\"spacingAndGlyphs\">{}</text>",
                line.y,
                line.size,
                (x1 - x0).max(0.1),
                escape(text)
            );
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    if !notes.is_empty() {
        out.push_str("<ul class=\"rejects\">");
        for note in notes {
            let _ = write!(out, "<li>{}</li>", escape(&note));
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>\n");
}

/// From the left of the table's first column to the right of its last: the rows' text.
fn table_span(table: &super::extract::TracedTable, page: &PageTrace) -> (f64, f64) {
    let inside = page
        .lines
        .iter()
        .filter(|l| table.top <= l.y && l.y <= table.bottom)
        .flat_map(|l| l.words.iter());
    let (left, right) = inside.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), w| {
        (a.min(w.0), b.max(w.1))
    });
    if left.is_finite() {
        (left - 2.0, right + 2.0)
    } else {
        (0.0, page.width)
    }
}

/// A workbook's or CSV's rows as a table (a sheet has no positions to draw).
fn sheet_rows(out: &mut String, rows: &[RawRow], reason_of: &ReasonOf) {
    out.push_str(
        "<section class=\"sheet\"><table><tr><th>sheet</th><th>ID</th><th>brand</th>\
         <th>model</th><th>years</th><th>description</th><th>rejected</th></tr>",
    );
    for row in rows {
        let reasons = reason_of(row);
        let _ = write!(
            out,
            "<tr{}><td>{}</td><td>{}</td><td{}>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            if reasons.is_some() {
                " class=\"rejected\""
            } else {
                ""
            },
            row.page,
            escape(&row.id),
            if row.brand_carried {
                " class=\"carried\""
            } else {
                ""
            },
            escape(&row.brand),
            escape(&row.model),
            escape(&row.years),
            escape(&row.description),
            escape(reasons.unwrap_or_default())
        );
    }
    out.push_str("</table></section>\n");
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() && c != '\n' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:sans-serif;margin:0;background:#e8e8e8;color:#222}\
header{background:#fff;padding:8px 16px;position:sticky;top:0;z-index:1;border-bottom:1px solid #bbb}\
h1{font-size:18px;margin:4px 0}h2{font-size:15px;margin:16px 0 4px}\
.refused{color:#b00;font-weight:bold}.warning{color:#8a5a00}\
nav a{margin-right:4px}nav a.bad{color:#b00;font-weight:bold}\
.legend span{display:inline-block;margin-right:12px}.legend i{display:inline-block;width:14px;height:10px;margin-right:4px;vertical-align:middle}\
section{padding:0 16px}section.refused h2{color:#b00}\
svg.page{display:block;max-width:100%;height:auto;box-shadow:0 1px 4px #888}\
.paper{fill:#fff}.row{fill:#e3efff}.row.odd{fill:#f2f7ff}.row.rejected{fill:#ffd6d6;stroke:#d00;stroke-width:.6}\
.carried{fill:#2a6fdb}.continued{fill:#f08c00}\
.rule{stroke:#999;stroke-width:.4}.column{stroke:#1a9a3a;stroke-width:.6;stroke-dasharray:3 2}\
.cell text{fill:#000}.outside text{fill:#999}.heading text{fill:#7b2cbf;font-weight:bold}.error text{fill:#b00}\
rect.error{fill:none;stroke:#d00;stroke-width:1.2}\
text{font-family:'DejaVu Sans',Arial,sans-serif;white-space:pre}\
ul.rejects{color:#b00;font-size:13px}\
table{border-collapse:collapse;background:#fff;font-size:13px}td,th{border:1px solid #ccc;padding:2px 6px}\
tr.rejected{background:#ffd6d6}td.carried{color:#2a6fdb;font-style:italic}";

const LEGEND: &str = "<p class=\"legend\">\
<span><i style=\"background:#e3efff\"></i>a row read (hover for its cells)</span>\
<span><i style=\"background:#ffd6d6;border:1px solid #d00\"></i>a rejected row (reason below the page)</span>\
<span><i style=\"background:#2a6fdb\"></i>brand carried from its group</span>\
<span><i style=\"background:#f08c00\"></i>row continued from the page before</span>\
<span><i style=\"border-top:2px dashed #1a9a3a\"></i>column boundary found</span>\
<span style=\"color:#999\">grey: text outside the table (titles, headers, footers, notes)</span>\
<span style=\"color:#7b2cbf\">purple: a brand heading</span>\
<span style=\"color:#b00\">red: what a refusal names</span></p>";

/// Counts the pages and words the browser actually laid out, shown at the foot (and read
/// by the test that opens the report in a browser).
const SCRIPT: &str = "addEventListener('load',()=>{let pages=0,words=0;\
for(const s of document.querySelectorAll('svg.page')){if(s.getBBox().width>0)pages++;\
for(const t of s.querySelectorAll('text'))if(t.getComputedTextLength()>0)words++;}\
const f=document.getElementById('drawn');f.dataset.drawnPages=pages;f.dataset.drawnWords=words;\
f.textContent=pages+' of '+f.dataset.pages+' pages drawn, '+words+' words.';});";
