//! Checks that fail the run: pdf-extract can lose or garble text without an error, so
//! what the file says about itself (its total, its page numbers) is compared with what
//! was read.

use std::io::Read;

use pdf_extract::{Document, Object};

use super::error::ExtractError;
use super::glyphs::Glyph;

/// The most one compressed stream may inflate to. A supplier's table is far smaller;
/// a stream of zeros inflating to gigabytes is damage or an attack.
const MAX_INFLATED: u64 = 64 << 20;

/// Inflates every Flate stream into nothing, stopping at [`MAX_INFLATED`]: pdf-extract
/// would inflate a bomb whole, into memory.
pub(super) fn check_inflated_sizes(doc: &Document) -> Result<(), ExtractError> {
    for object in doc.objects.values() {
        let Object::Stream(stream) = object else {
            continue;
        };
        let flate = match stream.dict.get(b"Filter") {
            Ok(Object::Name(name)) => name == b"FlateDecode",
            Ok(Object::Array(filters)) => filters
                .first()
                .is_some_and(|f| f.as_name().is_ok_and(|n| n == b"FlateDecode")),
            _ => false,
        };
        if !flate {
            continue;
        }
        let mut inflated = flate2::read::ZlibDecoder::new(stream.content.as_slice());
        let mut buffer = [0u8; 1 << 16];
        let mut size = 0u64;
        // A stream that fails to inflate is pdf-extract's to report, page by page.
        while let Ok(read @ 1..) = inflated.read(&mut buffer) {
            size += read as u64;
            if size > MAX_INFLATED {
                break;
            }
        }
        if size > MAX_INFLATED {
            return Err(ExtractError::Damaged(format!(
                "a compressed stream inflates to more than {} MiB",
                MAX_INFLATED >> 20
            )));
        }
    }
    Ok(())
}

/// A page tree that reaches a page twice (a cycle, or a page listed twice) would have
/// the same page read again and again.
pub(super) fn check_page_tree(doc: &Document) -> Result<(), ExtractError> {
    let pages = doc.get_pages();
    let distinct: std::collections::HashSet<_> = pages.values().collect();
    if distinct.len() < pages.len() {
        return Err(ExtractError::Damaged(format!(
            "its page tree lists {} pages but only {} different ones",
            pages.len(),
            distinct.len()
        )));
    }
    Ok(())
}

/// A missing or broken ToUnicode map gives Latin or control-character garbage, not errors.
pub(super) fn check_cyrillic(page: u32, glyphs: &[Glyph]) -> Result<(), ExtractError> {
    let letters = glyphs
        .iter()
        .map(|g| g.ch)
        .filter(|c| c.is_alphabetic())
        .count();
    let cyrillic = glyphs
        .iter()
        .map(|g| g.ch)
        .filter(|c| ('\u{0400}'..='\u{04FF}').contains(c))
        .count();
    let controls = glyphs
        .iter()
        .map(|g| g.ch)
        .filter(|c| c.is_control() && !c.is_whitespace())
        .count();
    if letters < 20 && controls == 0 {
        return Ok(()); // Too little text to judge; the header check still applies.
    }
    let percent = (cyrillic * 100 / letters.max(1)) as u32;
    if percent < 20 || controls > letters / 10 {
        return Err(ExtractError::NotCyrillic { page, percent });
    }
    Ok(())
}

/// A note that the table goes on over the page (`продолжение на следующей странице`,
/// `см. далее`, `Continued on next page`), as TeX's longtable and report writers print
/// under each page's rows: not a row's lost text.
pub(super) fn continuation_note(text: &str) -> bool {
    let lower = text.to_lowercase().replace('ё', "е");
    let words = lower.split_whitespace().count();
    let phrases = [
        "продолжение",
        "продолж.",
        "см. далее",
        "см далее",
        "смотри далее",
        "смотрите далее",
        "далее на",
        "на следующей стр",
        "на след. стр",
        "см. на обороте",
        "continued",
        "continues on",
        "see next page",
    ];
    words <= 8 && phrases.iter().any(|p| lower.contains(p))
}

/// The number of rows a total line states: `Итого: 899 позиций`, `Всего 12`, `194 строки`.
pub(crate) fn stated_total(text: &str) -> Option<usize> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || matches!(c, ':' | ',' | '.' | '(' | ')'))
        .filter(|w| !w.is_empty())
        .collect();
    let number = |w: &&str| w.parse::<usize>().ok();
    if matches!(
        words.first(),
        Some(&"итого") | Some(&"всего") | Some(&"total")
    ) {
        return words.iter().find_map(number);
    }
    let counted = [
        "позиц",
        "строк",
        "запис",
        "модел",
        "наименован",
        "rows",
        "items",
    ];
    words.windows(2).find_map(|pair| {
        counted
            .iter()
            .any(|c| pair[1].starts_with(c))
            .then(|| number(&pair[0]))
            .flatten()
    })
}

/// Page numbers printed in footers must follow the PDF's pages: a skip means a page of
/// the supplier's document is missing from the file.
pub(super) fn check_page_numbers(
    printed: &[(u32, u32, Option<u32>)],
    pages: u32,
) -> Result<(), ExtractError> {
    if printed.len() < 2 {
        return Ok(());
    }
    let offset = i64::from(printed[0].1) - i64::from(printed[0].0);
    for &(page, number, _) in printed {
        if i64::from(number) - i64::from(page) != offset {
            return Err(ExtractError::PageMissing {
                page,
                printed: number,
            });
        }
    }
    for &(_, _, count) in printed {
        if let Some(count) = count
            && i64::from(count) != i64::from(pages) + offset
        {
            return Err(ExtractError::PageCount {
                printed: count,
                pages,
            });
        }
    }
    Ok(())
}

/// Gaps in IDs that otherwise run one by one: worth a look, not an error (suppliers
/// delete rows and keep their keys).
pub(super) fn id_gaps(ids: &[(u64, u32)]) -> Option<String> {
    let steps = ids.windows(2).filter(|p| p[1].0 == p[0].0 + 1).count();
    if ids.len() < 10 || steps * 10 < (ids.len() - 1) * 9 {
        return None;
    }
    let gaps: Vec<String> = ids
        .windows(2)
        .filter(|p| p[1].0 != p[0].0 + 1)
        .map(|p| {
            let ((a, _), (b, page)) = (p[0], p[1]);
            if b > a + 1 {
                format!("{}–{} before page {page}", a + 1, b - 1)
            } else {
                format!("{b} after {a} on page {page}")
            }
        })
        .collect();
    (!gaps.is_empty()).then(|| format!("IDs run in sequence except: {}", gaps.join(", ")))
}
