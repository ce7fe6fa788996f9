//! Table building: a page's body lines into rows.
//!
//! A row is anchored by its ID: a line whose ID cell is an ID-like token. Horizontal
//! rules across the ID column separate rows where the file draws them; elsewhere each
//! pair of neighbouring anchors is cut at the widest gap between the lines around them,
//! so a wrapped cell joins its own row whether it wraps down (top-aligned), up
//! (bottom-aligned) or both (middle). Ties go the way the document's other rows go.

use super::layout::{Columns, Field, Line};

/// How the document's wrapped cells sit against their row's ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Align {
    Top,
    Middle,
    Bottom,
}

/// One body line with its text split by column.
#[derive(Debug, Clone)]
pub(super) struct BodyLine {
    pub y: f64,
    pub size: f64,
    pub text: String,
    pub cells: [String; 5],
    /// Some word runs over a column boundary: text outside the table.
    pub straddles: bool,
    /// Its ID cell holds an ID-like token: the line anchors a row.
    pub anchor: bool,
}

impl BodyLine {
    pub fn new(line: &Line, columns: &Columns) -> BodyLine {
        let mut cells: [String; 5] = Default::default();
        let mut straddles = false;
        let mut last_field = None;
        // Glyph by glyph: right-aligned numbers can touch the next cell's text.
        for (glyph, spaced) in line.glyphs.iter().zip(&line.spaced) {
            straddles |= columns.crosses(glyph);
            let field = columns.field_at(glyph.x + glyph.advance / 2.0);
            let cell = &mut cells[field as usize];
            if !cell.is_empty() && (*spaced || last_field != Some(field)) {
                cell.push(' ');
            }
            cell.push(glyph.ch);
            last_field = Some(field);
        }
        let anchor = !straddles && is_id(&cells[Field::Id as usize]);
        BodyLine {
            y: line.y,
            size: line.size,
            text: line.text.clone(),
            cells,
            straddles,
            anchor,
        }
    }
    /// The vertical middle of the line's letters.
    pub fn middle(&self) -> f64 {
        self.y - 0.3 * self.size
    }
}

/// Text that starts with an ID and has at least two more words: a table row's line.
/// A date written out (`16 марта 2026 г.`, above a table) is none.
pub(super) fn reads_like_row(text: &str) -> bool {
    let words: Vec<&str> = text.split(' ').collect();
    words.len() >= 3 && is_id(words[0]) && !is_date(&words)
}

/// `16 марта 2026`: a day, a month's name and a year.
fn is_date(words: &[&str]) -> bool {
    const MONTHS: [&str; 12] = [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ];
    let year = words[2].trim_end_matches(|c: char| !c.is_ascii_digit());
    words[0].len() <= 2
        && MONTHS.contains(&words[1].to_lowercase().as_str())
        && year.len() == 4
        && year.chars().all(|c| c.is_ascii_digit())
}

/// A supplier's key: digits, or groups of digits joined by `-`, `/` or `.` (`25-0239`,
/// `0813-03`), optionally with a short letter prefix or suffix (`А-12`, `12б`). A
/// span of years (`2006-2011`) or a date (`01.12.2026`) is none.
pub(super) fn is_id(text: &str) -> bool {
    let core = text.trim_start_matches(|c: char| c.is_alphabetic());
    let prefix = text.len() - core.len();
    let core = core.trim_start_matches(['-', '/', '.']);
    let digits = core.trim_end_matches(|c: char| c.is_alphabetic());
    let suffix = core[digits.len()..].chars().count();
    // `0417-КГ`: a suffix after a separator.
    let digits = if suffix > 0 {
        digits.trim_end_matches(['-', '/', '.'])
    } else {
        digits
    };
    // Every line of every page asks: no allocation.
    let groups = || digits.split(['-', '/', '.']);
    let count = groups().count();
    let numbers = groups().all(|g| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit()));
    let years = count == 2 && groups().all(|g| g.len() == 4 && ("1900".."2100").contains(&g));
    let date = count == 3 && digits.contains('.') && groups().next().is_some_and(|g| g.len() <= 2);
    numbers
        && count <= 3
        && digits.bytes().filter(u8::is_ascii_digit).count() <= 9
        && !years
        && !date
        && prefix <= 6
        && suffix <= 2
        && !text.contains(' ')
}

/// The body of one table on one page: what follows a header, or a page's text when it
/// continues the table without one.
#[derive(Debug)]
pub(super) struct Segment {
    pub page: u32,
    pub columns: Columns,
    pub lines: Vec<BodyLine>,
    /// Horizontal rules across the ID column, top to bottom: row borders.
    pub row_rules: Vec<f64>,
    /// Horizontal rules across the brand column; a merged brand cell has none inside.
    pub brand_rules: Vec<f64>,
    /// A table without a brand column: each brand's heading line over its group, by
    /// baseline, top to bottom.
    pub headings: Vec<(f64, String)>,
    /// A row rule lies between two of its rows (or it has fewer than two): its rules
    /// are cell borders, not only a frame around rows (`====` above a plain-text
    /// table and `----` under its header).
    pub rules_between_rows: bool,
}

/// A segment's lines sorted into rows.
#[derive(Debug, Default)]
pub(super) struct SegmentRows {
    /// Lines before the first row that may continue the previous page's last row.
    pub lead: Vec<usize>,
    pub rows: Vec<Vec<usize>>,
    /// Lines outside the table above it (titles, a running header).
    pub outside: Vec<usize>,
    /// Lines outside the table below its rows (totals, signatures).
    pub below: Vec<usize>,
    /// Rows whose extra lines sit below their ID, and above it, where that was clear.
    pub votes: (u32, u32),
}

impl Segment {
    /// Distances between the IDs of neighbouring one-line rows.
    pub fn row_pitches(&self) -> impl Iterator<Item = f64> + '_ {
        self.lines
            .windows(2)
            .filter(|w| w[0].anchor && w[1].anchor)
            .map(|w| w[1].y - w[0].y)
    }

    /// The rows of the segment. `pitch`: the document's usual distance between rows, the
    /// most a wrapped cell's lines can be apart.
    pub fn rows(&self, align: Align, pitch: f64) -> SegmentRows {
        let mut out = SegmentRows::default();
        let rules = if self.row_rules.len() >= 2 {
            self.row_rules.as_slice()
        } else {
            &[]
        };
        if rules.is_empty() {
            let all: Vec<usize> = (0..self.lines.len()).collect();
            self.split_by_gaps(&all, align, pitch, true, true, &mut out);
            return out;
        }
        let band_of = |line: &BodyLine| rules.iter().filter(|r| **r < line.middle()).count();
        let last_band = rules.len();
        let mut bands: Vec<Vec<usize>> = vec![Vec::new(); last_band + 1];
        for (i, line) in self.lines.iter().enumerate() {
            bands[band_of(line)].push(i);
        }
        // Above the first rule: the rest of a header cell, or a running header, unless
        // a row starts there (the rule above it not drawn).
        if bands[0].iter().any(|i| self.lines[*i].anchor) {
            self.split_by_gaps(&bands[0], align, pitch, true, false, &mut out);
        } else {
            out.outside.extend(&bands[0]);
        }
        let mut seen_row = !out.rows.is_empty();
        for band in &bands[1..last_band] {
            if band.is_empty() {
                continue;
            }
            let anchors = band.iter().filter(|i| self.lines[**i].anchor).count();
            match anchors {
                0 if !seen_row => out.lead.extend(band),
                0 => out.rows.push(band.clone()),
                1 => {
                    let at = band.iter().position(|i| self.lines[*i].anchor).unwrap();
                    if at > 0 {
                        out.votes.1 += 1;
                    }
                    if at + 1 < band.len() {
                        out.votes.0 += 1;
                    }
                    out.rows.push(band.clone());
                }
                _ => self.split_by_gaps(band, align, pitch, false, false, &mut out),
            }
            seen_row = true;
        }
        // Below the last rule: after the table, unless a row a page break cut off
        // before its bottom border starts there.
        if bands[last_band].iter().any(|i| self.lines[*i].anchor) {
            self.split_by_gaps(&bands[last_band], align, pitch, false, true, &mut out);
        } else {
            out.below.extend(&bands[last_band]);
        }
        out
    }

    /// Rows of `lines` (indices, top to bottom) by cutting between neighbouring anchors
    /// at the widest gap. `open_top`/`open_bottom`: whether lines before the first and
    /// after the last anchor may be text outside the table (no rule closes it there).
    fn split_by_gaps(
        &self,
        lines: &[usize],
        align: Align,
        pitch: f64,
        open_top: bool,
        open_bottom: bool,
        out: &mut SegmentRows,
    ) {
        let anchors: Vec<usize> = (0..lines.len())
            .filter(|k| self.lines[lines[*k]].anchor)
            .collect();
        let Some((&first, &last)) = anchors.first().zip(anchors.last()) else {
            if open_top {
                out.outside.extend(lines);
            } else if open_bottom {
                out.below.extend(lines);
            } else {
                out.rows.push(lines.to_vec());
            }
            return;
        };
        let y = |k: usize| self.lines[lines[k]].y;
        // Lines of one cell are at most a line apart; `loose`: or as far apart as rows
        // are (some programs lead their lines generously), where no other row's lines
        // can be in between.
        let near = |upper: usize, lower: usize, loose: bool| {
            let size = self.lines[lines[upper]]
                .size
                .max(self.lines[lines[lower]].size);
            let most = if loose {
                (1.45 * size).max(pitch)
            } else {
                1.45 * size
            };
            y(lower) - y(upper) <= most
        };

        // Before the first anchor: the first row's own lines when its cells wrap upward,
        // else text that continues the previous page's row or is outside the table.
        // A middle-aligned cell's lines above its row's ID are mirrored below it.
        let mirrored = |k: usize| {
            let d = y(first) - y(k);
            let shares = |a: &BodyLine, b: &BodyLine| {
                (0..5).any(|f| !a.cells[f].is_empty() && !b.cells[f].is_empty())
            };
            let end = anchors.get(1).copied().unwrap_or(lines.len());
            (first + 1..end).any(|j| {
                (y(j) - y(first) - d).abs() <= 0.35 * self.lines[lines[j]].size
                    && shares(&self.lines[lines[j]], &self.lines[lines[k]])
            })
        };
        let mut start = first;
        if align != Align::Top || !open_top {
            while start > 0
                && (!open_top
                    || (near(start - 1, start, false)
                        && !self.lines[lines[start - 1]].straddles
                        && (align == Align::Bottom || mirrored(start - 1))))
            {
                start -= 1;
            }
        }
        let before = &lines[..start];
        if open_top {
            // A continuation sits right above the first row; anything else is outside.
            let mut lead_from = before.len();
            while lead_from > 0
                && !self.lines[before[lead_from - 1]].straddles
                && (lead_from == before.len()
                    || self.lines[before[lead_from]].y - self.lines[before[lead_from - 1]].y
                        <= (1.45 * self.lines[before[lead_from - 1]].size).max(pitch))
            {
                lead_from -= 1;
            }
            // A brand heading between them (taken out of the lines) is no gap.
            let contiguous = before.last().is_some_and(|i| {
                let (above, below) = (self.lines[*i].y, self.lines[lines[start]].y);
                let headings = self
                    .headings
                    .iter()
                    .filter(|(y, _)| above < *y && *y < below)
                    .count();
                below - above <= (2.5 + 1.5 * headings as f64) * self.lines[*i].size
            });
            if contiguous && align != Align::Bottom {
                out.outside.extend(&before[..lead_from]);
                out.lead.extend(&before[lead_from..]);
            } else {
                out.outside.extend(before);
            }
        } else {
            out.lead.extend(before);
        }

        let mut row: Vec<usize> = lines[start..=first].to_vec();
        for pair in anchors.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            // Cut before line `a + 1 + c`: c lines between go to the upper row.
            let gaps: Vec<f64> = (a..b).map(|k| y(k + 1) - y(k)).collect();
            let widest = gaps.iter().copied().fold(f64::MIN, f64::max);
            let ties: Vec<usize> = (0..gaps.len())
                .filter(|c| gaps[*c] >= widest - 0.3)
                .collect();
            let cut = match align {
                Align::Top => *ties.last().unwrap(),
                Align::Bottom => ties[0],
                Align::Middle => *ties
                    .iter()
                    .min_by_key(|c| (2 * **c).abs_diff(gaps.len() - 1))
                    .unwrap(),
            };
            if ties.len() == 1 && gaps.len() > 1 {
                if cut > 0 {
                    out.votes.0 += 1;
                }
                if cut + 1 < gaps.len() {
                    out.votes.1 += 1;
                }
            }
            row.extend(&lines[a + 1..=a + cut]);
            out.rows.push(std::mem::take(&mut row));
            row.extend(&lines[a + 1 + cut..=b]);
        }

        // After the last anchor: its own wrapped lines, then text outside the table.
        let mut end = last;
        if align != Align::Bottom || !open_bottom {
            while end + 1 < lines.len() {
                let next = &self.lines[lines[end + 1]];
                let continues = !open_bottom
                    || (near(end, end + 1, true)
                        && !next.straddles
                        && super::checks::stated_total(&next.text).is_none());
                if !continues {
                    break;
                }
                end += 1;
            }
        }
        row.extend(&lines[last + 1..=end]);
        out.rows.push(row);
        out.below.extend(&lines[end + 1..]);
    }
}

/// A cell's text from its lines, top to bottom: a line that ends in a hyphen after a
/// letter or digit (`1998-`, `MERCEDES-`) joins the next without a space.
pub(super) fn join_cell<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    let mut text = String::new();
    for part in parts.filter(|p| !p.is_empty()) {
        let glued = text.ends_with(['-', '–'])
            && text
                .chars()
                .rev()
                .nth(1)
                .is_some_and(|c| c.is_alphanumeric());
        if !text.is_empty() && !glued {
            text.push(' ');
        }
        text.push_str(part);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::is_id;

    #[test]
    fn ids_are_numbers_or_groups_of_digits_and_never_years_or_dates() {
        for id in [
            "17",
            "0757",
            "ЛП-17742",
            "K/0393",
            "АЛ.00222",
            "12б",
            "25-0239",
            "0813-03",
            "0417-КГ",
        ] {
            assert!(is_id(id), "{id}");
        }
        for text in [
            "2006-2011",
            "01.12.2026",
            "Toyota",
            "1-2-3-4",
            "12 34",
            "-",
            "",
        ] {
            assert!(!is_id(text), "{text}");
        }
    }
}
