//! Glyph collection: what a page draws, as positioned characters and thin lines.

use pdf_extract::{
    ColorSpace, Document, MediaBox, Object, OutputDev, OutputError, Path, PathOp, Transform,
};

#[derive(Debug, Clone)]
pub(super) struct Glyph {
    pub x: f64,
    /// Baseline, measured down from the top of the page.
    pub y: f64,
    pub advance: f64,
    pub size: f64,
    pub text: String,
}

impl Glyph {
    pub fn is_space(&self) -> bool {
        self.text.trim().is_empty()
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

/// Collects the glyphs and thin lines of every page, in one pass over the document
/// (pdf-extract's one-page call walks the whole page tree each time).
#[derive(Default)]
pub(super) struct Collector {
    /// Each page begun: its number and what it draws.
    pub pages: Vec<(u32, PageContent)>,
    /// Whether the last page begun was also finished.
    pub finished: bool,
}

impl Collector {
    fn content(&mut self) -> &mut PageContent {
        &mut self
            .pages
            .last_mut()
            .expect("pdf-extract begins a page before drawing")
            .1
    }

    fn segment(&mut self, ctm: &Transform, (x0, y0): (f64, f64), (x1, y1): (f64, f64)) {
        let height = self.content().height;
        let map = |x: f64, y: f64| {
            (
                x * ctm.m11 + y * ctm.m21 + ctm.m31,
                height - (x * ctm.m12 + y * ctm.m22 + ctm.m32),
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
        number: u32,
        media_box: &MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        let content = PageContent {
            width: media_box.urx - media_box.llx,
            height: media_box.ury,
            ..Default::default()
        };
        self.pages.push((number, content));
        self.finished = false;
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        self.finished = true;
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
        let content = self.content();
        content.glyphs.push(Glyph {
            x: trm.m31,
            y: content.height - trm.m32,
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
