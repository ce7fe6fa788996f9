//! Brands printed once for a group of rows, carried to each row of the group: a merged
//! cell (ruled: no rule across the brand column between the rows; borderless: the text
//! centred over the group) or blank cells meaning "as above". The group's first row
//! holds the brand; the others are marked as carried.

use super::RawRow;
use super::layout::Field;
use super::table::{BodyLine, Segment, join_cell};

const BRAND: usize = Field::Brand as usize;

/// Where a row sits on its page.
#[derive(Debug)]
pub(super) struct RowPlace {
    segment: usize,
    /// The baseline of the row's ID (or first line).
    anchor: f64,
    /// The row's text, top to bottom, without lines that hold only a brand.
    top: f64,
    bottom: f64,
    /// The vertical middle of the row's brand text, when it has one.
    brand_middle: Option<f64>,
}

impl RowPlace {
    pub fn new(segment_index: usize, segment: &Segment, indices: &[usize]) -> RowPlace {
        let lines: Vec<&BodyLine> = indices.iter().map(|i| &segment.lines[*i]).collect();
        let brand_only = |l: &BodyLine| (0..5).all(|f| (f == BRAND) != l.cells[f].is_empty());
        let own: Vec<&&BodyLine> = lines.iter().filter(|l| !brand_only(l)).collect();
        let own = if own.is_empty() {
            lines.iter().collect()
        } else {
            own
        };
        let branded: Vec<f64> = lines
            .iter()
            .filter(|l| !l.cells[BRAND].is_empty())
            .map(|l| l.middle())
            .collect();
        RowPlace {
            segment: segment_index,
            anchor: lines.iter().find(|l| l.anchor).unwrap_or(&lines[0]).y,
            top: own
                .iter()
                .map(|l| l.y - 0.8 * l.size)
                .fold(f64::INFINITY, f64::min),
            bottom: own
                .iter()
                .map(|l| l.y + 0.25 * l.size)
                .fold(f64::NEG_INFINITY, f64::max),
            brand_middle: (!branded.is_empty())
                .then(|| branded.iter().sum::<f64>() / branded.len() as f64),
        }
    }

    /// The row's brand text sits outside its own text: between rows, as the text of a
    /// merged cell centred over an even number of rows does.
    fn brand_between_rows(&self) -> bool {
        self.brand_middle
            .is_some_and(|m| m < self.top || m > self.bottom)
    }
}

/// A table without a brand column: each row of a model gets the heading above it (on
/// its page or an earlier one), marked carried.
pub(super) fn from_headings(rows: &mut [RawRow], places: &[RowPlace], segments: &[Segment]) {
    let mut heading: Option<&str> = None;
    let mut next = (0, 0); // (segment, heading) not yet passed
    for (row, place) in rows.iter_mut().zip(places) {
        while next.0 < segments.len() {
            let headings = &segments[next.0].headings;
            match headings.get(next.1) {
                Some((y, text)) if next.0 < place.segment || *y < place.anchor => {
                    heading = Some(text);
                    next.1 += 1;
                }
                Some(_) => break,
                None if next.0 < place.segment => next = (next.0 + 1, 0),
                None => break,
            }
        }
        if let Some(brand) = heading
            && row.brand.is_empty()
            && !row.model.is_empty()
        {
            row.brand = brand.to_owned();
            row.brand_carried = true;
        }
    }
}

/// On a page with rules across the brand column, the brand cell row `i`'s ID sits in:
/// (segment, rules above it).
fn brand_cell(places: &[RowPlace], segments: &[Segment], i: usize) -> Option<(usize, usize)> {
    let segment = &segments[places[i].segment];
    // Two rules across the ID column, as under a header and at the table's foot, frame
    // the table: they are no cells; nor are rules that only frame its rows.
    let cells = segment.brand_rules.len() >= 2
        && segment.row_rules.len() >= 3
        && segment.rules_between_rows;
    (cells && segment.columns.has(Field::Brand)).then(|| {
        let above = segment
            .brand_rules
            .iter()
            .filter(|r| **r < places[i].anchor);
        (places[i].segment, above.count())
    })
}

/// `pitch`: the document's usual distance between rows; a brand's wrapped lines are closer.
pub(super) fn carry(rows: &mut [RawRow], places: &[RowPlace], segments: &[Segment], pitch: f64) {
    let centred = (0..places.len())
        .filter(|i| brand_cell(places, segments, *i).is_none() && places[*i].brand_between_rows())
        .count()
        >= 2;
    let mut start = 0;
    while start < rows.len() {
        let segment = places[start].segment;
        let end = start
            + places[start..]
                .iter()
                .take_while(|p| p.segment == segment)
                .count();
        if brand_cell(places, segments, start).is_some() {
            merged_by_rules(rows, places, segments, start, end);
        } else if centred {
            centred_over_groups(rows, &places[start..end], start, pitch);
        }
        start = end;
    }
    merged_across_pages(rows, places, segments);
    as_above(rows);
}

/// A merged cell split by a page break whose text is printed on its second part (as
/// wkhtmltopdf does): the rows of its first part, at the foot of a page, get that text.
fn merged_across_pages(rows: &mut [RawRow], places: &[RowPlace], segments: &[Segment]) {
    let cell_of = |i: usize| brand_cell(places, segments, i);
    for first in 1..rows.len() {
        let (Some(before), Some(after)) = (cell_of(first - 1), cell_of(first)) else {
            continue;
        };
        // The next page's first cell starts at its table's top and has text.
        if before.0 == after.0 || after.1 > 1 || rows[first].brand.is_empty() {
            continue;
        }
        let foot = (0..first)
            .rev()
            .take_while(|i| cell_of(*i) == Some(before) && rows[*i].brand.is_empty())
            .count();
        let in_cell = (0..first)
            .rev()
            .take_while(|i| cell_of(*i) == Some(before))
            .count();
        // A merged cell's second part spans rows (or the rest of the split row and a
        // row); a grid's cells are a row each.
        let continued = (first..rows.len())
            .take_while(|i| cell_of(*i) == Some(after))
            .count();
        if foot == 0
            || foot != in_cell
            || (continued < 2 && !spans_a_row_rule(&segments[after.0], after.1))
        {
            continue;
        }
        let brand = rows[first].brand.clone();
        for (k, row) in rows[first - foot..first].iter_mut().enumerate() {
            row.brand = brand.clone();
            row.brand_carried = k > 0;
        }
        for row in &mut rows[first..first + continued] {
            row.brand_carried = true;
        }
    }
}

/// Whether the `cell`th cell of a segment's brand column has a rule across the ID
/// column inside it: it spans more than one row.
fn spans_a_row_rule(segment: &Segment, cell: usize) -> bool {
    let top = cell
        .checked_sub(1)
        .map_or(f64::NEG_INFINITY, |k| segment.brand_rules[k]);
    let bottom = segment
        .brand_rules
        .get(cell)
        .copied()
        .unwrap_or(f64::INFINITY);
    segment
        .row_rules
        .iter()
        .any(|y| top + 1.5 < *y && *y < bottom - 1.5)
}

/// Ruled pages: the rows whose IDs share a cell of the brand column share its text.
fn merged_by_rules(
    rows: &mut [RawRow],
    places: &[RowPlace],
    segments: &[Segment],
    from: usize,
    to: usize,
) {
    let cell_of = |i: usize| brand_cell(places, segments, i);
    let mut start = from;
    while start < to {
        let cell = cell_of(start);
        let end = start + (start..to).take_while(|i| cell_of(*i) == cell).count();
        let text = join_cell(rows[start..end].iter().map(|r| r.brand.as_str()));
        if end - start > 1 && !text.is_empty() {
            for (k, row) in rows[start..end].iter_mut().enumerate() {
                row.brand = text.clone();
                row.brand_carried = k > 0;
            }
        } else if text.is_empty()
            && end - start > 1
            && cell.is_some_and(|(_, above)| above <= 1)
            && start > 0
        {
            // A merged cell over the page's first rows, without text: it began on an
            // earlier page.
            let brand = rows[start - 1].brand.clone();
            for row in &mut rows[start..end] {
                row.brand = brand.clone();
                row.brand_carried = !brand.is_empty();
            }
        }
        start = end;
    }
}

/// Borderless pages whose merged brand cells centre their text over the group: the
/// groups are the partition of the page's rows that puts each brand text nearest the
/// middle of its group. Rows before the first group continue the page before.
fn centred_over_groups(rows: &mut [RawRow], places: &[RowPlace], first: usize, pitch: f64) {
    let n = places.len();
    // The brand texts; a text wrapped over lines that went to two rows is joined again.
    let mut blocks: Vec<(String, f64, f64)> = Vec::new();
    for r in 0..n {
        let (Some(middle), brand) = (places[r].brand_middle, &rows[first + r].brand) else {
            continue;
        };
        if brand.is_empty() {
            continue;
        }
        match blocks.last_mut() {
            Some((text, _, end)) if middle - *end < 0.95 * pitch => {
                *text = join_cell([text.as_str(), brand.as_str()].into_iter());
                *end = middle;
            }
            _ => blocks.push((brand.clone(), middle, middle)),
        }
    }
    let blocks: Vec<(String, f64)> = blocks
        .into_iter()
        .map(|(text, start, end)| (text, (start + end) / 2.0))
        .collect();
    // Cell boundaries: halfway between neighbouring rows' text.
    let mut gaps: Vec<f64> = (1..n)
        .map(|r| places[r].top - places[r - 1].bottom)
        .collect();
    gaps.sort_by(f64::total_cmp);
    let gap = gaps.get(gaps.len() / 2).copied().unwrap_or(0.0).max(0.0);
    let mut bounds = vec![places[0].top - gap / 2.0];
    bounds.extend((1..n).map(|r| (places[r - 1].bottom + places[r].top) / 2.0));
    bounds.push(places[n - 1].bottom + gap / 2.0);

    let cost = |s: usize, e: usize, middle: f64| {
        let (top, bottom) = (bounds[s], bounds[e + 1]);
        if top <= middle && middle <= bottom {
            ((top + bottom) / 2.0 - middle).abs()
        } else {
            f64::INFINITY
        }
    };
    // best[k][e]: the least total distance for blocks 0..=k with block k's group ending
    // at row e; start[k][e]: where that group starts.
    let m = blocks.len();
    let mut best = vec![vec![f64::INFINITY; n]; m];
    let mut start = vec![vec![0usize; n]; m];
    for (k, (_, middle)) in blocks.iter().enumerate() {
        for e in 0..n {
            for s in k..=e {
                let before = if k == 0 {
                    0.0
                } else if s == 0 {
                    f64::INFINITY
                } else {
                    best[k - 1][s - 1]
                };
                // The page's last group may go on to the next page, where the rest of
                // the merged cell is: its text need not be centred on this page's part.
                let here = if k + 1 == m && e + 1 == n && bounds[s] <= *middle {
                    0.0
                } else {
                    cost(s, e, *middle)
                };
                let total = before + here;
                if total < best[k][e] {
                    best[k][e] = total;
                    start[k][e] = s;
                }
            }
        }
    }
    let previous = first
        .checked_sub(1)
        .map(|i| rows[i].brand.clone())
        .unwrap_or_default();
    if m == 0 || !best[m - 1][n - 1].is_finite() {
        if m == 0 {
            for row in &mut rows[first..first + n] {
                row.brand = previous.clone();
                row.brand_carried = !previous.is_empty();
            }
        }
        return;
    }
    let mut groups = vec![(0, 0); m];
    let mut e = n - 1;
    for k in (0..m).rev() {
        let s = start[k][e];
        groups[k] = (s, e);
        e = s.wrapping_sub(1);
    }
    for r in 0..groups[0].0 {
        rows[first + r].brand = previous.clone();
        rows[first + r].brand_carried = !previous.is_empty();
    }
    for ((text, _), (s, e)) in blocks.iter().zip(groups) {
        for r in s..=e {
            rows[first + r].brand = text.clone();
            rows[first + r].brand_carried = r > s;
        }
    }
}

/// Blank brand cells mean "as above" on rows that name a model.
fn as_above(rows: &mut [RawRow]) {
    let mut last_brand = String::new();
    for row in rows.iter_mut() {
        if row.brand.is_empty() && !row.model.is_empty() && !last_brand.is_empty() {
            row.brand = last_brand.clone();
            row.brand_carried = true;
        }
        if !row.brand.is_empty() {
            last_brand = row.brand.clone();
        }
    }
}
