//! CSV files as typed rows: read with the file and line of a bad row in the error,
//! written whole or not at all (to a `.partial` file, then renamed into place).

use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::{ImportError as Error, Result};
use super::input;

/// Reads every row of a CSV (or TSV, with `delimiter` b'\t') file of at most
/// [`input::MAX_FILE_BYTES`], cells trimmed.
pub fn read<T: DeserializeOwned>(path: &Path, delimiter: u8) -> Result<Vec<T>> {
    let bytes = input::read_file(path, input::MAX_FILE_BYTES)?;
    parse(&path.display().to_string(), &bytes, delimiter)
}

/// Reads an operator's CSV sheet (bot texts, prices): at most
/// [`input::MAX_SHEET_BYTES`] and [`MAX_SHEET_ROWS`] rows.
pub fn read_sheet<T: DeserializeOwned>(path: &Path) -> Result<Vec<T>> {
    let bytes = input::read_file(path, input::MAX_SHEET_BYTES)?;
    let rows = parse(&path.display().to_string(), &bytes, b',')?;
    if rows.len() > MAX_SHEET_ROWS {
        return Err(Error::Invalid(format!(
            "{}: {} rows, at most {MAX_SHEET_ROWS}",
            path.display(),
            rows.len()
        )));
    }
    Ok(rows)
}

/// The most rows an operator's sheet may have.
pub const MAX_SHEET_ROWS: usize = 10_000;

/// Reads the rows of CSV text already in memory; `name` is the file it came from.
pub fn read_bytes<T: DeserializeOwned>(name: &str, bytes: &[u8]) -> Result<Vec<T>> {
    parse(name, bytes, b',')
}

fn parse<T: DeserializeOwned>(name: &str, bytes: &[u8], delimiter: u8) -> Result<Vec<T>> {
    let text = input::check_text(name, bytes)?;
    if let Some(line) = unclosed_quote(text, delimiter) {
        return Err(bad_row(
            name,
            line,
            "a quote (\") opened here is never closed, so the rest of the file would be one cell; close or remove it",
        ));
    }
    rows(
        name,
        csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes()),
    )
}

/// The line of a quoted cell that runs to the end of the file, as the CSV reader
/// would read it (a quote opens a cell only at its start; `""` inside is a quote).
fn unclosed_quote(text: &str, delimiter: u8) -> Option<u64> {
    let (mut line, mut opened) = (1u64, None);
    let mut at_cell_start = true;
    let mut bytes = text.bytes().peekable();
    while let Some(b) = bytes.next() {
        if b == b'\n' {
            line += 1;
        }
        if opened.is_some() {
            if b == b'"' {
                if bytes.peek() == Some(&b'"') {
                    bytes.next();
                } else {
                    opened = None;
                }
            }
            continue;
        }
        if b == b'"' && at_cell_start {
            opened = Some(line);
        }
        at_cell_start = b == delimiter || b == b'\n' || b == b'\r';
    }
    opened
}

fn rows<T: DeserializeOwned, R: std::io::Read>(
    name: &str,
    mut reader: csv::Reader<R>,
) -> Result<Vec<T>> {
    reader
        .deserialize()
        .map(|row| {
            row.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                bad_row(name, line, e.to_string())
            })
        })
        .collect()
}

pub(crate) fn bad_row(file: &str, line: u64, message: impl Into<String>) -> Error {
    Error::Data {
        file: file.into(),
        line,
        message: message.into(),
    }
}

/// The rows as CSV text with a header line.
pub fn to_bytes<T: Serialize>(rows: &[T]) -> std::io::Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.serialize(row)?;
    }
    writer.into_inner().map_err(|e| e.into_error())
}

/// Writes `bytes` next to `path` and renames them into place, so a failure never
/// leaves half a file. A path that is no regular file (`-o /dev/null`, a pipe) is
/// written to directly: renaming over it would replace the device with a file.
pub fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return std::fs::write(path, bytes);
    }
    let partial = path.with_extension("partial");
    std::fs::write(&partial, bytes)?;
    std::fs::rename(&partial, path)
}

/// Writes the rows as a CSV file, whole or not at all.
pub fn write<T: Serialize>(path: &Path, rows: &[T]) -> std::io::Result<()> {
    write_whole(path, &to_bytes(rows)?)
}
