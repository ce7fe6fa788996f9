//! Glyph collection: what a page draws, as positioned characters and thin lines.

use pdf_extract::content::{Content, Operation};
use pdf_extract::{
    ColorSpace, Document, MediaBox, Object, ObjectId, OutputDev, OutputError, Path, PathOp,
    Transform,
};

use std::collections::HashMap;

use super::error::ExtractError;

/// The most glyphs and rules a file may draw. A supplier's 900-row table draws about
/// 50,000; the cap keeps the reader under about 1 GiB (some 70 bytes a glyph), whatever
/// the file.
pub const MAX_GLYPHS: usize = 15_000_000;

#[derive(Debug, Clone)]
pub(super) struct Glyph {
    pub x: f64,
    /// Baseline, measured down from the top of the page.
    pub y: f64,
    pub advance: f64,
    pub size: f64,
    /// One character: a glyph that stands for several (a ligature) is split into one
    /// glyph per character, so a glyph needs no allocation of its own.
    pub ch: char,
}

impl Glyph {
    pub fn is_space(&self) -> bool {
        self.ch.is_whitespace()
    }
    pub fn end(&self) -> f64 {
        self.x + self.advance
    }
}

/// Everything one page draws that the table reader uses.
#[derive(Debug, Default)]
pub(super) struct PageContent {
    pub width: f64,
    pub height: f64,
    pub glyphs: Vec<Glyph>,
    /// Horizontal lines: (y from top, x0, x1).
    pub horizontal: Vec<(f64, f64, f64)>,
    /// Vertical lines: (x, y0, y1), y from top.
    pub vertical: Vec<(f64, f64, f64)>,
}

/// What the reader does with each page as soon as it is drawn; an error stops the
/// reading at that page.
pub(super) type OnPage<'a> = dyn FnMut(u32, PageContent) -> Result<(), ExtractError> + 'a;

/// Collects the glyphs and thin lines of each page, in one pass over the document
/// (pdf-extract's one-page call walks the whole page tree each time), and hands each
/// page over when it ends.
pub(super) struct Collector<'a> {
    /// The page begun and not yet ended: its number and what it draws so far.
    current: Option<(u32, PageContent)>,
    /// The number of the last page ended (0 before the first).
    pub last_ended: u32,
    /// Glyphs and rules kept so far, on every page, and the most allowed.
    drawn: usize,
    max_drawn: usize,
    on_page: &'a mut OnPage<'a>,
    /// Why the reading stopped before the end: a page's check failed, or too much text.
    pub stopped: Option<ExtractError>,
    /// Each page's `/Rotate`, in quarter turns clockwise (a landscape page is often
    /// stored as a portrait one turned), and the page being drawn's frame.
    rotations: HashMap<u32, u32>,
    frame: Frame,
}

/// How a page's user space maps to the page as shown, y measured down from the top.
#[derive(Debug, Default, Clone, Copy)]
struct Frame {
    quarter_turns: u32,
    llx: f64,
    lly: f64,
    urx: f64,
    ury: f64,
}

impl Frame {
    fn place(&self, x: f64, y: f64) -> (f64, f64) {
        match self.quarter_turns {
            1 => (y - self.lly, x - self.llx),
            2 => (self.urx - x, y - self.lly),
            3 => (self.ury - y, self.urx - x),
            // As before rotation was read: x from 0, y from the box's top.
            _ => (x, self.ury - y),
        }
    }
}

/// A table printed as text (an accounting system's print: `|` between cells, `+----+`
/// lines between rows) draws its borders with characters: they become the rules they
/// stand for, and leave the text.
pub(super) fn rules_from_characters(content: &mut PageContent) {
    const BAR: [char; 3] = ['|', '│', '┃'];
    const RULE: [char; 14] = [
        '-', '+', '=', '_', '─', '═', '┼', '├', '┤', '┌', '┐', '└', '┘', '┬',
    ];
    // Most pages draw none: they cost one look at each glyph.
    if !content
        .glyphs
        .iter()
        .any(|g| BAR.contains(&g.ch) || RULE.contains(&g.ch))
    {
        return;
    }
    let mut order: Vec<usize> = (0..content.glyphs.len()).collect();
    let glyphs = &mut content.glyphs;
    order.sort_by(|a, b| {
        let (a, b) = (&glyphs[*a], &glyphs[*b]);
        a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x))
    });
    // Lines of rule characters only, at least eight: a horizontal rule each.
    let mut start = 0;
    while start < order.len() {
        let first = &glyphs[order[start]];
        let end = start
            + order[start..]
                .iter()
                .take_while(|i| (glyphs[**i].y - first.y).abs() <= 0.2 * first.size)
                .count();
        let line = &order[start..end];
        let drawn: Vec<usize> = line
            .iter()
            .copied()
            .filter(|i| !glyphs[*i].is_space())
            .collect();
        if drawn.len() >= 8
            && drawn
                .iter()
                .all(|i| RULE.contains(&glyphs[*i].ch) || BAR.contains(&glyphs[*i].ch))
        {
            let (x0, x1) = (glyphs[drawn[0]].x, glyphs[drawn[drawn.len() - 1]].end());
            let y = first.y - 0.3 * first.size;
            content.horizontal.push((y, x0, x1));
            for i in drawn {
                glyphs[i].ch = ' ';
            }
        }
        start = end;
    }
    // Bars, one above another on three lines or more (a `|` in a cell's text is
    // kept), with at most a line between (a `+----+` line): a vertical rule each.
    let mut bars: Vec<(f64, f64, f64, usize)> = glyphs
        .iter()
        .enumerate()
        .filter(|(_, g)| BAR.contains(&g.ch))
        .map(|(i, g)| {
            let x = g.x + g.advance / 2.0;
            (x, g.y - 0.9 * g.size, g.y + 0.3 * g.size, i)
        })
        .collect();
    bars.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let mut runs: Vec<Vec<(f64, f64, f64, usize)>> = Vec::new();
    for bar in bars {
        match runs.last_mut() {
            Some(run)
                if (run[0].0 - bar.0).abs() < 0.5
                    && bar.1
                        <= run.iter().map(|b| b.2).fold(f64::MIN, f64::max)
                            + 1.2 * (bar.2 - bar.1) =>
            {
                run.push(bar)
            }
            _ => runs.push(vec![bar]),
        }
    }
    for run in runs.into_iter().filter(|run| run.len() >= 3) {
        let bottom = run.iter().map(|b| b.2).fold(f64::MIN, f64::max);
        content.vertical.push((run[0].0, run[0].1, bottom));
        for bar in run {
            glyphs[bar.3].ch = ' ';
        }
    }
}

/// Rewrites the operators pdf-extract skips as those it reads:
/// - `'` and `"` (to the next line, then show a string), which PostScript converters
///   such as Ghostscript write for plain-text prints: the `T*` and `Tj` (after `Tw` and
///   `Tc`) they stand for;
/// - `B`, `B*` (fill and stroke), `b`, `b*`, `s` (close, then the same) and `f*`, which
///   it neither paints nor clears, so their path is painted with the next path under
///   that path's transform (pdf-lib's bordered boxes drew a rule inside the next row):
///   `S` (a border is what is stroked), `h S` and `f`.
pub(super) fn rewrite_skipped_operators(doc: &mut Document) {
    const PAINTS: [&[u8]; 6] = [b"B", b"B*", b"b", b"b*", b"s", b"f*"];
    let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    // Pages often share one content stream, which a rewrite changes in place: each is
    // looked at once. (Several streams are rewritten into a new one for the page alone.)
    let mut seen = std::collections::HashSet::new();
    for page in pages {
        if let [stream] = doc.get_page_contents(page).as_slice()
            && !seen.insert(*stream)
        {
            continue;
        }
        let Ok(bytes) = doc.get_page_content(page) else {
            continue;
        };
        // Parsing every page costs; most have none of these (a token may also be a
        // string's word, which only costs the parse).
        let quotes = bytes.iter().any(|b| matches!(b, b'\'' | b'"'));
        let paints = bytes
            .split(|b| b.is_ascii_whitespace())
            .any(|token| PAINTS.contains(&token));
        if !quotes && !paints {
            continue;
        }
        let Ok(content) = Content::decode(&bytes) else {
            continue;
        };
        let skipped = |op: &Operation| {
            matches!(
                op.operator.as_str(),
                "'" | "\"" | "B" | "B*" | "b" | "b*" | "s" | "f*"
            )
        };
        if !content.operations.iter().any(skipped) {
            continue;
        }
        let mut operations = Vec::with_capacity(content.operations.len() * 2);
        for op in content.operations {
            let mut push = |operator: &str, operands: &[Object]| {
                operations.push(Operation::new(operator, operands.to_vec()))
            };
            match (op.operator.as_str(), op.operands.as_slice()) {
                ("'", [text]) => {
                    push("T*", &[]);
                    push("Tj", std::slice::from_ref(text));
                }
                ("\"", [word_spacing, char_spacing, text]) => {
                    push("Tw", std::slice::from_ref(word_spacing));
                    push("Tc", std::slice::from_ref(char_spacing));
                    push("T*", &[]);
                    push("Tj", std::slice::from_ref(text));
                }
                ("B" | "B*", []) => push("S", &[]),
                ("b" | "b*" | "s", []) => {
                    push("h", &[]);
                    push("S", &[]);
                }
                ("f*", []) => push("f", &[]),
                _ => operations.push(op),
            }
        }
        if let Ok(encoded) = (Content { operations }).encode() {
            let _ = doc.change_page_content(page, encoded);
        }
    }
}

/// Each page's `/Rotate` (inherited through the page tree), in quarter turns clockwise.
pub(super) fn rotations(doc: &Document) -> HashMap<u32, u32> {
    doc.get_pages()
        .into_iter()
        .map(|(number, id)| {
            let mut dict = doc.get_dictionary(id).ok();
            let mut degrees = 0;
            for _ in 0..64 {
                let Some(d) = dict else { break };
                if let Ok(rotate) = d.get(b"Rotate").and_then(Object::as_i64) {
                    degrees = rotate;
                    break;
                }
                dict = d
                    .get(b"Parent")
                    .and_then(Object::as_reference)
                    .and_then(|parent| doc.get_dictionary(parent))
                    .ok();
            }
            (number, (degrees.rem_euclid(360) / 90) as u32)
        })
        .collect()
}

impl<'a> Collector<'a> {
    pub fn new(
        max_drawn: usize,
        rotations: HashMap<u32, u32>,
        on_page: &'a mut OnPage<'a>,
    ) -> Self {
        Collector {
            current: None,
            last_ended: 0,
            drawn: 0,
            max_drawn,
            on_page,
            stopped: None,
            rotations,
            frame: Frame::default(),
        }
    }

    /// The number of the page begun and not ended.
    pub fn unfinished(&self) -> Option<u32> {
        self.current.as_ref().map(|(number, _)| *number)
    }

    fn content(&mut self) -> &mut PageContent {
        &mut self
            .current
            .as_mut()
            .expect("pdf-extract begins a page before drawing")
            .1
    }

    /// Counts `kept` more glyphs or rules, and stops the reading past the cap.
    fn count(&mut self, kept: usize) -> Result<(), OutputError> {
        self.drawn += kept;
        if self.drawn <= self.max_drawn {
            return Ok(());
        }
        let page = self.unfinished().unwrap_or(self.last_ended + 1);
        self.stop(ExtractError::TooMuchText {
            page,
            max: self.max_drawn,
        })
    }

    fn rules(&self) -> usize {
        self.current
            .as_ref()
            .map_or(0, |(_, c)| c.horizontal.len() + c.vertical.len())
    }

    /// Stops the reading with `error` (pdf-extract only passes its own error type on).
    fn stop(&mut self, error: ExtractError) -> Result<(), OutputError> {
        self.stopped = Some(error);
        Err(OutputError::FormatError(std::fmt::Error))
    }

    fn segment(&mut self, ctm: &Transform, (x0, y0): (f64, f64), (x1, y1): (f64, f64)) {
        let frame = self.frame;
        let map = |x: f64, y: f64| {
            frame.place(
                x * ctm.m11 + y * ctm.m21 + ctm.m31,
                x * ctm.m12 + y * ctm.m22 + ctm.m32,
            )
        };
        let (a, b) = (map(x0, y0), map(x1, y1));
        if (a.1 - b.1).abs() < 1.0 && (a.0 - b.0).abs() > 2.0 {
            self.content()
                .horizontal
                .push((a.1, a.0.min(b.0), a.0.max(b.0)));
        } else if (a.0 - b.0).abs() < 1.0 && (a.1 - b.1).abs() > 2.0 {
            self.content()
                .vertical
                .push((a.0, a.1.min(b.1), a.1.max(b.1)));
        }
    }

    /// Keeps the path's thin lines, counted against the cap.
    fn path(&mut self, ctm: &Transform, path: &Path, filled: bool) -> Result<(), OutputError> {
        let before = self.rules();
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
        self.count(self.rules() - before)
    }
}

impl OutputDev for Collector<'_> {
    fn begin_page(
        &mut self,
        number: u32,
        media_box: &MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.frame = Frame {
            quarter_turns: self.rotations.get(&number).copied().unwrap_or(0),
            llx: media_box.llx,
            lly: media_box.lly,
            urx: media_box.urx,
            ury: media_box.ury,
        };
        let (width, height) = (media_box.urx - media_box.llx, media_box.ury);
        let content = PageContent {
            width,
            height,
            ..Default::default()
        };
        let content = if self.frame.quarter_turns % 2 == 1 {
            PageContent {
                width: media_box.ury - media_box.lly,
                height: width,
                ..content
            }
        } else {
            content
        };
        self.current = Some((number, content));
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        let Some((number, content)) = self.current.take() else {
            return Ok(());
        };
        self.last_ended = number;
        match (self.on_page)(number, content) {
            Ok(()) => Ok(()),
            Err(error) => self.stop(error),
        }
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
        let chars = expand_ligatures(text);
        // A glyph that maps to no text still separates words, as a space would.
        let chars: Vec<char> = if chars.is_empty() { vec![' '] } else { chars };
        self.count(chars.len())?;
        let (x, y) = self.frame.place(trm.m31, trm.m32);
        let content = self.content();
        let advance = width * size / chars.len() as f64;
        for (i, ch) in chars.into_iter().enumerate() {
            content.glyphs.push(Glyph {
                x: x + i as f64 * advance,
                y,
                advance,
                size,
                ch,
            });
        }
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
        self.path(ctm, path, false)
    }
    fn fill(
        &mut self,
        ctm: &Transform,
        _: &ColorSpace,
        _: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.path(ctm, path, true)
    }
}

/// Only the typographic ligatures; a blanket NFKC would also turn № into "No".
fn expand_ligatures(text: &str) -> Vec<char> {
    let mut chars = Vec::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{FB00}' => chars.extend(['f', 'f']),
            '\u{FB01}' => chars.extend(['f', 'i']),
            '\u{FB02}' => chars.extend(['f', 'l']),
            '\u{FB03}' => chars.extend(['f', 'f', 'i']),
            '\u{FB04}' => chars.extend(['f', 'f', 'l']),
            '\u{FB05}' | '\u{FB06}' => chars.extend(['s', 't']),
            c => chars.push(c),
        }
    }
    chars
}

/// pdf-extract 0.12.1 misreads the range form `first last width` of a CID font's `/W`
/// array (every such glyph gets the default width), so text of browsers' Identity-H
/// fonts is spread apart and runs into the next column. Rewriting each range as the
/// list form `first [width …]`, which it reads correctly, gives the true positions.
pub(super) fn repair_cid_widths(doc: &mut Document) {
    let widths_of: Vec<(pdf_extract::ObjectId, Option<pdf_extract::ObjectId>)> = doc
        .objects
        .iter()
        .filter_map(|(id, object)| {
            let dict = object.as_dict().ok()?;
            let subtype = dict.get(b"Subtype").ok()?.as_name().ok()?;
            if subtype != b"CIDFontType0" && subtype != b"CIDFontType2" {
                return None;
            }
            let reference = dict.get(b"W").ok()?.as_reference().ok();
            Some((*id, reference))
        })
        .collect();
    for (font, reference) in widths_of {
        let array = match reference {
            Some(id) => doc.get_object(id).and_then(Object::as_array),
            None => doc
                .get_object(font)
                .and_then(Object::as_dict)
                .and_then(|d| d.get(b"W"))
                .and_then(Object::as_array),
        };
        let Ok(array) = array else { continue };
        let Some(repaired) = list_form(array) else {
            continue;
        };
        match reference {
            Some(id) => {
                doc.objects.insert(id, Object::Array(repaired));
            }
            None => {
                if let Ok(dict) = doc.get_object_mut(font).and_then(Object::as_dict_mut) {
                    dict.set("W", Object::Array(repaired));
                }
            }
        }
    }
}

/// A ToUnicode CMap's hex strings must be UTF-16 (four digits a unit): pdf-extract
/// 0.12.1 panics on others while reading the map, so no page of the file can be read.
/// Two kinds are written: a code point beyond U+FFFF as one number (`<1F600>`, as
/// MuPDF-based tools write it), rewritten as its surrogate pair (`<D83DDE00>`); and
/// units without their leading zeros (`<308304>` for U+0308 U+0304, as borb writes
/// them), padded.
pub(super) fn repair_to_unicode(doc: &mut Document) {
    let maps: Vec<pdf_extract::ObjectId> = doc
        .objects
        .values()
        .filter_map(|object| {
            let dict = object.as_dict().ok()?;
            dict.get(b"ToUnicode").ok()?.as_reference().ok()
        })
        .collect();
    for id in maps {
        let Ok(Object::Stream(stream)) = doc.get_object_mut(id) else {
            continue;
        };
        let Ok(content) = stream.get_plain_content() else {
            continue;
        };
        if let Some(repaired) = astral_as_surrogates(&content) {
            stream.set_plain_content(repaired);
        }
    }
}

/// `cmap` with each `<hex>` of five or six digits as UTF-16: a code point past U+FFFF
/// as its pair, else three-digit units padded to four; None when there is none.
fn astral_as_surrogates(cmap: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(cmap.len() + 16);
    let mut changed = false;
    let mut rest = cmap;
    while let Some(open) = rest.iter().position(|b| *b == b'<') {
        out.extend_from_slice(&rest[..=open]);
        rest = &rest[open + 1..];
        let Some(close) = rest.iter().position(|b| *b == b'>') else {
            break;
        };
        let digits = &rest[..close];
        let point = std::str::from_utf8(digits)
            .ok()
            .filter(|d| (5..=6).contains(&d.len()))
            .and_then(|d| u32::from_str_radix(d, 16).ok())
            .and_then(char::from_u32)
            .filter(|c| u32::from(*c) > 0xFFFF);
        // Unpadded units: six hex digits that are no code point, read three by three.
        let units = (point.is_none() && digits.len() == 6)
            .then(|| std::str::from_utf8(digits).ok())
            .flatten()
            .filter(|d| d.chars().all(|c| c.is_ascii_hexdigit()));
        match (point, units) {
            (Some(c), _) => {
                let mut pair = [0u16; 2];
                for unit in c.encode_utf16(&mut pair) {
                    out.extend_from_slice(format!("{unit:04X}").as_bytes());
                }
                changed = true;
            }
            (None, Some(units)) => {
                out.extend_from_slice(format!("0{}0{}", &units[..3], &units[3..]).as_bytes());
                changed = true;
            }
            (None, None) => out.extend_from_slice(digits),
        }
        rest = &rest[close..];
    }
    out.extend_from_slice(rest);
    changed.then_some(out)
}

/// `/W` with every `first last width` range written as `first [width …]`; None when
/// the array has no ranges or is malformed (then pdf-extract gets it unchanged).
fn list_form(array: &[Object]) -> Option<Vec<Object>> {
    let number = |o: &Object| match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    };
    let mut out = Vec::with_capacity(array.len());
    let mut changed = false;
    let mut i = 0;
    while i < array.len() {
        let first = array.get(i)?.as_i64().ok()?;
        match array.get(i + 1)? {
            Object::Array(list) => {
                out.push(Object::Integer(first));
                out.push(Object::Array(list.clone()));
                i += 2;
            }
            last => {
                let last = last.as_i64().ok()?;
                let width = number(array.get(i + 2)?)?;
                // A range wider than any real font is damage, not widths.
                if last < first || last - first > 65_535 {
                    return None;
                }
                out.push(Object::Integer(first));
                out.push(Object::Array(
                    (first..=last).map(|_| Object::Real(width as f32)).collect(),
                ));
                changed = true;
                i += 3;
            }
        }
    }
    changed.then_some(out)
}

/// Whether a page draws an image (a page without text but with an image is a scan).
pub(super) fn has_image(doc: &Document, page: pdf_extract::ObjectId) -> bool {
    doc.get_page_images(page)
        .map(|images| !images.is_empty())
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    #[test]
    fn astral_code_points_become_surrogate_pairs() {
        let cmap = b"1 beginbfchar\n<0003> <1F600>\nendbfchar\n2 beginbfrange\n<0004> <0005> <0041>\nendbfrange";
        let repaired = super::astral_as_surrogates(cmap).unwrap();
        assert_eq!(
            String::from_utf8(repaired).unwrap(),
            "1 beginbfchar\n<0003> <D83DDE00>\nendbfchar\n2 beginbfrange\n<0004> <0005> <0041>\nendbfrange"
        );
        assert_eq!(super::astral_as_surrogates(b"<0003> <0416>"), None);
        // borb: U+0308 U+0304 without leading zeros.
        assert_eq!(
            super::astral_as_surrogates(b"<14fd> <308304>").unwrap(),
            b"<14fd> <03080304>"
        );
    }
}
