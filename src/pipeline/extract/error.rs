//! Why a supplier file was refused: each error says what to check, and names the page
//! where there is one.

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ExtractError {
    #[error("the file is empty")]
    Empty,
    #[error("not a PDF file (no %PDF- header), nor a spreadsheet (xlsx, xls, ods)")]
    NotPdf,
    #[error("the spreadsheet cannot be read: {0}")]
    Spreadsheet(String),
    #[error(
        "no sheet has a table header (expected columns such as ID | Марка | Модель | Год | Описание); sheets: {sheets}"
    )]
    NoSheetHeader { sheets: String },
    #[error("the PDF is damaged and cannot be read ({0}); re-save or re-export it and try again")]
    Damaged(String),
    #[error("the PDF is protected by a password; export it again without one")]
    Encrypted,
    #[error(
        "page {page}: the file draws more than {max} characters and rules, far more than a supplier's table (about 50,000 for 900 rows); split it, or check that it is the right file"
    )]
    TooMuchText { page: u32, max: usize },
    #[error("page {page}: cannot be read ({reason})")]
    Page { page: u32, reason: String },
    #[error(
        "page {page} has no text (a scanned image?); ask the supplier for the file the table was printed from"
    )]
    NoText { page: u32 },
    #[error("page {page}: no table header (expected columns ID | Марка | Модель | Год | Описание)")]
    NoHeader { page: u32 },
    #[error(
        "page {page}: only {percent}% of the letters are Cyrillic; the text was not decoded correctly"
    )]
    NotCyrillic { page: u32, percent: u32 },
    #[error(
        "page {page}: the table's columns cannot be found (the page is laid out unlike the header's page and has no header of its own)"
    )]
    NoColumns { page: u32 },
    #[error(
        "the file states {stated} rows but {read} were read: rows were lost or misread; check the PDF, or pass --ignore-printed-counts if its total counts something else"
    )]
    TotalMismatch { stated: usize, read: usize },
    #[error(
        "page {page} is printed as page {printed}: a page of the document is missing from the file"
    )]
    PageMissing { page: u32, printed: u32 },
    #[error("the pages say the document has {printed} pages, but the file has {pages}")]
    PageCount { printed: u32, pages: u32 },
    #[error("the PDF has no table rows")]
    NoRows,
    #[error(
        "page {page}: text below the table's rows belongs to no row («{text}»), so a row may have lost it; the table's layout was not understood"
    )]
    TextBelowRows { page: u32, text: String },
    #[error(
        "page {page}: a line that reads like a row is not in the table («{text}»); the page's layout was not understood"
    )]
    RowNotRead { page: u32, text: String },
}

impl ExtractError {
    /// The page the error names, if it names one.
    pub fn page(&self) -> Option<u32> {
        match self {
            ExtractError::TooMuchText { page, .. }
            | ExtractError::Page { page, .. }
            | ExtractError::NoText { page }
            | ExtractError::NoHeader { page }
            | ExtractError::NotCyrillic { page, .. }
            | ExtractError::NoColumns { page }
            | ExtractError::PageMissing { page, .. }
            | ExtractError::TextBelowRows { page, .. }
            | ExtractError::RowNotRead { page, .. } => Some(*page),
            _ => None,
        }
    }

    /// The line of text the error is about, if it is about one.
    pub fn line(&self) -> Option<&str> {
        match self {
            ExtractError::TextBelowRows { text, .. } | ExtractError::RowNotRead { text, .. } => {
                Some(text)
            }
            _ => None,
        }
    }
}
