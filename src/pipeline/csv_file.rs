//! CSV files as typed rows: read with the file and line of a bad row in the error,
//! written whole or not at all (to a `.partial` file, then renamed into place).

use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::{ImportError as Error, Result};

/// Reads every row of a CSV (or TSV, with `delimiter` b'\t') file, cells trimmed.
pub fn read<T: DeserializeOwned>(path: &Path, delimiter: u8) -> Result<Vec<T>> {
    let name = path.display().to_string();
    let reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .trim(csv::Trim::All)
        .from_path(path)
        .map_err(|e| bad_row(&name, 0, e.to_string()))?;
    rows(&name, reader)
}

/// Reads the rows of CSV text already in memory; `name` is the file it came from.
pub fn read_bytes<T: DeserializeOwned>(name: &str, bytes: &[u8]) -> Result<Vec<T>> {
    rows(
        name,
        csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(bytes),
    )
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
/// leaves half a file.
pub fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let partial = path.with_extension("partial");
    std::fs::write(&partial, bytes)?;
    std::fs::rename(&partial, path)
}

/// Writes the rows as a CSV file, whole or not at all.
pub fn write<T: Serialize>(path: &Path, rows: &[T]) -> std::io::Result<()> {
    write_whole(path, &to_bytes(rows)?)
}
