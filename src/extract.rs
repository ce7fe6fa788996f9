//! Supplier PDF -> raw table rows. `pdf-extract`'s plain text cannot be split into
//! cells (cells and words are both separated by one space, and spreadsheet exports
//! write wrapped cells out of order), so rows are rebuilt from glyph positions
//! collected by a custom `OutputDev`: columns from the header labels (or the cell
//! borders), rows from the horizontal borders when the file has them, otherwise
//! from the lines that start with a source ID.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use pdf_extract::{
    ColorSpace, Document, MediaBox, OutputDev, OutputError, Path, PathOp, Transform,
};
use serde::{Deserialize, Serialize};

/// One table row as printed: whitespace collapsed, nothing else changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawRow {
    pub page: u32,
    pub id: String,
    pub brand: String,
    pub model: String,
    pub years: String,
    pub description: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ExtractError {
    #[error("the file is empty")]
    Empty,
    #[error("not a PDF file (no %PDF- header)")]
    NotPdf,
    #[error("the PDF is damaged and cannot be read ({0}); re-save or re-export it and try again")]
    Damaged(String),
    #[error("the PDF is protected by a password; export it again without one")]
    Encrypted,
    #[error("page {page}: cannot be read ({reason})")]
    Page { page: u32, reason: String },
    #[error("page {page}: no table header (expected columns ID | Марка | Модель | Год | Описание)")]
    NoHeader { page: u32 },
    #[error(
        "page {page}: only {percent}% of the letters are Cyrillic; the text was not decoded correctly"
    )]
    NotCyrillic { page: u32, percent: u32 },
    #[error("source IDs are missing, so text was lost: {0}")]
    IdGaps(String),
    #[error("the PDF has no table rows")]
    NoRows,
}

/// The columns of the supplier's table, in our order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Field {
    Id,
    Brand,
    Model,
    Years,
    Description,
}

const FIELDS: [Field; 5] = [
    Field::Id,
    Field::Brand,
    Field::Model,
    Field::Years,
    Field::Description,
];

impl Field {
    /// Header labels suppliers use for this column (lower case).
    fn from_label(label: &str) -> Option<Field> {
        let label = label.to_lowercase();
        let label = label.trim_end_matches(['.', ':']);
        match label {
            "id" | "№" | "n" | "#" | "номер" | "№ п/п" => Some(Field::Id),
            "марка" | "марка авто" | "марка автомобиля" | "бренд" | "производитель" => {
                Some(Field::Brand)
            }
            "модель" | "модель авто" | "модель автомобиля" => {
                Some(Field::Model)
            }
            "год" | "годы" | "год выпуска" | "годы выпуска" | "годы производства" => {
                Some(Field::Years)
            }
            "описание" | "примечание" | "комментарий" | "примечания" => {
                Some(Field::Description)
            }
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    /// Baseline, measured down from the top of the page.
    y: f64,
    advance: f64,
    size: f64,
    text: String,
}

impl Glyph {
    fn is_space(&self) -> bool {
        self.text.trim().is_empty()
    }
    fn center(&self) -> f64 {
        self.x + self.advance / 2.0
    }
}

#[derive(Default)]
struct PageContent {
    glyphs: Vec<Glyph>,
    /// Horizontal borders: (y from top, x0, x1).
    horizontal: Vec<(f64, f64, f64)>,
    /// Vertical borders: (x, y0, y1), y from top.
    vertical: Vec<(f64, f64, f64)>,
}

/// Collects the glyphs and thin lines of one page.
struct Collector {
    page_height: f64,
    content: PageContent,
}

impl Collector {
    fn segment(&mut self, ctm: &Transform, (x0, y0): (f64, f64), (x1, y1): (f64, f64)) {
        let map = |x: f64, y: f64| {
            (
                x * ctm.m11 + y * ctm.m21 + ctm.m31,
                self.page_height - (x * ctm.m12 + y * ctm.m22 + ctm.m32),
            )
        };
        let (a, b) = (map(x0, y0), map(x1, y1));
        if (a.1 - b.1).abs() < 1.0 && (a.0 - b.0).abs() > 2.0 {
            self.content
                .horizontal
                .push((a.1, a.0.min(b.0), a.0.max(b.0)));
        } else if (a.0 - b.0).abs() < 1.0 && (a.1 - b.1).abs() > 2.0 {
            self.content
                .vertical
                .push((a.0, a.1.min(b.1), a.1.max(b.1)));
        }
    }

    fn path(&mut self, ctm: &Transform, path: &Path, filled: bool) {
        let mut current = None;
        for op in &path.ops {
            match *op {
                PathOp::MoveTo(x, y) => current = Some((x, y)),
                PathOp::LineTo(x, y) => {
                    if let Some(start) = current {
                        self.segment(ctm, start, (x, y));
                    }
                    current = Some((x, y));
                }
                // Only thin rectangles are borders; thicker fills are cell backgrounds.
                PathOp::Rect(x, y, w, h) if filled && (w.abs() < 2.0 || h.abs() < 2.0) => {
                    if w.abs() < 2.0 {
                        self.segment(ctm, (x + w / 2.0, y), (x + w / 2.0, y + h));
                    } else {
                        self.segment(ctm, (x, y + h / 2.0), (x + w, y + h / 2.0));
                    }
                }
                PathOp::Rect(x, y, w, h) if !filled => {
                    for (a, b) in [
                        ((x, y), (x + w, y)),
                        ((x + w, y), (x + w, y + h)),
                        ((x + w, y + h), (x, y + h)),
                        ((x, y + h), (x, y)),
                    ] {
                        self.segment(ctm, a, b);
                    }
                }
                _ => {}
            }
        }
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _: u32,
        media_box: &MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.page_height = media_box.ury;
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        let size = (font_size * (trm.m11 + trm.m21) * font_size * (trm.m12 + trm.m22))
            .abs()
            .sqrt();
        let size = if size > 0.1 {
            size
        } else {
            font_size.abs().max(1.0)
        };
        self.content.glyphs.push(Glyph {
            x: trm.m31,
            y: self.page_height - trm.m32,
            advance: width * size,
            size,
            text: expand_ligatures(text),
        });
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn stroke(
        &mut self,
        ctm: &Transform,
        _: &ColorSpace,
        _: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.path(ctm, path, false);
        Ok(())
    }
    fn fill(
        &mut self,
        ctm: &Transform,
        _: &ColorSpace,
        _: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.path(ctm, path, true);
        Ok(())
    }
}

/// Only the typographic ligatures; a blanket NFKC would also turn № into "No".
fn expand_ligatures(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FB00}' => "ff".to_owned(),
            '\u{FB01}' => "fi".to_owned(),
            '\u{FB02}' => "fl".to_owned(),
            '\u{FB03}' => "ffi".to_owned(),
            '\u{FB04}' => "ffl".to_owned(),
            '\u{FB05}' | '\u{FB06}' => "st".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

/// Glyphs on one baseline, left to right.
struct Line {
    y: f64,
    glyphs: Vec<Glyph>,
}

impl Line {
    fn text(&self) -> String {
        join_glyphs(self.glyphs.iter())
    }
}

fn lines_of(glyphs: &[Glyph]) -> Vec<Line> {
    let mut sorted: Vec<&Glyph> = glyphs.iter().collect();
    sorted.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<Line> = Vec::new();
    for glyph in sorted {
        match lines.last_mut() {
            Some(line) if (glyph.y - line.y).abs() <= 0.4 * glyph.size => {
                line.glyphs.push(glyph.clone())
            }
            _ => lines.push(Line {
                y: glyph.y,
                glyphs: vec![glyph.clone()],
            }),
        }
    }
    for line in &mut lines {
        line.glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
    }
    lines
}

/// Text of glyphs already in reading order: a space for a space glyph or a gap.
fn join_glyphs<'g>(glyphs: impl Iterator<Item = &'g Glyph>) -> String {
    let mut text = String::new();
    let mut last: Option<&Glyph> = None;
    for glyph in glyphs {
        if glyph.is_space() {
            text.push(' ');
        } else {
            if let Some(prev) = last
                && glyph.x - (prev.x + prev.advance) > 0.25 * glyph.size
            {
                text.push(' ');
            }
            text.push_str(&glyph.text);
        }
        last = Some(glyph);
    }
    collapse(&text)
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Label chunks of a line: runs of glyphs separated by gaps wider than one em.
fn chunks(line: &Line) -> Vec<(f64, f64, String)> {
    let mut out: Vec<(f64, f64, Vec<&Glyph>)> = Vec::new();
    for glyph in line.glyphs.iter().filter(|g| !g.is_space()) {
        match out.last_mut() {
            Some((_, end, glyphs)) if glyph.x - *end <= glyph.size => {
                *end = glyph.x + glyph.advance;
                glyphs.push(glyph);
            }
            _ => out.push((glyph.x, glyph.x + glyph.advance, vec![glyph])),
        }
    }
    out.into_iter()
        .map(|(start, end, glyphs)| (start, end, join_glyphs(glyphs.into_iter())))
        .collect()
}

/// The header line's columns: each field with its label's left and right edge.
fn header_columns(line: &Line) -> Option<Vec<(Field, f64, f64)>> {
    let columns: Vec<(Field, f64, f64)> = chunks(line)
        .into_iter()
        .filter_map(|(start, end, label)| Field::from_label(&label).map(|f| (f, start, end)))
        .collect();
    let has = |field| columns.iter().any(|(f, _, _)| *f == field);
    (has(Field::Id) && has(Field::Brand) && has(Field::Model) && columns.len() >= 4)
        .then_some(columns)
}

/// Column of each field on a page: from the vertical borders around the header labels
/// when there are any, else from where each header label starts (cells are left-aligned).
fn column_bounds(
    header: &[(Field, f64, f64)],
    content: &PageContent,
    header_y: f64,
) -> Vec<(Field, f64, f64)> {
    let mut edges: Vec<f64> = content
        .vertical
        .iter()
        .filter(|(_, y0, y1)| *y0 - 2.0 <= header_y && header_y <= *y1 + 2.0)
        .map(|(x, _, _)| *x)
        .collect();
    edges.sort_by(f64::total_cmp);
    edges.dedup_by(|a, b| (*a - *b).abs() < 1.0);
    let mut sorted = header.to_vec();
    sorted.sort_by(|a, b| a.1.total_cmp(&b.1));
    if edges.len() >= 3 {
        let bounds: Vec<(Field, f64, f64)> = sorted
            .iter()
            .filter_map(|(field, start, end)| {
                let center = (start + end) / 2.0;
                let left = edges.iter().rev().find(|e| **e <= center)?;
                let right = edges.iter().find(|e| **e > center)?;
                Some((*field, *left, *right))
            })
            .collect();
        if bounds.len() == sorted.len() {
            return bounds;
        }
    }
    (0..sorted.len())
        .map(|i| {
            let left = if i == 0 {
                f64::NEG_INFINITY
            } else {
                sorted[i].1 - 2.0
            };
            let right = sorted.get(i + 1).map_or(f64::INFINITY, |next| next.1 - 2.0);
            (sorted[i].0, left, right)
        })
        .collect()
}

/// Text repeated at the same height on many pages (page headers, footers, page numbers),
/// compared with digits masked.
fn boilerplate_key(line: &Line) -> (i64, String) {
    let masked: String = line
        .text()
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect();
    (line.y.round() as i64, masked)
}

fn is_page_number(text: &str) -> bool {
    let lower = text.to_lowercase();
    let rest = lower
        .trim_start_matches("страница")
        .trim_start_matches("стр.")
        .trim_start_matches("page")
        .trim();
    rest != lower.trim()
        && rest
            .split_whitespace()
            .all(|w| w.chars().all(|c| c.is_ascii_digit()) || w == "из" || w == "of" || w == "/")
}

/// Rows of one page, given its header line index and column bounds.
fn page_rows(
    page: u32,
    lines: &[Line],
    header_index: usize,
    columns: &[(Field, f64, f64)],
    content: &PageContent,
    boilerplate: &HashMap<(i64, String), usize>,
    min_pages: usize,
) -> Vec<RawRow> {
    let column_of = |glyph: &Glyph| {
        columns
            .iter()
            .find(|(_, left, right)| *left <= glyph.center() && glyph.center() < *right)
            .map(|(f, _, _)| *f)
    };
    let header_y = lines[header_index].y;
    let mut borders: Vec<f64> = content
        .horizontal
        .iter()
        .map(|(y, _, _)| *y)
        .filter(|y| *y > header_y)
        .collect();
    borders.sort_by(f64::total_cmp);
    borders.dedup_by(|a, b| (*a - *b).abs() < 1.0);

    // Group the lines below the header into rows.
    let mut groups: Vec<Vec<&Line>> = Vec::new();
    for line in &lines[header_index + 1..] {
        let cell = |field| {
            line.glyphs
                .iter()
                .any(|g| !g.is_space() && column_of(g) == Some(field))
        };
        let id_text = join_glyphs(
            line.glyphs
                .iter()
                .filter(|g| column_of(g) == Some(Field::Id)),
        );
        // A line that starts with a source ID is a row even when a duplicate listing
        // of it stands at the same height on another page.
        let numbered = !id_text.is_empty() && id_text.chars().all(|c| c.is_ascii_digit());
        let repeated = boilerplate
            .get(&boilerplate_key(line))
            .is_some_and(|n| *n >= min_pages);
        if !numbered && (repeated || is_page_number(&line.text())) {
            continue;
        }
        if borders.len() >= 2 {
            // Between two horizontal borders is one row; outside them is not the table.
            let Some(band) = borders
                .windows(2)
                .position(|w| w[0] < line.y && line.y < w[1])
            else {
                continue;
            };
            let starts = groups.last().is_none_or(|g| {
                let prev = g[0].y;
                borders.windows(2).position(|w| w[0] < prev && prev < w[1]) != Some(band)
            });
            if starts {
                groups.push(vec![line]);
            } else {
                groups.last_mut().unwrap().push(line);
            }
        } else if cell(Field::Id) || (cell(Field::Brand) && cell(Field::Model)) || groups.is_empty()
        {
            groups.push(vec![line]);
        } else {
            groups.last_mut().unwrap().push(line);
        }
    }

    groups
        .into_iter()
        .map(|group| {
            let mut cells: HashMap<Field, String> = HashMap::new();
            for field in FIELDS {
                let mut text = String::new();
                for line in &group {
                    let part =
                        join_glyphs(line.glyphs.iter().filter(|g| column_of(g) == Some(field)));
                    if part.is_empty() {
                        continue;
                    }
                    // A wrapped cell: "1998-" + "2004" joins without a space.
                    if !text.is_empty() && !text.ends_with(['-', '–']) {
                        text.push(' ');
                    }
                    text.push_str(&part);
                }
                cells.insert(field, text);
            }
            let mut take = |field| cells.remove(&field).unwrap_or_default();
            RawRow {
                page,
                id: take(Field::Id),
                brand: take(Field::Brand),
                model: take(Field::Model),
                years: take(Field::Years),
                description: take(Field::Description),
            }
        })
        .filter(|row| {
            !(row.id.is_empty()
                && row.brand.is_empty()
                && row.model.is_empty()
                && row.years.is_empty()
                && row.description.is_empty())
        })
        .collect()
}

/// What [`extract`] found besides the rows.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ExtractReport {
    pub pages: u32,
    /// Pages whose rows came from cell borders (the rest from positions alone).
    pub pages_with_borders: u32,
}

/// Reads every page of a supplier PDF. Any page that cannot be read, has no table
/// header or decodes to non-Cyrillic text, and any gap in the source IDs, is an
/// error: pdf-extract can lose text silently, so nothing is accepted unchecked.
pub fn extract(bytes: &[u8]) -> Result<(Vec<RawRow>, ExtractReport), ExtractError> {
    extract_with(bytes, ExtractOptions::default())
}

#[derive(Debug, Default, Clone, Copy)]
pub struct ExtractOptions {
    /// The supplier's IDs are known not to be contiguous (rows deleted from the sheet).
    pub allow_id_gaps: bool,
}

/// [`extract`] with options.
pub fn extract_with(
    bytes: &[u8],
    options: ExtractOptions,
) -> Result<(Vec<RawRow>, ExtractReport), ExtractError> {
    if bytes.is_empty() {
        return Err(ExtractError::Empty);
    }
    if !bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
    {
        return Err(ExtractError::NotPdf);
    }
    let doc = match catch_unwind(|| Document::load_mem(bytes)) {
        Ok(Ok(doc)) => doc,
        Ok(Err(error)) => {
            return Err(match error {
                pdf_extract::Error::Decryption(_) | pdf_extract::Error::InvalidPassword => {
                    ExtractError::Encrypted
                }
                other => ExtractError::Damaged(other.to_string()),
            });
        }
        Err(_) => return Err(ExtractError::Damaged("the file structure is broken".into())),
    };
    if doc.is_encrypted() {
        return Err(ExtractError::Encrypted);
    }

    let page_numbers: Vec<u32> = doc.get_pages().keys().copied().collect();
    let mut pages = Vec::with_capacity(page_numbers.len());
    for &number in &page_numbers {
        let mut collector = Collector {
            page_height: 0.0,
            content: PageContent::default(),
        };
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            pdf_extract::output_doc_page(&doc, &mut collector, number)
        }));
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(error)) => {
                return Err(ExtractError::Page {
                    page: number,
                    reason: error.to_string(),
                });
            }
            Err(panic) => {
                let reason = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_else(|| "unsupported content".into());
                return Err(ExtractError::Page {
                    page: number,
                    reason: format!("unsupported content: {reason}"),
                });
            }
        }
        check_cyrillic(number, &collector.content.glyphs)?;
        pages.push((number, collector.content));
    }

    let page_lines: Vec<Vec<Line>> = pages
        .iter()
        .map(|(_, content)| lines_of(&content.glyphs))
        .collect();
    let mut boilerplate: HashMap<(i64, String), usize> = HashMap::new();
    for lines in &page_lines {
        for line in lines {
            *boilerplate.entry(boilerplate_key(line)).or_default() += 1;
        }
    }
    let min_pages = (pages.len() / 2).max(2);

    let mut rows = Vec::new();
    let mut report = ExtractReport {
        pages: pages.len() as u32,
        ..Default::default()
    };
    for ((number, content), lines) in pages.iter().zip(&page_lines) {
        let Some((header_index, header)) = lines
            .iter()
            .enumerate()
            .find_map(|(i, l)| header_columns(l).map(|h| (i, h)))
        else {
            return Err(ExtractError::NoHeader { page: *number });
        };
        let columns = column_bounds(&header, content, lines[header_index].y);
        if content
            .horizontal
            .iter()
            .filter(|(y, _, _)| *y > lines[header_index].y)
            .count()
            >= 2
        {
            report.pages_with_borders += 1;
        }
        rows.extend(page_rows(
            *number,
            lines,
            header_index,
            &columns,
            content,
            &boilerplate,
            min_pages,
        ));
    }
    if rows.is_empty() {
        return Err(ExtractError::NoRows);
    }
    if !options.allow_id_gaps {
        check_id_gaps(&rows)?;
    }
    Ok((rows, report))
}

/// A missing or broken ToUnicode map gives Latin or control-character garbage, not errors.
fn check_cyrillic(page: u32, glyphs: &[Glyph]) -> Result<(), ExtractError> {
    let letters: Vec<char> = glyphs
        .iter()
        .flat_map(|g| g.text.chars())
        .filter(|c| c.is_alphabetic())
        .collect();
    let cyrillic = letters
        .iter()
        .filter(|c| ('\u{0400}'..='\u{04FF}').contains(*c))
        .count();
    let controls = glyphs
        .iter()
        .flat_map(|g| g.text.chars())
        .filter(|c| c.is_control())
        .count();
    if letters.len() < 20 && controls == 0 {
        return Ok(()); // Too little text to judge; the header check still applies.
    }
    let percent = (cyrillic * 100 / letters.len().max(1)) as u32;
    if percent < 20 || controls > letters.len() / 10 {
        return Err(ExtractError::NotCyrillic { page, percent });
    }
    Ok(())
}

/// Numeric source IDs must run without gaps; a gap means rows were lost.
fn check_id_gaps(rows: &[RawRow]) -> Result<(), ExtractError> {
    let ids: Vec<(u64, u32)> = rows
        .iter()
        .filter_map(|r| r.id.parse().ok().map(|id| (id, r.page)))
        .collect();
    let mut gaps = Vec::new();
    for pair in ids.windows(2) {
        let ((a, _), (b, page)) = (pair[0], pair[1]);
        if b != a + 1 {
            gaps.push(if b > a + 1 {
                format!("{}–{} before page {page}", a + 1, b - 1)
            } else {
                format!("{b} after {a} on page {page}")
            });
        }
    }
    if gaps.is_empty() {
        Ok(())
    } else {
        Err(ExtractError::IdGaps(gaps.join(", ")))
    }
}
