//! Supplier PDF or spreadsheet -> raw table rows, whatever program printed or saved the table.
//!
//! `pdf-extract`'s plain text cannot be split into cells (cells and words are both
//! separated by one space, and spreadsheets write wrapped cells out of order), so the
//! table is rebuilt from what each page draws:
//! - `glyphs`: positioned characters and thin lines of every page;
//! - `layout`: lines and words, the header (on any page, or only the first), and the
//!   columns (from vertical rules, or from the gutters the text leaves);
//! - `table`: rows, each anchored by its ID, with wrapped cells joined to their row;
//! - `checks`: what the file says of itself (total, page numbers) against what was read;
//! - `sheet`: the same table from a workbook or a spreadsheet's CSV, sheet by sheet;
//! - `error`: why a file was refused.
//!
//! Text above and below the table (titles, totals, page footers, notes that the table
//! goes on) is not a row; it is listed in the report. Anything that cannot be read is
//! an error naming the page.

mod brands;
mod checks;
mod error;
mod glyphs;
mod layout;
mod sheet;
mod table;
mod trace;

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use pdf_extract::Document;
use serde::{Deserialize, Serialize};

use brands::RowPlace;
pub(crate) use checks::stated_total;
pub use error::ExtractError;
pub use glyphs::MAX_GLYPHS;
use glyphs::{Collector, PageContent};
use layout::{Columns, Coverage, Field, Header, Label, Line};
use table::{Align, BodyLine, Segment, join_cell};
pub use trace::{PageTrace, Trace, TracedLine, TracedRow, TracedTable};

/// One table row as printed: whitespace collapsed, nothing else changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawRow {
    pub page: u32,
    pub id: String,
    pub brand: String,
    pub model: String,
    pub years: String,
    pub description: String,
    /// The brand is printed once for a group of rows (a merged cell, or blank cells
    /// meaning "as above") and was carried to this row.
    #[serde(default)]
    pub brand_carried: bool,
}

/// What [`extract`] found besides the rows.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ExtractReport {
    pub pages: u32,
    /// Pages whose rows came from cell borders (the rest from positions alone).
    pub pages_with_borders: u32,
    /// Text outside the table (titles, totals, footers), by page.
    pub outside: Vec<(u32, String)>,
    /// Rows split by a page break and joined again.
    pub joined_across_pages: usize,
    /// Rows whose brand was printed once for their group.
    pub brands_carried: usize,
    /// The row count the file states (`Итого: 899 позиций`), when it does.
    pub stated_total: Option<usize>,
    /// Things worth a look that are not errors.
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Copy)]
pub struct ExtractOptions {
    /// Do not compare what was read with the row total and the page numbers the file
    /// prints (when they count something else, or pages were put together by hand).
    pub ignore_printed_counts: bool,
    /// The most characters and rules the file may draw, which bounds the reader's
    /// memory (default [`MAX_GLYPHS`], about 1 GiB).
    pub max_glyphs: usize,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions {
            ignore_printed_counts: false,
            max_glyphs: MAX_GLYPHS,
        }
    }
}

/// Reads every page of a supplier PDF, or every sheet of a workbook (xlsx, xls,
/// ods: see `sheet`), told apart by the file's first bytes. A page that cannot be
/// read, has no text or decodes to garbage, a table without a header, and a file whose
/// own total or page numbers disagree with what was read, are errors: nothing is
/// accepted unchecked.
pub fn extract(bytes: &[u8]) -> Result<(Vec<RawRow>, ExtractReport), ExtractError> {
    extract_with(bytes, ExtractOptions::default())
}

/// Whether `bytes` are a workbook (xlsx, ods: a zip; xls: an OLE file), not a PDF.
pub fn is_workbook(bytes: &[u8]) -> bool {
    sheet::is_workbook(bytes)
}

/// Whether `path` names a text table (`.csv`, `.tsv`, `.txt`) rather than a PDF or a
/// workbook.
pub fn is_text_table(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["csv", "tsv", "txt"].contains(&e.to_ascii_lowercase().as_str()))
}

/// The table of a CSV file a spreadsheet saved (UTF-8, Windows-1251 or UTF-16; comma,
/// semicolon or tab), read as a workbook's sheet is.
pub fn extract_csv(
    bytes: &[u8],
    options: ExtractOptions,
) -> Result<(Vec<RawRow>, ExtractReport), ExtractError> {
    sheet::read_csv(bytes, options)
}

/// The table of the file at `path`, whose contents are `bytes`: a text table by its
/// extension ([`is_text_table`]), else a PDF or a workbook by its first bytes.
pub fn extract_file(
    path: &std::path::Path,
    bytes: &[u8],
    options: ExtractOptions,
) -> Result<(Vec<RawRow>, ExtractReport), ExtractError> {
    if is_text_table(path) {
        extract_csv(bytes, options)
    } else {
        extract_with(bytes, options)
    }
}

/// [`extract`] with options.
pub fn extract_with(
    bytes: &[u8],
    options: ExtractOptions,
) -> Result<(Vec<RawRow>, ExtractReport), ExtractError> {
    read_file(bytes, options, None)
}

/// [`extract_with`], also keeping what each PDF page showed (its text where it stands,
/// the columns and rows found) for drawing it, whether the file was read or refused.
/// The trace holds every page's words: meant for one file an operator looks at, not
/// for bulk work. A workbook's trace has no pages.
pub fn extract_traced(
    bytes: &[u8],
    options: ExtractOptions,
) -> (Result<(Vec<RawRow>, ExtractReport), ExtractError>, Trace) {
    let mut trace = Trace::default();
    let result = read_file(bytes, options, Some(&mut trace));
    (result, trace)
}

fn read_file(
    bytes: &[u8],
    options: ExtractOptions,
    trace: Option<&mut Trace>,
) -> Result<(Vec<RawRow>, ExtractReport), ExtractError> {
    if sheet::is_workbook(bytes) {
        return sheet::read_workbook(bytes, options);
    }
    let mut tables = Tables::new(options, trace);
    read_pages(bytes, options.max_glyphs, &mut tables)?;
    tables.finish()
}

/// The pages a document is measured on before the rest are laid out one at a time as
/// they are read: which text repeats as running headers and footers, the gutters of
/// each layout, the usual distance between rows, how wrapped cells sit. A supplier's
/// table (about 40 pages) is measured whole; a longer file is read in the memory of
/// these pages and of its rows, whatever its length.
const MEASURED_PAGES: usize = 64;

/// The table across a document's pages, built as the pages are read.
struct Tables<'t> {
    options: ExtractOptions,
    trace: Option<&'t mut Trace>,
    report: ExtractReport,
    /// Pages read and not laid out yet: those measured.
    unmeasured: Vec<Page>,
    measures: Option<Measures>,
    /// The last header seen, and the size of its page.
    header: Option<(Vec<Label>, (f64, f64))>,
    /// Page numbers printed in footers: (page, printed number, printed page count).
    printed: Vec<(u32, u32, Option<u32>)>,
    first_with_text: Option<u32>,
    rows: Vec<RawRow>,
    /// Where each row sits, for brands printed once per group.
    places: Vec<RowPlace>,
    /// The table bodies read, without their lines: their rules and headings.
    frames: Vec<Segment>,
    /// Text below each page's rows.
    below: Vec<(u32, String)>,
}

/// What the first pages tell of the whole document (see [`MEASURED_PAGES`]).
struct Measures {
    /// Text at the same height, digits masked, with the number of lines it is.
    repeats: HashMap<(i64, String), usize>,
    /// Lines repeated this often are running headers and footers.
    min_repeats: usize,
    /// The ink of each layout's bodies (see [`layout_key`]), pooled: one page's few rows
    /// can leave a gap inside a column (a long name's last word stands alone).
    ink: HashMap<Vec<i64>, Coverage>,
    /// The usual distance between rows.
    pitch: f64,
    align: Align,
}

impl<'t> Tables<'t> {
    fn new(options: ExtractOptions, trace: Option<&'t mut Trace>) -> Tables<'t> {
        Tables {
            options,
            trace,
            report: ExtractReport::default(),
            unmeasured: Vec::new(),
            measures: None,
            header: None,
            printed: Vec::new(),
            first_with_text: None,
            rows: Vec::new(),
            places: Vec::new(),
            frames: Vec::new(),
            below: Vec::new(),
        }
    }

    fn add_page(&mut self, page: Page) -> Result<(), ExtractError> {
        self.report.pages += 1;
        if !page.lines.is_empty() {
            self.first_with_text.get_or_insert(page.number);
        }
        if self.measures.is_none() {
            self.unmeasured.push(page);
            if self.unmeasured.len() == MEASURED_PAGES {
                let segments = self.measure()?;
                self.add_segments(segments)?;
            }
            return Ok(());
        }
        let bodies = self.bodies(&page)?;
        let pooled = &self.measures.as_ref().unwrap().ink;
        let segments = bodies
            .iter()
            .map(|body| {
                let mut ink = Coverage::of(&body.tabular);
                if let Some(pooled) = pooled.get(&layout_key(body)) {
                    ink.add_all(pooled);
                }
                lay_out(body, Some(&ink))
            })
            .collect();
        self.add_segments(segments)
    }

    /// Lays out the pages held, pooling each layout's ink, and takes the document's
    /// measures from them.
    fn measure(&mut self) -> Result<Vec<Segment>, ExtractError> {
        let pages = std::mem::take(&mut self.unmeasured);
        let mut repeats: HashMap<(i64, String), usize> = HashMap::new();
        for line in pages.iter().flat_map(|p| &p.lines) {
            *repeats.entry(layout::boilerplate_key(line)).or_default() += 1;
        }
        self.measures = Some(Measures {
            repeats,
            min_repeats: (pages.len() / 2).max(2),
            ink: HashMap::new(),
            pitch: 0.0,
            align: Align::Top,
        });
        let mut bodies = Vec::new();
        for page in &pages {
            bodies.extend(self.bodies(page)?);
        }
        let mut ink: HashMap<Vec<i64>, Coverage> = HashMap::new();
        for body in bodies.iter().filter(|b| b.columns.is_none()) {
            let pooled = ink.entry(layout_key(body)).or_default();
            body.tabular.iter().for_each(|l| pooled.add(l));
        }
        let segments: Vec<Segment> = bodies
            .iter()
            .map(|body| lay_out(body, ink.get(&layout_key(body))))
            .collect();

        // How wrapped cells sit against their ID, from the rows where it is clear.
        let mut pitches: Vec<f64> = segments.iter().flat_map(Segment::row_pitches).collect();
        pitches.sort_by(f64::total_cmp);
        let pitch = pitches.get(pitches.len() / 2).copied().unwrap_or(0.0);
        let (top, bottom) = segments.iter().fold((0, 0), |(t, b), s| {
            let votes = s.rows(Align::Top, pitch).votes;
            (t + votes.0, b + votes.1)
        });
        let align = if bottom == 0 || top >= 4 * bottom {
            Align::Top
        } else if top == 0 || bottom >= 4 * top {
            Align::Bottom
        } else {
            Align::Middle
        };
        let measures = self.measures.as_mut().unwrap();
        (measures.ink, measures.pitch, measures.align) = (ink, pitch, align);
        Ok(segments)
    }

    /// A page's table bodies, each after its header or continuing the last one. Running
    /// headers and footers and text before any header go to the report.
    fn bodies<'p>(&mut self, page: &'p Page) -> Result<Vec<Body<'p>>, ExtractError> {
        let measures = self.measures.as_ref().expect("measured before laid out");
        let (number, content, lines) = (page.number, &page.content, &page.lines);
        let headers = headers_of(lines);
        let in_header = |i: usize| {
            headers
                .iter()
                .any(|h| h.first_line <= i && i <= h.last_line)
        };
        // Running headers and footers sit above or below the table's rows, never among them.
        let in_table: Vec<usize> = (0..lines.len())
            .filter(|i| in_header(*i) || looks_like_row(&lines[*i]))
            .collect();
        let (table_top, table_bottom) = (
            in_table.first().copied().unwrap_or(usize::MAX),
            in_table.last().copied().unwrap_or(0),
        );
        let mut furniture = vec![false; lines.len()];
        for (i, line) in lines.iter().enumerate() {
            if in_header(i) || (table_top < i && i < table_bottom) {
                continue;
            }
            let text = line.text.clone();
            if let Some((n, count)) = layout::printed_page_number(&text) {
                self.printed.push((number, n, count));
            }
            let repeated = measures
                .repeats
                .get(&layout::boilerplate_key(line))
                .is_some_and(|n| *n >= measures.min_repeats);
            if repeated || layout::is_page_furniture(&text) {
                furniture[i] = true;
                self.report.outside.push((number, text));
            }
        }
        let mut bodies = Vec::new();
        if lines.is_empty() {
            return Ok(bodies);
        }
        // Stretches of lines, each with the header it follows (None: the page's top).
        let mut stretches: Vec<(Option<&Header>, std::ops::Range<usize>)> = Vec::new();
        let first_header = headers.first().map_or(lines.len(), |h| h.first_line);
        stretches.push((None, 0..first_header));
        for (k, header) in headers.iter().enumerate() {
            let end = headers.get(k + 1).map_or(lines.len(), |h| h.first_line);
            stretches.push((Some(header), header.last_line + 1..end));
        }
        for (header, range) in stretches {
            let body: Vec<&Line> = range
                .clone()
                .filter(|i| !furniture[*i])
                .map(|i| &lines[i])
                .collect();
            let size = (content.width, content.height);
            let labels_now = header
                .map(|h| h.labels.as_slice())
                .or(self.header.as_ref().map(|(labels, _)| labels.as_slice()));
            let (body, headings) = match labels_now {
                Some(labels) => brand_headings(labels, body),
                None => (body, Vec::new()),
            };
            let tabular = tabular_of(&body);
            let (labels, top, own_header, columns) = match (header, &self.header) {
                (Some(header), _) => {
                    self.header = Some((header.labels.clone(), size));
                    (header.labels.clone(), lines[header.last_line].y, true, None)
                }
                (None, None) => {
                    // Before any header: a title, or no table at all.
                    if body.iter().any(|l| looks_like_row(l)) {
                        return Err(ExtractError::NoHeader { page: number });
                    }
                    self.report
                        .outside
                        .extend(body.iter().map(|l| (number, l.text.clone())));
                    continue;
                }
                (None, Some(_)) if body.is_empty() => continue,
                (None, Some((labels, header_size))) => {
                    let same = (header_size.0 - size.0).abs() < 1.0
                        && (header_size.1 - size.1).abs() < 1.0;
                    // Laid out differently: the page's own gutters, in the header's order.
                    let own = (!same)
                        .then(|| {
                            layout::columns_by_gutters(labels, &tabular)
                                .ok_or(ExtractError::NoColumns { page: number })
                        })
                        .transpose()?;
                    (labels.clone(), f64::NEG_INFINITY, false, own)
                }
            };
            bodies.push(Body {
                page: number,
                content,
                labels,
                top,
                own_header,
                lines: body,
                headings,
                tabular,
                columns,
            });
        }
        Ok(bodies)
    }

    /// Reads the rows of table bodies laid out, in page order.
    fn add_segments(&mut self, segments: Vec<Segment>) -> Result<(), ExtractError> {
        let measures = self.measures.as_ref().expect("measured before laid out");
        let (align, pitch) = (measures.align, measures.pitch);
        let mut segments = segments.into_iter().peekable();
        while let Some(mut segment) = segments.next() {
            if let Some(trace) = self.trace.as_deref_mut() {
                trace.add_table(&segment);
            }
            if segment.row_rules.len() >= 2 {
                self.report.pages_with_borders += 1;
            }
            let found = segment.rows(align, pitch);
            let text_of = |indices: &[usize]| {
                let lines: Vec<&BodyLine> = indices.iter().map(|i| &segment.lines[*i]).collect();
                let cell = |field: Field| {
                    join_cell(lines.iter().map(|l| l.cells[field as usize].as_str()))
                };
                [
                    Field::Id,
                    Field::Brand,
                    Field::Model,
                    Field::Years,
                    Field::Description,
                ]
                .map(cell)
            };
            if !found.lead.is_empty() {
                match self.rows.last_mut() {
                    Some(last) => {
                        let more = text_of(&found.lead);
                        for (cell, more) in [
                            &mut last.id,
                            &mut last.brand,
                            &mut last.model,
                            &mut last.years,
                            &mut last.description,
                        ]
                        .into_iter()
                        .zip(more)
                        {
                            *cell = join_cell([cell.as_str(), more.as_str()].into_iter());
                        }
                        self.report.joined_across_pages += 1;
                        if let Some(trace) = self.trace.as_deref_mut() {
                            trace.add_row(self.rows.len() - 1, &segment, &found.lead, true);
                        }
                    }
                    None => self.report.outside.extend(
                        found
                            .lead
                            .iter()
                            .map(|i| (segment.page, segment.lines[*i].text.clone())),
                    ),
                }
            }
            for &i in &found.outside {
                self.report
                    .outside
                    .push((segment.page, segment.lines[i].text.clone()));
            }
            // A line that reads like a row (an ID, then more cells) must be one.
            if let Some(&i) = found
                .outside
                .iter()
                .chain(&found.below)
                .find(|i| table::reads_like_row(&segment.lines[**i].text))
            {
                return Err(ExtractError::RowNotRead {
                    page: segment.page,
                    text: segment.lines[i].text.clone(),
                });
            }
            // Text below a page's rows, when the table goes on over the page: none, unless
            // the layout was misread and a row's lines were cut off.
            let last_on_page = segments.peek().is_none_or(|next| next.page != segment.page);
            let lines_below = found
                .below
                .iter()
                .map(|i| (segment.page, segment.lines[*i].text.clone()));
            if last_on_page {
                self.below.extend(lines_below);
            } else {
                // Before another table on the same page (its title): outside, and reported.
                self.report.outside.extend(lines_below);
            }
            for indices in &found.rows {
                let [id, brand, model, years, description] = text_of(indices);
                let line_text = || {
                    indices
                        .iter()
                        .map(|i| segment.lines[*i].text.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                // A total row inside the table's borders is not a row either (its
                // words may fall in the ID column: `Итого: 17|0 позиций`).
                if !table::is_id(&id) && stated_total(&line_text()).is_some() {
                    self.report.outside.push((segment.page, line_text()));
                    continue;
                }
                self.places
                    .push(RowPlace::new(self.frames.len(), &segment, indices));
                if let Some(trace) = self.trace.as_deref_mut() {
                    trace.add_row(self.rows.len(), &segment, indices, false);
                }
                self.rows.push(RawRow {
                    page: segment.page,
                    id,
                    brand,
                    model,
                    years,
                    description,
                    brand_carried: false,
                });
            }
            // Read: brands need only its rules and headings.
            segment.lines = Vec::new();
            self.frames.push(segment);
        }
        Ok(())
    }

    /// After the last page: the checks over the whole file, and brands carried.
    fn finish(mut self) -> Result<(Vec<RawRow>, ExtractReport), ExtractError> {
        let Some(first_with_text) = self.first_with_text else {
            return Err(ExtractError::NoText { page: 1 });
        };
        let segments = match self.measures {
            None => self.measure()?,
            Some(_) => Vec::new(),
        };
        if self.header.is_none() {
            return Err(ExtractError::NoHeader {
                page: first_with_text,
            });
        }
        if !self.options.ignore_printed_counts {
            checks::check_page_numbers(&self.printed, self.report.pages)?;
        }
        self.add_segments(segments)?;
        let (mut rows, mut report) = (self.rows, self.report);
        if rows.is_empty() {
            return Err(ExtractError::NoRows);
        }
        let last_page = rows.last().unwrap().page;
        if let Some((page, text)) = self.below.iter().find(|(page, text)| {
            *page < last_page && stated_total(text).is_none() && !checks::continuation_note(text)
        }) {
            return Err(ExtractError::TextBelowRows {
                page: *page,
                text: text.clone(),
            });
        }
        report.outside.extend(self.below);
        let pitch = self.measures.as_ref().map_or(0.0, |m| m.pitch);
        brands::from_headings(&mut rows, &self.places, &self.frames);
        brands::carry(&mut rows, &self.places, &self.frames, pitch);
        report.brands_carried = rows.iter().filter(|r| r.brand_carried).count();

        report.stated_total = report
            .outside
            .iter()
            .rev()
            .find_map(|(_, text)| stated_total(text));
        if let Some(stated) = report.stated_total
            && !self.options.ignore_printed_counts
            && stated != rows.len()
        {
            return Err(ExtractError::TotalMismatch {
                stated,
                read: rows.len(),
            });
        }
        let ids: Vec<(u64, u32)> = rows
            .iter()
            .filter_map(|r| r.id.parse().ok().map(|id| (id, r.page)))
            .collect();
        report.warnings.extend(checks::id_gaps(&ids));
        Ok((rows, report))
    }
}

/// A page as the table reader sees it: its lines, and its rules and size. Its glyphs
/// live on in its lines only.
struct Page {
    number: u32,
    content: PageContent,
    lines: Vec<Line>,
}

/// Pages with text but no table header after which the file is refused: a supplier's
/// table starts on its first page, after at most a cover letter.
const HEADER_WITHIN_PAGES: usize = 5;

/// Loads the PDF and reads every page in one pass under `catch_unwind` (pdf-extract
/// panics on some malformed content). Each page is checked as soon as it is read, so a
/// scan, garbled text or a table without a header stops the reading at the page that
/// shows it; any failure names its page.
fn read_pages(bytes: &[u8], max_glyphs: usize, tables: &mut Tables) -> Result<(), ExtractError> {
    if bytes.is_empty() {
        return Err(ExtractError::Empty);
    }
    if !bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
    {
        return Err(ExtractError::NotPdf);
    }
    let mut doc = match catch_unwind(|| Document::load_mem(bytes)) {
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
    checks::check_page_tree(&doc)?;
    checks::check_inflated_sizes(&doc)?;
    glyphs::repair_cid_widths(&mut doc);
    glyphs::repair_to_unicode(&mut doc);
    glyphs::rewrite_skipped_operators(&mut doc);

    let page_ids = doc.get_pages();
    // The first blank page: blank pages among the table's pages lost their text, blank
    // pages at the end are only paper.
    let mut blank: Option<u32> = None;
    let mut without_header: Vec<u32> = Vec::new();
    let mut header_seen = false;
    let mut on_page = |number: u32, mut content: PageContent| -> Result<(), ExtractError> {
        if content.glyphs.is_empty() {
            if page_ids
                .get(&number)
                .is_some_and(|id| glyphs::has_image(&doc, *id))
            {
                return Err(ExtractError::NoText { page: number });
            }
            blank.get_or_insert(number);
            if let Some(trace) = tables.trace.as_deref_mut() {
                trace.add_page(number, &content, &[]);
            }
            return tables.add_page(Page {
                number,
                content,
                lines: Vec::new(),
            });
        }
        if let Some(page) = blank {
            return Err(ExtractError::NoText { page });
        }
        glyphs::rules_from_characters(&mut content);
        let lines = layout::lines_of(&content.glyphs);
        if let Some(trace) = tables.trace.as_deref_mut() {
            trace.add_page(number, &content, &lines);
        }
        checks::check_cyrillic(number, &content.glyphs)?;
        content.glyphs = Vec::new();
        if !header_seen {
            header_seen = !headers_of(&lines).is_empty();
            if !header_seen {
                without_header.push(number);
                let rows = lines.iter().filter(|l| looks_like_row(l)).count();
                if rows >= 3 {
                    return Err(ExtractError::NoHeader { page: number });
                }
                if without_header.len() >= HEADER_WITHIN_PAGES {
                    return Err(ExtractError::NoHeader {
                        page: without_header[0],
                    });
                }
            }
        }
        tables.add_page(Page {
            number,
            content,
            lines,
        })
    };
    let rotations = glyphs::rotations(&doc);
    let mut collector = Collector::new(max_glyphs, rotations, &mut on_page);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        pdf_extract::output_doc(&doc, &mut collector)
    }));
    if let Some(error) = collector.stopped.take() {
        return Err(error);
    }
    let reason = match outcome {
        Ok(Ok(())) => None,
        Ok(Err(error)) => Some(error.to_string()),
        Err(panic) => Some(format!(
            "a font or drawing the PDF reader does not support; print the file to PDF again from another program (the reader said: {})",
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default()
        )),
    };
    if let Some(reason) = reason {
        // The page begun and not ended, or else the one after the last ended.
        let page = collector.unfinished().unwrap_or_else(|| {
            let done = collector.last_ended;
            page_ids
                .keys()
                .copied()
                .find(|n| *n > done)
                .unwrap_or(done + 1)
        });
        return Err(ExtractError::Page { page, reason });
    }
    Ok(())
}

/// Which bodies pool their ink: those under the same labels on pages of one size.
fn layout_key(body: &Body) -> Vec<i64> {
    let mut key: Vec<i64> = body.labels.iter().map(|l| l.x0.round() as i64).collect();
    key.push(body.content.width.round() as i64);
    key.push(body.content.height.round() as i64);
    key
}

/// A body's segment: its own columns, or else columns from its header's labels and the
/// `ink` of the bodies laid out alike (its own when None), unless its rows do not fit
/// them.
fn lay_out(body: &Body, ink: Option<&Coverage>) -> Segment {
    if let Some(columns) = &body.columns {
        return segment(body, columns.clone());
    }
    let own;
    let ink = match ink {
        Some(ink) => ink,
        None => {
            own = Coverage::of(&body.tabular);
            &own
        }
    };
    let tabular = &body.tabular;
    let top = if body.own_header {
        body.top
    } else {
        body.lines[0].y - 2.0 * body.lines[0].size
    };
    let bottom = body.lines.last().map_or(top, |l| l.y);
    let columns = layout::columns_from_labels(&body.labels, ink, body.content, top, bottom);
    // A page continuing the header's columns, unless its rows do not fit them (the
    // table moved): then the page's own gutters, in the header's order.
    let columns = if body.own_header {
        columns
    } else {
        let anchors = |columns: &Columns| {
            tabular
                .iter()
                .filter(|l| BodyLine::new(l, columns).anchor)
                .count()
        };
        let rowlike = tabular.iter().filter(|l| looks_like_row(l)).count();
        match layout::columns_by_gutters(&body.labels, tabular) {
            Some(own)
                if anchors(&columns) * 5 < rowlike * 4 && anchors(&own) > anchors(&columns) =>
            {
                own
            }
            _ => columns,
        }
    };
    segment(body, columns)
}

/// A table body before its columns are known.
struct Body<'p> {
    page: u32,
    content: &'p PageContent,
    labels: Vec<Label>,
    /// The header's last line, or minus infinity on a page that continues the table.
    top: f64,
    own_header: bool,
    lines: Vec<&'p Line>,
    /// Brand headings taken out of the body (see [`brand_headings`]).
    headings: Vec<(f64, String)>,
    /// The body's lines the columns come from.
    tabular: Vec<&'p Line>,
    /// Columns already found: a page laid out unlike the header's takes its own gutters.
    columns: Option<Columns>,
}

/// The lines the columns come from: the body down to its last row's ID line. A total
/// or a paragraph of notes below the table runs over the gutters.
fn tabular_of<'l>(body: &[&'l Line]) -> Vec<&'l Line> {
    let end = body
        .iter()
        .rposition(|l| looks_like_row(l))
        .map_or(body.len(), |last| last + 1);
    body[..end]
        .iter()
        .copied()
        .filter(|l| stated_total(&l.text).is_none())
        .collect()
}

/// Every header on a page, top to bottom (a table may repeat it mid-page).
fn headers_of(lines: &[Line]) -> Vec<Header> {
    let mut found: Vec<Header> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        match layout::header_at(lines, i) {
            Some(header) if found.last().is_none_or(|h| h.last_line < header.first_line) => {
                i = header.last_line + 1;
                found.push(header);
            }
            _ => i += 1,
        }
    }
    found
}

/// A line that reads like a table row: it starts with an ID and has more cells.
fn looks_like_row(line: &Line) -> bool {
    table::reads_like_row(&line.text)
}

/// A table without a brand column prints each brand as a heading over its group: a
/// line that starts left of the model column, in the ID column, without an ID (and is
/// no total or note). The body without them, and them.
fn brand_headings<'l>(
    labels: &[Label],
    body: Vec<&'l Line>,
) -> (Vec<&'l Line>, Vec<(f64, String)>) {
    let model = labels.iter().find(|l| l.field == Field::Model);
    let Some(model) = model.filter(|_| !labels.iter().any(|l| l.field == Field::Brand)) else {
        return (body, Vec::new());
    };
    let (headings, rest): (Vec<&Line>, Vec<&Line>) = body.into_iter().partition(|line| {
        let first = line.words().into_iter().next();
        first.is_some_and(|w| w.x0 < model.x0 - 1.0 && !table::is_id(&w.text))
            && line.text.chars().any(char::is_alphabetic)
            && stated_total(&line.text).is_none()
            && !checks::continuation_note(&line.text)
    });
    let headings = headings.iter().map(|l| (l.y, l.text.clone())).collect();
    (rest, headings)
}

fn segment(p: &Body, columns: Columns) -> Segment {
    let (page, body, content, top) = (p.page, &p.lines, p.content, p.top);
    // A rule belongs to a column when it crosses the column's middle.
    let middle_of = |field: Field| {
        let k = columns.labels.iter().position(|l| l.field == field)?;
        let left = if k == 0 {
            None
        } else {
            columns.bounds.get(k - 1)
        };
        let right = columns.bounds.get(k);
        Some(match (left, right) {
            (Some(l), Some(r)) => (l + r) / 2.0,
            (Some(l), None) => l + 5.0,
            (None, Some(r)) => r - 5.0,
            (None, None) => return None,
        })
    };
    let rules_across = |x: Option<f64>| {
        let Some(x) = x else { return Vec::new() };
        let mut ys: Vec<f64> = content
            .horizontal
            .iter()
            .filter(|(y, x0, x1)| *x0 <= x && x <= *x1 && *y > top)
            .map(|(y, _, _)| *y)
            .collect();
        ys.sort_by(f64::total_cmp);
        ys.dedup_by(|a, b| (*a - *b).abs() < 1.5);
        ys
    };
    let lines: Vec<BodyLine> = body.iter().map(|l| BodyLine::new(l, &columns)).collect();
    let row_rules = rules_across(middle_of(Field::Id));
    let mut anchors = lines.iter().filter(|l| l.anchor).map(|l| l.y);
    let rules_between_rows = match (anchors.next(), anchors.next_back()) {
        (Some(first), Some(last)) => row_rules.iter().any(|y| first < *y && *y < last),
        _ => true,
    };
    Segment {
        page,
        row_rules,
        brand_rules: rules_across(middle_of(Field::Brand)),
        headings: p.headings.clone(),
        lines,
        columns,
        rules_between_rows,
    }
}
