//! The table as the supplier keeps it: a workbook (xlsx, xls, ods, read with
//! calamine) or the CSV a spreadsheet saves (UTF-8 or Windows-1251, comma, semicolon
//! or tab). Each sheet is a grid of cells; the table starts at its header row (the
//! same header words as a PDF's, on any sheet, the header's cells may be stacked on
//! two rows), and each row below it with an ID is a table row. A brand given once for
//! its group is carried: a merged cell's to every row it spans (xlsx and xls; calamine
//! reads no merges from ods, whose merged cells read as blank), a blank cell's "as
//! above" and a heading row's to the rows below that name a model. Titles, totals and notes (rows without an ID) are not rows; they are
//! listed in the report, and a total the sheet states is checked. Numbers are read as
//! the supplier wrote them: `1999`, not `1999.0`; an ID stored as text (`001`) stays.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, Reader, Sheets};

use super::checks::{id_gaps, stated_total};
use super::layout::Field;
use super::table::is_id;
use super::{ExtractError, ExtractOptions, ExtractReport, RawRow};

/// What kind of spreadsheet `bytes` are, by their first bytes: a zip (xlsx, ods) or
/// an OLE compound file (xls).
pub(super) fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// Every sheet of a workbook, then its table.
pub(super) fn read_workbook(
    bytes: &[u8],
    options: ExtractOptions,
) -> Result<(Vec<RawRow>, ExtractReport), ExtractError> {
    let unreadable = |e: calamine::Error| {
        ExtractError::Spreadsheet(format!(
            "{e}; save it again as .xlsx, or as CSV (UTF-8 or Windows-1251)"
        ))
    };
    let tidied;
    let mut workbook = match calamine::open_workbook_auto_from_rs(Cursor::new(bytes)) {
        Ok(workbook) => workbook,
        Err(error) => match ods_without_blank_text(bytes) {
            Some(ods) => {
                tidied = ods;
                calamine::open_workbook_auto_from_rs(Cursor::new(tidied.as_slice()))
                    .map_err(|_| unreadable(error))?
            }
            None => return Err(unreadable(error)),
        },
    };
    let mut ods_merges = match workbook {
        Sheets::Ods(_) => ods_merged_cells(bytes).unwrap_or_default(),
        _ => HashMap::new(),
    };
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).map_err(unreadable)?;
        let grid = range
            .rows()
            .map(|row| row.iter().map(cell_text).collect())
            .collect();
        // Merged cells, as rows and columns of the grid (which starts at the range's
        // first cell). calamine reads them from xlsx and xls; ods ones are read here.
        let merges = match &mut workbook {
            Sheets::Xlsx(xlsx) => {
                xlsx.load_merged_regions()
                    .map_err(|e| unreadable(e.into()))?;
                xlsx.merged_regions_by_sheet(&name)
                    .into_iter()
                    .map(|(_, _, region)| *region)
                    .collect()
            }
            Sheets::Xls(xls) => xls.worksheet_merge_cells(&name).unwrap_or_default(),
            _ => ods_merges.remove(&name).unwrap_or_default(),
        };
        let (top, left) = range.start().unwrap_or((0, 0));
        let merged = merges
            .iter()
            .map(|m| {
                let at = |(row, column): (u32, u32)| {
                    (
                        row.saturating_sub(top) as usize,
                        column.saturating_sub(left) as usize,
                    )
                };
                (at(m.start), at(m.end))
            })
            .collect();
        sheets.push(Sheet { name, grid, merged });
    }
    table(sheets, options)
}

/// The merged cells of each sheet of an .ods (`table:number-rows-spanned`,
/// `table:number-columns-spanned`), at their row and column in the sheet.
fn ods_merged_cells(bytes: &[u8]) -> Option<HashMap<String, Vec<calamine::Dimensions>>> {
    use quick_xml::events::{BytesStart, Event};
    use std::io::Read;
    let mut xml = Vec::new();
    zip::ZipArchive::new(Cursor::new(bytes))
        .ok()?
        .by_name("content.xml")
        .ok()?
        .read_to_end(&mut xml)
        .ok()?;
    let number = |cell: &BytesStart, name: &str| -> u32 {
        let value = cell.try_get_attribute(name).ok().flatten();
        value
            .and_then(|a| std::str::from_utf8(&a.value).ok()?.parse().ok())
            .unwrap_or(1)
            .max(1) // positive in ODF; a damaged file's 0 counts as 1
    };
    let mut merges: HashMap<String, Vec<calamine::Dimensions>> = HashMap::new();
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    let (mut sheet, mut row, mut column, mut rows_repeated) = (String::new(), 0u32, 0u32, 1u32);
    loop {
        let event = reader.read_event_into(&mut buf).ok()?;
        let (element, closed) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            Event::End(e) if e.name().as_ref() == b"table:table-row" => {
                row = row.saturating_add(rows_repeated);
                (None, false)
            }
            Event::Eof => break,
            _ => (None, false),
        };
        if let Some(e) = element {
            match e.name().as_ref() {
                b"table:table" => {
                    let name = e.try_get_attribute("table:name").ok().flatten()?;
                    sheet = name
                        .decode_and_unescape_value(reader.decoder())
                        .ok()?
                        .into_owned();
                    row = 0;
                }
                b"table:table-row" => {
                    column = 0;
                    rows_repeated = number(e, "table:number-rows-repeated");
                    if closed {
                        row = row.saturating_add(rows_repeated);
                    }
                }
                b"table:table-cell" | b"table:covered-table-cell" => {
                    let (rows, columns) = (
                        number(e, "table:number-rows-spanned"),
                        number(e, "table:number-columns-spanned"),
                    );
                    if rows > 1 || columns > 1 {
                        merges
                            .entry(sheet.clone())
                            .or_default()
                            .push(calamine::Dimensions {
                                start: (row, column),
                                end: (
                                    row.saturating_add(rows - 1),
                                    column.saturating_add(columns - 1),
                                ),
                            });
                    }
                    column = column.saturating_add(number(e, "table:number-columns-repeated"));
                }
                _ => {}
            }
        }
        buf.clear();
    }
    Some(merges)
}

/// An .ods with the whitespace between the elements of its `content.xml` removed, for
/// calamine, which reads only elements inside a row (SheetJS indents its XML); None
/// when the file is no .ods.
fn ods_without_blank_text(bytes: &[u8]) -> Option<Vec<u8>> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut mimetype = String::new();
    archive
        .by_name("mimetype")
        .ok()?
        .read_to_string(&mut mimetype)
        .ok()?;
    if !mimetype.starts_with("application/vnd.oasis.opendocument.spreadsheet") {
        return None;
    }
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).ok()?;
        let mut content = Vec::new();
        entry.read_to_end(&mut content).ok()?;
        if entry.name() == "content.xml" {
            content = without_blank_text(&content);
        }
        out.start_file(entry.name(), options).ok()?;
        out.write_all(&content).ok()?;
    }
    Some(out.finish().ok()?.into_inner())
}

/// XML with every run of whitespace between a `>` and a `<` removed (a cell's own
/// text is never only whitespace between two tags: an ODS writes spaces as `<text:s/>`).
fn without_blank_text(xml: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(xml.len());
    let mut i = 0;
    while i < xml.len() {
        out.push(xml[i]);
        if xml[i] == b'>' {
            let blank = xml[i + 1..]
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
            if xml.get(i + 1 + blank) == Some(&b'<') {
                i += blank;
            }
        }
        i += 1;
    }
    out
}

/// A sheet's cells, as text, and its merged cells: (first row, first column) and
/// (last row, last column), the text in the first cell.
struct Sheet {
    name: String,
    grid: Vec<Vec<String>>,
    merged: Vec<((usize, usize), (usize, usize))>,
}

impl Sheet {
    /// Whether a merged cell begun above covers the cell at `row`, `column`.
    fn merged_from_above(&self, row: usize, column: usize) -> bool {
        self.merged
            .iter()
            .any(|((r0, c0), (r1, c1))| *r0 < row && row <= *r1 && *c0 <= column && column <= *c1)
    }
}

/// A CSV table as a spreadsheet saves it: UTF-8, Windows-1251 or UTF-16 with its byte
/// order mark (Excel's "Unicode text"); comma, semicolon or tab.
pub(super) fn read_csv(
    bytes: &[u8],
    options: ExtractOptions,
) -> Result<(Vec<RawRow>, ExtractReport), ExtractError> {
    // Excel's "Unicode text" is UTF-16 with a byte order mark, tab-separated.
    let utf16 = match bytes {
        [0xFF, 0xFE, ..] => Some(encoding_rs::UTF_16LE),
        [0xFE, 0xFF, ..] => Some(encoding_rs::UTF_16BE),
        _ => None,
    };
    if let Some(encoding) = utf16 {
        let (text, _, bad) = encoding.decode(bytes);
        if bad {
            return Err(ExtractError::Spreadsheet(
                "the file starts as UTF-16 text but is not".into(),
            ));
        }
        return read_text(text.trim_start_matches('\u{feff}'), options);
    }
    if bytes.contains(&0) {
        return Err(ExtractError::Spreadsheet(
            "the file is not text (it has NUL bytes): give the spreadsheet (.xlsx, .xls, .ods) or its CSV".into(),
        ));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.trim_start_matches('\u{feff}').to_owned(),
        Err(_) => {
            let (text, _, bad) = encoding_rs::WINDOWS_1251.decode(bytes);
            if bad {
                return Err(ExtractError::Spreadsheet(
                    "the CSV is neither UTF-8 nor Windows-1251 text".into(),
                ));
            }
            text.into_owned()
        }
    };
    read_text(&text, options)
}

/// The table of CSV text, with the delimiter its header row is found with.
fn read_text(
    text: &str,
    options: ExtractOptions,
) -> Result<(Vec<RawRow>, ExtractReport), ExtractError> {
    let mut refused = None;
    for delimiter in [b';', b',', b'\t'] {
        let grid: Vec<Vec<String>> = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes())
            .records()
            .map(|record| {
                record
                    .map(|r| r.iter().map(str::to_owned).collect())
                    .map_err(|e| ExtractError::Spreadsheet(format!("the CSV cannot be read: {e}")))
            })
            .collect::<Result<_, _>>()?;
        let sheet = Sheet {
            name: "CSV".to_owned(),
            grid,
            merged: Vec::new(),
        };
        match table(vec![sheet], options) {
            Err(error @ ExtractError::NoSheetHeader { .. }) => refused = Some(error),
            read => return read,
        }
    }
    Err(refused.expect("three delimiters tried"))
}

/// A cell as the supplier sees it.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Float(number) if number.fract() == 0.0 && number.abs() < 1e15 => {
            format!("{number:.0}")
        }
        other => other.to_string(),
    }
}

/// The header of a sheet: its rows and each field's column.
struct Header {
    first_row: usize,
    last_row: usize,
    columns: Vec<(Field, usize)>,
}

/// Header labels in `cells`, if they name at least an ID and a model column, each
/// once (without a brand column, brands come from heading rows).
fn labels(cells: &[String]) -> Option<Vec<(Field, usize)>> {
    let columns: Vec<(Field, usize)> = cells
        .iter()
        .enumerate()
        .filter_map(|(i, cell)| Some((Field::from_label(&collapse(cell))?, i)))
        .collect();
    let count = |field| columns.iter().filter(|(f, _)| *f == field).count();
    let once = count(Field::Id) == 1 && count(Field::Model) == 1;
    (once && count(Field::Brand) <= 1).then_some(columns)
}

/// The first header of a sheet: one row, or two stacked (`Год` over `выпуска`) when
/// the second completes labels of the first.
fn header_of(grid: &[Vec<String>]) -> Option<Header> {
    (0..grid.len()).find_map(|i| {
        let single = labels(&grid[i]);
        let stacked = grid.get(i + 1).and_then(|next| {
            let width = grid[i].len().max(next.len());
            let cell = |row: &Vec<String>, c: usize| row.get(c).cloned().unwrap_or_default();
            let cells: Vec<String> = (0..width)
                .map(|c| format!("{} {}", cell(&grid[i], c), cell(next, c)))
                .collect();
            labels(&cells)
        });
        match (single, stacked) {
            (single, Some(stacked)) if single.as_ref().is_none_or(|s| stacked.len() > s.len()) => {
                Some(Header {
                    first_row: i,
                    last_row: i + 1,
                    columns: stacked,
                })
            }
            (Some(columns), _) => Some(Header {
                first_row: i,
                last_row: i,
                columns,
            }),
            _ => None,
        }
    })
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The rows of every sheet that has a header.
fn table(
    sheets: Vec<Sheet>,
    options: ExtractOptions,
) -> Result<(Vec<RawRow>, ExtractReport), ExtractError> {
    let mut report = ExtractReport {
        pages: sheets.len() as u32,
        ..Default::default()
    };
    let mut rows = Vec::new();
    let mut with_header = 0;
    for (index, sheet) in sheets.iter().enumerate() {
        let grid = &sheet.grid;
        let page = index as u32 + 1;
        let Some(header) = header_of(grid) else {
            continue;
        };
        with_header += 1;
        let outside = |report: &mut ExtractReport, row: &[String]| {
            let text = collapse(&row.join(" "));
            if !text.is_empty() {
                report.outside.push((page, text));
            }
        };
        for row in &grid[..header.first_row] {
            outside(&mut report, row);
        }
        let mut brand = String::new();
        let column_of = |wanted: Field| {
            header
                .columns
                .iter()
                .find(|(f, _)| *f == wanted)
                .map(|(_, c)| *c)
        };
        for (r, cells) in grid.iter().enumerate().skip(header.last_row + 1) {
            let field = |wanted: Field| {
                column_of(wanted)
                    .and_then(|c| cells.get(c))
                    .map(|text| collapse(text))
                    .unwrap_or_default()
            };
            if labels(cells).is_some() {
                continue; // The header again.
            }
            let (id, model) = (field(Field::Id), field(Field::Model));
            let filled: Vec<String> = cells
                .iter()
                .map(|c| collapse(c))
                .filter(|c| !c.is_empty())
                .collect();
            // A brand heading over its group: one cell (often merged across the
            // table), no model, not a total.
            if let [heading] = filled.as_slice()
                && model.is_empty()
                && stated_total(heading).is_none()
                && Field::from_label(heading).is_none()
            {
                brand.clone_from(heading);
                continue;
            }
            // A total states its count outside the ID column (`Итого | 230`); a row's
            // own ID may read like one (`1359 | позиция выведена из прайса`).
            let others: Vec<&str> = filled
                .iter()
                .map(String::as_str)
                .filter(|c| *c != id)
                .collect();
            let is_total = stated_total(&filled.join(" ")).is_some()
                && (!is_id(&id) || stated_total(&others.join(" ")).is_some());
            if id.is_empty() || is_total {
                outside(&mut report, cells);
                continue;
            }
            let mut row = RawRow {
                page,
                id,
                brand: field(Field::Brand),
                model,
                years: field(Field::Years),
                description: field(Field::Description),
                brand_carried: false,
            };
            // A merged brand cell's text goes to every row it spans. A model's blank
            // brand cell means "as above"; without a brand column every model is its
            // heading's.
            let merged = column_of(Field::Brand).is_some_and(|c| sheet.merged_from_above(r, c));
            if row.brand.is_empty() && (merged || !row.model.is_empty()) && !brand.is_empty() {
                row.brand.clone_from(&brand);
                row.brand_carried = true;
            }
            if !row.brand.is_empty() {
                brand.clone_from(&row.brand);
            }
            rows.push(row);
        }
    }
    if with_header == 0 {
        let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
        return Err(ExtractError::NoSheetHeader {
            sheets: names.join(", "),
        });
    }
    if rows.is_empty() {
        return Err(ExtractError::NoRows);
    }
    report.brands_carried = rows.iter().filter(|r| r.brand_carried).count();
    report.stated_total = report
        .outside
        .iter()
        .rev()
        .find_map(|(_, text)| stated_total(text));
    if let Some(stated) = report.stated_total
        && !options.ignore_printed_counts
        && stated != rows.len()
    {
        return Err(ExtractError::TotalMismatch {
            stated,
            read: rows.len(),
        });
    }
    let ids: Vec<(u64, u32)> = rows
        .iter()
        .filter_map(|r| r.id.parse().ok().map(|id| (id, r.page)))
        .collect();
    report.warnings.extend(id_gaps(&ids));
    Ok((rows, report))
}
