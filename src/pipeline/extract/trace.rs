//! What the reader saw on each page, kept only when asked ([`super::extract_traced`]),
//! so that an operator can look at a file instead of reading about it
//! (`car-extract --report`, drawn by `pipeline::report`).

use super::glyphs::PageContent;
use super::layout::{Field, Line};
use super::table::Segment;

/// Every page read, in order, with what was found on it.
#[derive(Debug, Default, Clone)]
pub struct Trace {
    pub pages: Vec<PageTrace>,
}

/// One page: its text where it stands, its rules, and the table found on it.
#[derive(Debug, Default, Clone)]
pub struct PageTrace {
    pub number: u32,
    pub width: f64,
    pub height: f64,
    pub lines: Vec<TracedLine>,
    /// Thin lines drawn: (x0, y0, x1, y1), y from the top.
    pub rules: Vec<(f64, f64, f64, f64)>,
    /// The table bodies on the page (usually one).
    pub tables: Vec<TracedTable>,
    pub rows: Vec<TracedRow>,
}

/// A line of text: its baseline (from the top), its glyph size and its words.
#[derive(Debug, Clone)]
pub struct TracedLine {
    pub y: f64,
    pub size: f64,
    /// (x0, x1, text) of each word.
    pub words: Vec<(f64, f64, String)>,
    pub text: String,
}

/// A table body: its columns (field names left to right and the x between each pair),
/// how far down it runs, and the brand headings taken out of it.
#[derive(Debug, Clone)]
pub struct TracedTable {
    pub fields: Vec<&'static str>,
    pub bounds: Vec<f64>,
    pub top: f64,
    pub bottom: f64,
    /// (baseline, text) of each brand heading over a group.
    pub headings: Vec<(f64, String)>,
}

/// Where a row (an index into the rows read) stands on a page. A row split by a page
/// break stands on two pages; its second part is `continued`.
#[derive(Debug, Clone)]
pub struct TracedRow {
    pub row: usize,
    pub top: f64,
    pub bottom: f64,
    pub continued: bool,
}

impl Trace {
    pub(super) fn add_page(&mut self, number: u32, content: &PageContent, lines: &[Line]) {
        let rules = content
            .horizontal
            .iter()
            .map(|(y, x0, x1)| (*x0, *y, *x1, *y))
            .chain(
                content
                    .vertical
                    .iter()
                    .map(|(x, y0, y1)| (*x, *y0, *x, *y1)),
            )
            .collect();
        self.pages.push(PageTrace {
            number,
            width: content.width,
            height: content.height,
            lines: lines
                .iter()
                .map(|line| TracedLine {
                    y: line.y,
                    size: line.size,
                    words: line
                        .words()
                        .into_iter()
                        .map(|w| (w.x0, w.x1, w.text))
                        .collect(),
                    text: line.text.clone(),
                })
                .collect(),
            rules,
            tables: Vec::new(),
            rows: Vec::new(),
        });
    }

    /// Pages are added in page order, so a row's page is found by bisection (a report of
    /// a long file has a row per line on thousands of pages).
    fn page_mut(&mut self, number: u32) -> Option<&mut PageTrace> {
        let at = self
            .pages
            .binary_search_by_key(&number, |p| p.number)
            .ok()?;
        Some(&mut self.pages[at])
    }

    pub(super) fn add_table(&mut self, segment: &Segment) {
        let (Some(first), Some(last)) = (segment.lines.first(), segment.lines.last()) else {
            return;
        };
        let table = TracedTable {
            fields: segment
                .columns
                .labels
                .iter()
                .map(|l| field_name(l.field))
                .collect(),
            bounds: segment.columns.bounds.clone(),
            top: first.y - 1.2 * first.size,
            bottom: last.y + 0.4 * last.size,
            headings: segment.headings.clone(),
        };
        if let Some(page) = self.page_mut(segment.page) {
            page.tables.push(table);
        }
    }

    /// Row `row` stands on the segment's lines `indices`.
    pub(super) fn add_row(
        &mut self,
        row: usize,
        segment: &Segment,
        indices: &[usize],
        continued: bool,
    ) {
        let lines = indices.iter().map(|i| &segment.lines[*i]);
        let top = lines
            .clone()
            .map(|l| l.y - 1.1 * l.size)
            .fold(f64::INFINITY, f64::min);
        let bottom = lines
            .map(|l| l.y + 0.3 * l.size)
            .fold(f64::NEG_INFINITY, f64::max);
        if let Some(page) = self.page_mut(segment.page)
            && top.is_finite()
        {
            page.rows.push(TracedRow {
                row,
                top,
                bottom,
                continued,
            });
        }
    }
}

fn field_name(field: Field) -> &'static str {
    match field {
        Field::Id => "ID",
        Field::Brand => "brand",
        Field::Model => "model",
        Field::Years => "years",
        Field::Description => "description",
    }
}
