//! Reading the files the tools are given, bounded: a regular file of at most a
//! stated size, and for text, UTF-8 without NUL bytes. Each refusal is one line that
//! says what to fix.

use std::io::Read;
use std::path::Path;

use super::error::{ImportError, Result};

/// The largest supplier file (PDF, spreadsheet or CSV) or reference data file.
pub const MAX_FILE_BYTES: u64 = 100 << 20;
/// The largest operator's sheet (bot texts, prices).
pub const MAX_SHEET_BYTES: u64 = 1 << 20;

/// The bytes of the regular file `path`, at most `max_bytes` of them.
pub fn read_file(path: &Path, max_bytes: u64) -> Result<Vec<u8>> {
    let name = path.display();
    let refuse = |why: String| ImportError::Invalid(format!("{name}: {why}"));
    let file = std::fs::File::open(path).map_err(|e| refuse(format!("cannot open: {e}")))?;
    let meta = file
        .metadata()
        .map_err(|e| refuse(format!("cannot read: {e}")))?;
    if !meta.is_file() {
        let kind = if meta.is_dir() {
            "a folder"
        } else {
            "not a regular file"
        };
        return Err(refuse(format!("is {kind}; give a file")));
    }
    let too_big = |size: u64| {
        refuse(format!(
            "is {} MiB, more than the {} MiB a file may have",
            size.div_ceil(1 << 20),
            max_bytes >> 20
        ))
    };
    if meta.len() > max_bytes {
        return Err(too_big(meta.len()));
    }
    // The size may change while it is read: never read more than the bound.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| refuse(format!("cannot read: {e}")))?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// `bytes` as UTF-8 text without NUL bytes, or which line of `name` is not.
pub fn check_text<'b>(name: &str, bytes: &'b [u8]) -> Result<&'b str> {
    let refuse = |line: usize, why: &str| ImportError::Invalid(format!("{name}:{line}: {why}"));
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ImportError::Invalid(format!(
            "{name}: the file is UTF-16 text; save it as UTF-8 (\"CSV UTF-8\" in Excel)"
        )));
    }
    let line_of = |at: usize| bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
    if let Some(at) = bytes.iter().position(|b| *b == 0) {
        // UTF-16 without a byte order mark: every other byte of Latin text is zero.
        let zeros = bytes.iter().take(200).filter(|b| **b == 0).count();
        if zeros * 3 > bytes.len().min(200) {
            return Err(ImportError::Invalid(format!(
                "{name}: the file looks like UTF-16 text; save it as UTF-8 (\"CSV UTF-8\" in Excel)"
            )));
        }
        return Err(refuse(line_of(at), "contains a NUL byte (not text)"));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        refuse(
            line_of(e.valid_up_to()),
            "is not UTF-8 text (save the file as UTF-8, e.g. \"CSV UTF-8\" in Excel)",
        )
    })
}
