//! Page layout: glyphs into lines and words, the table's header, and the columns.

use super::glyphs::{Glyph, PageContent};

/// The columns of the supplier's table, in our order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Field {
    Id = 0,
    Brand = 1,
    Model = 2,
    Years = 3,
    Description = 4,
}

impl Field {
    /// The column a header label names: its first word says which (`Марка`,
    /// `Период`, `№`), and up to two words of a closed list may qualify it (`Марка
    /// автомобиля`, `Период выпуска`, `№ лекала`): a label joined with a row's text
    /// below it (`Марка Toyota`) or run into the next label (`Код Марка`) is none.
    pub(super) fn from_label(label: &str) -> Option<Field> {
        const QUALIFIERS: [&str; 9] = [
            "авто",
            "автомобиля",
            "машины",
            "тс",
            "выпуска",
            "производства",
            "лекала",
            "изделия",
            "п/п",
        ];
        let label = label.to_lowercase().replace('ё', "е");
        let words: Vec<&str> = label
            .split_whitespace()
            .map(|w| w.trim_end_matches(['.', ':']))
            .filter(|w| !w.is_empty())
            .collect();
        let (first, rest) = words.split_first()?;
        let field = Field::from_head_word(first)?;
        // `Описание / примечание`: another head word of the same column, after a slash.
        let qualified = rest.iter().all(|w| {
            QUALIFIERS.contains(w) || *w == "/" || Field::from_head_word(w) == Some(field)
        });
        (rest.len() <= 2 && qualified).then_some(field)
    }

    /// The words that begin a label of each column.
    fn from_head_word(word: &str) -> Option<Field> {
        match word {
            "id" | "№" | "n" | "#" | "no" | "номер" | "код" | "№п/п" | "п/п" | "артикул"
            | "арт" | "шифр" | "лекало" | "sku" | "code" => Some(Field::Id),
            "марка" | "бренд" | "производитель" | "автомобиль" | "make" | "brand" => {
                Some(Field::Brand)
            }
            "модель" | "model" => Some(Field::Model),
            "год" | "годы" | "года" | "период" | "year" | "years" => {
                Some(Field::Years)
            }
            "описание"
            | "примечание"
            | "примечания"
            | "комментарий"
            | "комментарии"
            | "характеристики"
            | "особенности"
            | "description"
            | "notes"
            | "note" => Some(Field::Description),
            _ => None,
        }
    }
}

/// A run of glyphs without a space between them.
#[derive(Debug, Clone)]
pub(super) struct Word {
    pub x0: f64,
    pub x1: f64,
    pub text: String,
}

/// Glyphs on one baseline, left to right.
#[derive(Debug, Clone)]
pub(super) struct Line {
    pub y: f64,
    /// The line's usual glyph size.
    pub size: f64,
    /// The line's glyphs other than spaces, left to right; `spaced[i]` says whether a
    /// space glyph or a gap separates glyph i from the one before.
    pub glyphs: Vec<Glyph>,
    pub spaced: Vec<bool>,
    /// The words, a space between each.
    pub text: String,
}

impl Line {
    pub fn words(&self) -> Vec<Word> {
        let mut words: Vec<Word> = Vec::new();
        for (glyph, spaced) in self.glyphs.iter().zip(&self.spaced) {
            match words.last_mut() {
                Some(word) if !spaced => {
                    word.x1 = word.x1.max(glyph.end());
                    word.text.push(glyph.ch);
                }
                _ => words.push(Word {
                    x0: glyph.x,
                    x1: glyph.end(),
                    text: glyph.ch.to_string(),
                }),
            }
        }
        words
    }
    /// Words closer than `gap` ems joined into phrases: (x0, x1, text).
    fn phrases(&self, gap: f64) -> Vec<(f64, f64, String)> {
        self.word_groups(gap)
            .into_iter()
            .map(|words| phrase(&words))
            .collect()
    }

    /// Words closer than `gap` (in font sizes) to the one before, together.
    fn word_groups(&self, gap: f64) -> Vec<Vec<Word>> {
        let mut out: Vec<Vec<Word>> = Vec::new();
        for word in self.words() {
            match out.last_mut() {
                Some(group) if word.x0 - group[group.len() - 1].x1 <= gap * self.size => {
                    group.push(word)
                }
                _ => out.push(vec![word]),
            }
        }
        out
    }

    /// The line's phrases as header cells: a phrase that is no label but runs labels
    /// together (a right-aligned `ID` column's label printed close to the next, `№ п/п
    /// Марка`) is split into them.
    fn header_phrases(&self) -> Vec<(f64, f64, String)> {
        let mut out = Vec::new();
        for words in self.word_groups(1.0) {
            let whole = phrase(&words);
            match split_labels(&words) {
                Some(parts) if Field::from_label(&whole.2).is_none() => out.extend(parts),
                _ => out.push(whole),
            }
        }
        out
    }
}

/// The span and text of adjacent words.
fn phrase(words: &[Word]) -> (f64, f64, String) {
    let text: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
    (words[0].x0, words[words.len() - 1].x1, text.join(" "))
}

/// `words` as two or more labels one after another (each the longest that reads as
/// one), or None.
fn split_labels(words: &[Word]) -> Option<Vec<(f64, f64, String)>> {
    let mut parts = Vec::new();
    let mut start = 0;
    while start < words.len() {
        let end = (start + 1..=words.len())
            .rev()
            .find(|end| Field::from_label(&phrase(&words[start..*end]).2).is_some())?;
        parts.push(phrase(&words[start..end]));
        start = end;
    }
    (parts.len() >= 2).then_some(parts)
}

/// Glyphs grouped by baseline, left to right, with where the spaces are.
pub(super) fn lines_of(glyphs: &[Glyph]) -> Vec<Line> {
    let mut sorted: Vec<&Glyph> = glyphs.iter().collect();
    sorted.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut groups: Vec<Vec<&Glyph>> = Vec::new();
    for glyph in sorted {
        match groups.last_mut() {
            Some(group) if (glyph.y - group[0].y).abs() <= 0.4 * glyph.size.max(group[0].size) => {
                group.push(glyph)
            }
            _ => groups.push(vec![glyph]),
        }
    }
    groups
        .into_iter()
        .filter_map(|mut group| {
            group.sort_by(|a, b| a.x.total_cmp(&b.x));
            let mut sizes: Vec<f64> = group.iter().map(|g| g.size).collect();
            sizes.sort_by(f64::total_cmp);
            let size = sizes[sizes.len() / 2];
            let (mut kept, mut spaced) = (
                Vec::with_capacity(group.len()),
                Vec::with_capacity(group.len()),
            );
            let covered = covered_spaces(&group);
            let mut space = true;
            let mut end = f64::NEG_INFINITY;
            for (glyph, covered) in group.into_iter().zip(covered) {
                if glyph.is_space() {
                    space |= !covered;
                    continue;
                }
                spaced.push(space || glyph.x - end > 0.18 * glyph.size);
                end = glyph.end();
                kept.push(glyph.clone());
                space = false;
            }
            (!kept.is_empty()).then(|| {
                let mut line = Line {
                    y: kept[0].y,
                    size,
                    glyphs: kept,
                    spaced,
                    text: String::new(),
                };
                line.text = line
                    .words()
                    .iter()
                    .map(|w| w.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                line
            })
        })
        .collect()
}

/// For each glyph of a line (sorted by x), whether it is a space lying mostly on
/// visible glyphs of the line. Such a space is no gap between words: groff's gropdf
/// moves from one cell to a later one by printing spaces widened with `Tw`, and they
/// run across the letters of a cell drawn afterwards (a tbl text block), splitting
/// each of its words where they fall.
fn covered_spaces(group: &[&Glyph]) -> Vec<bool> {
    let visible: Vec<&Glyph> = group.iter().copied().filter(|g| !g.is_space()).collect();
    // reach[i]: the furthest end of visible[..=i].
    let reach: Vec<f64> = visible
        .iter()
        .scan(f64::NEG_INFINITY, |furthest, g| {
            *furthest = furthest.max(g.end());
            Some(*furthest)
        })
        .collect();
    group
        .iter()
        .map(|space| {
            if !space.is_space() || space.advance <= 0.0 {
                return false;
            }
            let (x0, x1) = (space.x, space.end());
            // The visible glyphs overlapping the space, clipped to it.
            let mut spans: Vec<(f64, f64)> = (0..visible.partition_point(|v| v.x < x1))
                .rev()
                .take_while(|i| reach[*i] > x0)
                .map(|i| (visible[i].x.max(x0), visible[i].end().min(x1)))
                .filter(|(a, b)| b > a)
                .collect();
            spans.sort_by(|a, b| a.0.total_cmp(&b.0));
            let (mut covered, mut upto) = (0.0, x0);
            for (a, b) in spans {
                covered += (b - a.max(upto)).max(0.0);
                upto = upto.max(b);
            }
            covered >= 0.5 * (x1 - x0)
        })
        .collect()
}

/// A column label of the header: its field and where it is printed.
#[derive(Debug, Clone, Copy)]
pub(super) struct Label {
    pub field: Field,
    pub x0: f64,
    pub x1: f64,
}

impl Label {
    fn center(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
}

/// The table header found on a page: the lines it covers and its labels.
#[derive(Debug, Clone)]
pub(super) struct Header {
    pub first_line: usize,
    pub last_line: usize,
    pub labels: Vec<Label>,
}

/// The header on (or around) `lines[index]`, if that line is one. A header cell may
/// wrap (`Год` over `выпуска`), so a line just above or below joins the header when
/// each of its pieces completes the label it sits over or under, or is a label itself.
pub(super) fn header_at(lines: &[Line], index: usize) -> Option<Header> {
    let mut columns = lines[index].header_phrases();
    let labels_on = |columns: &[(f64, f64, String)]| {
        columns
            .iter()
            .filter(|(_, _, text)| Field::from_label(text).is_some())
            .count()
    };
    if labels_on(&columns) < 2 {
        return None;
    }
    let near = |a: &Line, b: &Line| (a.y - b.y).abs() <= 1.6 * a.size.max(b.size);
    // Joins `line`'s pieces to the columns (above: before their text), if they all fit.
    let join = |columns: &mut Vec<(f64, f64, String)>, line: &Line, above: bool| {
        let pieces = line.phrases(1.0);
        let joined = |text: &str, other: &str| {
            if above {
                format!("{text} {other}")
            } else {
                format!("{other} {text}")
            }
        };
        let fits = pieces.iter().all(|(x0, x1, text)| {
            match columns.iter().find(|(a, b, _)| x0 < b && a < x1) {
                Some((_, _, other)) => Field::from_label(&joined(text, other)).is_some(),
                None => Field::from_label(text).is_some(),
            }
        });
        if fits {
            for (x0, x1, text) in pieces {
                match columns.iter_mut().find(|(a, b, _)| x0 < *b && *a < x1) {
                    Some(column) => {
                        *column = (column.0.min(x0), column.1.max(x1), joined(&text, &column.2))
                    }
                    None => columns.push((x0, x1, text)),
                }
            }
        }
        fits
    };
    let mut first = index;
    while first > 0
        && near(&lines[first - 1], &lines[first])
        && join(&mut columns, &lines[first - 1], true)
    {
        first -= 1;
    }
    let mut last = index;
    while last + 1 < lines.len()
        && near(&lines[last], &lines[last + 1])
        && join(&mut columns, &lines[last + 1], false)
    {
        last += 1;
    }
    let mut labels: Vec<Label> = columns
        .iter()
        .filter_map(|(x0, x1, text)| {
            Some(Label {
                field: Field::from_label(text)?,
                x0: *x0,
                x1: *x1,
            })
        })
        .collect();
    let has = |field| labels.iter().filter(|l| l.field == field).count() == 1;
    // Without a brand column, brands are headings over their groups (`brand_headings`).
    let brands = labels.iter().filter(|l| l.field == Field::Brand).count();
    let complete = has(Field::Id) && has(Field::Model) && brands <= 1 && labels.len() >= 4;
    labels.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    complete.then_some(Header {
        first_line: first,
        last_line: last,
        labels,
    })
}

/// The table's columns on one page: fields left to right and the x between each pair.
#[derive(Debug, Clone)]
pub(super) struct Columns {
    pub labels: Vec<Label>,
    pub bounds: Vec<f64>,
}

impl Columns {
    pub fn field_at(&self, x: f64) -> Field {
        let index = self.bounds.iter().take_while(|b| **b <= x).count();
        self.labels[index].field
    }
    /// Whether a glyph is printed across a column boundary: the gutters are where the
    /// table's text leaves no ink, so only text outside the table does.
    pub fn crosses(&self, glyph: &Glyph) -> bool {
        self.bounds
            .iter()
            .any(|b| glyph.x < *b - 0.5 && glyph.end() > *b + 0.5)
    }
    pub fn has(&self, field: Field) -> bool {
        self.labels.iter().any(|l| l.field == field)
    }
}

/// How many lines have ink at each half point of x (bin `i` is `[i/2, (i+1)/2)`). A sum
/// over lines, so the coverage of pages laid out alike is pooled by adding each line
/// once, whatever the page count.
#[derive(Debug, Clone, Default)]
pub(super) struct Coverage {
    counts: Vec<u32>,
}

impl Coverage {
    pub fn of(lines: &[&Line]) -> Coverage {
        let mut coverage = Coverage::default();
        lines.iter().for_each(|l| coverage.add(l));
        coverage
    }

    /// Counts each bin the line's glyphs ink, once however many glyphs ink it.
    pub fn add(&mut self, line: &Line) {
        // A page is at most 14,400 points wide (PDF's limit): ink past that is no
        // table's, and a broken transform must not grow the bins without end.
        const BINS: f64 = 2.0 * 14_400.0;
        let mut inked_to = 0;
        for glyph in &line.glyphs {
            let a = ((glyph.x * 2.0).floor().clamp(0.0, BINS) as usize).max(inked_to);
            let b = (glyph.end() * 2.0).ceil().clamp(0.0, BINS) as usize;
            if b > self.counts.len() {
                self.counts.resize(b, 0);
            }
            for count in self.counts.iter_mut().take(b).skip(a) {
                *count += 1;
            }
            inked_to = inked_to.max(b);
        }
    }

    pub fn add_all(&mut self, other: &Coverage) {
        if other.counts.len() > self.counts.len() {
            self.counts.resize(other.counts.len(), 0);
        }
        for (count, more) in self.counts.iter_mut().zip(&other.counts) {
            *count += more;
        }
    }

    /// The bins over `[from, to)`, and the x where the first begins.
    fn over(&self, from: f64, to: f64) -> (f64, Vec<u32>) {
        let (a, b) = (
            (from * 2.0).floor().max(0.0) as usize,
            (to * 2.0).ceil() as usize,
        );
        let counts = (a..b.max(a + 1))
            .map(|i| self.counts.get(i).copied().unwrap_or(0))
            .collect();
        (a as f64 / 2.0, counts)
    }
}

/// The middle of the widest run of least-inked x that starts in `[from, to)` and has ink
/// on both sides before `beyond`: the gutter between two columns, whatever their
/// alignment (a run at the start is only the blank part of a right-aligned column; the
/// next column's text may begin past its label's middle when centred).
fn gutter(ink: &Coverage, from: f64, to: f64, beyond: f64, next_label: f64) -> f64 {
    if to - from < 1.0 {
        return (from + to) / 2.0;
    }
    let (origin, counts) = ink.over(from, beyond.max(to));
    let starts_before = ((to - origin) * 2.0).ceil() as usize;
    let least = counts.iter().copied().min().unwrap_or(0);
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, count) in counts.iter().chain(std::iter::once(&u32::MAX)).enumerate() {
        match (start, *count <= least) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                runs.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    runs.retain(|(a, _)| *a < starts_before);
    let interior: Vec<(usize, usize)> = runs
        .iter()
        .copied()
        .filter(|(a, b)| *a > 0 && *b < counts.len())
        .collect();
    let pick = if interior.is_empty() {
        &runs
    } else {
        &interior
    };
    // A spreadsheet prints each header label where its column's cells start, so a run
    // that ends there is the gutter even when right-aligned numbers make it narrow.
    let at_label = |(_, b): &&(usize, usize)| {
        let end = origin + *b as f64 / 2.0;
        next_label - 3.0 <= end && end <= next_label + 1.5
    };
    let best = pick
        .iter()
        .filter(at_label)
        .chain(pick.iter().max_by_key(|(a, b)| b - a))
        .next()
        .copied()
        .unwrap_or((0, starts_before));
    (origin + (best.0 + best.1) as f64 / 4.0).min(to)
}

/// Columns from the header's labels: each boundary is a vertical line between two
/// labels when the page draws one across the body, else the gutter the body's text
/// leaves between them, as `ink` (the body's, or that of every page laid out alike) shows.
pub(super) fn columns_from_labels(
    labels: &[Label],
    ink: &Coverage,
    content: &PageContent,
    body_top: f64,
    body_bottom: f64,
) -> Columns {
    let bounds = (0..labels.len().saturating_sub(1))
        .map(|k| {
            let pair = &labels[k..k + 2];
            let (a, b) = (pair[0].center(), pair[1].center());
            // Where the next column's text can end at the latest.
            let beyond = labels.get(k + 2).map_or(b + (b - a), Label::center);
            let ruled = content
                .vertical
                .iter()
                .filter(|(x, y0, y1)| {
                    a < *x && *x < b && *y0 <= body_top + 2.0 && *y1 >= body_top.min(body_bottom)
                })
                .map(|(x, _, _)| *x)
                .min_by(|x, y| {
                    let mid = (pair[0].x1 + pair[1].x0) / 2.0;
                    (x - mid).abs().total_cmp(&(y - mid).abs())
                });
            ruled.unwrap_or_else(|| gutter(ink, a, b, beyond, pair[1].x0))
        })
        .collect();
    Columns {
        labels: labels.to_vec(),
        bounds,
    }
}

/// Columns of a page laid out differently from the header's page (other size, no header
/// of its own): the widest gutters of its text, as many as the header has boundaries,
/// taken as the header's columns in order. None when the text has too few gutters.
pub(super) fn columns_by_gutters(labels: &[Label], body: &[&Line]) -> Option<Columns> {
    let from = body
        .iter()
        .flat_map(|l| l.glyphs.first())
        .map(|g| g.x)
        .fold(f64::INFINITY, f64::min);
    let to = body
        .iter()
        .flat_map(|l| l.glyphs.iter().map(Glyph::end))
        .fold(f64::NEG_INFINITY, f64::max);
    if to <= from {
        return None;
    }
    let (origin, counts) = Coverage::of(body).over(from, to);
    // Runs of bins no line inks, between inked bins.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, count) in counts.iter().enumerate() {
        match (start, *count == 0) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                runs.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if runs.len() + 1 < labels.len() {
        return None;
    }
    runs.sort_by_key(|(a, b)| std::cmp::Reverse(b - a));
    let mut bounds: Vec<f64> = runs[..labels.len() - 1]
        .iter()
        .map(|(a, b)| origin + (a + b) as f64 / 4.0)
        .collect();
    bounds.sort_by(f64::total_cmp);
    Some(Columns {
        labels: labels.to_vec(),
        bounds,
    })
}

/// Text that pages repeat at the same height (running headers, footers, page numbers),
/// compared with digits masked.
pub(super) fn boilerplate_key(line: &Line) -> (i64, String) {
    let masked: String = line
        .text
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect();
    (line.y.round() as i64, masked)
}

/// The page number a footer prints (`Страница 2 из 8`, `Стр. 3`, `Page 3 of 9`, `- 4 -`),
/// with the page count when it says one.
pub(super) fn printed_page_number(text: &str) -> Option<(u32, Option<u32>)> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',' || c == ':')
        .filter(|w| !w.is_empty())
        .collect();
    let at = words
        .iter()
        .position(|w| matches!(*w, "страница" | "стр." | "стр" | "page" | "лист"))?;
    let number = words.get(at + 1)?.parse().ok()?;
    let count = match words.get(at + 2) {
        Some(&"из") | Some(&"of") | Some(&"/") => words.get(at + 3).and_then(|w| w.parse().ok()),
        _ => None,
    };
    Some((number, count))
}

/// Whether a line is only a page number or a sheet name (`Page 3`, `Sheet1`, `- 4 -`).
pub(super) fn is_page_furniture(text: &str) -> bool {
    let lower = text.to_lowercase();
    let rest = lower.trim_matches(|c: char| c == '-' || c.is_whitespace());
    if printed_page_number(text).is_some() && text.split_whitespace().count() <= 6 {
        return true;
    }
    let bare = |prefix: &str| {
        rest.strip_prefix(prefix)
            .is_some_and(|n| !n.is_empty() && n.trim().chars().all(|c| c.is_ascii_digit()))
    };
    bare("sheet") || bare("лист")
}

#[cfg(test)]
mod tests {
    use super::Field;

    #[test]
    fn a_label_is_a_head_word_and_its_qualifiers() {
        for (label, field) in [
            ("№ п/п", Field::Id),
            ("№ лекала", Field::Id),
            ("Артикул", Field::Id),
            ("Марка автомобиля", Field::Brand),
            ("Автомобиль", Field::Brand),
            ("Модель авто", Field::Model),
            ("Период выпуска", Field::Years),
            ("Годы выпуска:", Field::Years),
            ("Особенности", Field::Description),
            ("Шифр", Field::Id),
            ("Лекало", Field::Id),
            ("Описание / примечание", Field::Description),
        ] {
            assert_eq!(Field::from_label(label), Some(field), "{label}");
        }
        // Two labels run together, and a label joined with the row below it.
        for text in [
            "Код Марка",
            "Марка Toyota",
            "Год 2007-2018",
            "Модель Voxy",
            "Итого",
            "Марка / Модель",
        ] {
            assert_eq!(Field::from_label(text), None, "{text}");
        }
    }
}
