//! Reading MovieLens-format CSV files into typed records.
//!
//! This module holds what every reader shares: [`IngestError`], whose
//! messages always name the file, the line and — where there is one — the
//! column, so a person can jump straight to the bad cell; and [`CsvFile`],
//! the plumbing that opens a file (gzip-compressed when its name ends in
//! `.gz`), checks its header and turns csv/serde failures into those errors.
//! The concrete readers live in one module per source: [`movielens`]
//! (`movies.csv`, `ratings.csv`, `links.csv`), [`tags`] (MovieLens
//! `tags.csv`), [`tmdb`] (TMDB 5000 `tmdb_5000_movies.csv`) and [`keywords`]
//! (The Movies Dataset `keywords.csv.gz`, parsed with [`pyliteral`]).
//!
//! Line numbers are 1-based as an editor shows them: the header is line 1,
//! the first data row line 2 (a quoted field spanning lines counts every line).
//! The csv crate's own line count is one short for CRLF files and after blank
//! lines (a record's position is taken before the preceding "\n" or blank
//! lines are skipped), so rows carry their byte offset ([`RowPos`]) and the
//! exact line is worked out from the file only when a message needs it.

pub mod keywords;
pub mod movielens;
pub mod pyliteral;
pub mod tags;
pub mod tmdb;

pub use movielens::{load, Dataset, IngestStats, LinkRow, MovieRow, RatingRow};

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use csv::{ByteRecord, DeserializeErrorKind, ErrorKind, ReaderBuilder, Trim};
use serde::de::DeserializeOwned;

/// Why a data file could not be read. Every message starts with the file path.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file does not exist or cannot be opened.
    #[error("{}: cannot open the file", path.display())]
    Open {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Reading failed part-way (an I/O error, or a csv problem not covered below).
    #[error("{}: line {line}: cannot read the row", path.display())]
    Read {
        path: PathBuf,
        line: u64,
        #[source]
        source: csv::Error,
    },
    /// The header lacks columns the reader needs.
    #[error(
        "{}: line 1: missing column(s) {} in the header (found {}){}",
        path.display(),
        quoted_list(missing),
        quoted_list(found),
        delimiter_hint(found)
    )]
    MissingColumns {
        path: PathBuf,
        missing: Vec<String>,
        found: Vec<String>,
    },
    /// A row has more or fewer fields than the header.
    #[error(
        "{}: line {line}: expected {expected} fields like the header, found {found}{}",
        path.display(),
        first_missing.as_ref().map_or(String::new(), |f| format!(" (no field \"{f}\")"))
    )]
    FieldCount {
        path: PathBuf,
        line: u64,
        expected: u64,
        found: u64,
        /// The header name of the first absent field, for a short row.
        first_missing: Option<String>,
    },
    /// A gzip-compressed file ends early or is damaged.
    #[error(
        "{}: line {line}: the compressed data is truncated or corrupt (decompression failed here)",
        path.display()
    )]
    Compressed {
        path: PathBuf,
        line: u64,
        #[source]
        source: csv::Error,
    },
    /// A required field is empty.
    #[error("{}: line {line}, field \"{field}\": the value is empty", path.display())]
    Empty {
        path: PathBuf,
        line: u64,
        field: String,
    },
    /// A field that must be a number is not one.
    #[error("{}: line {line}, field \"{field}\": \"{value}\" is not {expected}", path.display())]
    NotANumber {
        path: PathBuf,
        line: u64,
        field: String,
        value: String,
        /// What was expected, e.g. "a number" or "a whole number".
        expected: &'static str,
    },
    /// A rating is a number but not a usable one (NaN, negative, out of range).
    #[error(
        "{}: line {line}, field \"rating\": \"{value}\" is not a valid rating (expected {min:.1} to {max:.1} stars)",
        path.display(),
        min = movielens::MIN_RATING,
        max = movielens::MAX_RATING
    )]
    BadRating {
        path: PathBuf,
        line: u64,
        value: String,
    },
    /// A field is not valid UTF-8.
    #[error("{}: line {line}, field \"{field}\": the text is not valid UTF-8", path.display())]
    Utf8 {
        path: PathBuf,
        line: u64,
        field: String,
    },
    /// The same movieId appears twice in a file that must list each movie once.
    #[error(
        "{}: line {line}, field \"movieId\": movie {movie_id} is already listed on line {first_line}",
        path.display()
    )]
    DuplicateMovie {
        path: PathBuf,
        line: u64,
        movie_id: u32,
        first_line: u64,
    },
    /// A field holding a structured value (a JSON list, a Python literal)
    /// that does not parse. The metadata readers count and skip these rather
    /// than stop (see [`tmdb`] and [`keywords`]); the error records where.
    #[error("{}: line {line}, field \"{field}\": {message}", path.display())]
    Malformed {
        path: PathBuf,
        line: u64,
        field: String,
        /// What is wrong, e.g. "not a JSON list of {id, name}: …".
        message: String,
    },
    /// The file has a header but no data rows where some are required.
    #[error("{}: the file has no data rows", path.display())]
    NoRows { path: PathBuf },
}

/// " — the file seems to be separated by ';', not ','" when the header is one
/// name holding another usual separator; empty otherwise.
fn delimiter_hint(found: &[String]) -> String {
    match found {
        [only] => [';', '\t', '|']
            .into_iter()
            .find(|&c| only.contains(c))
            .map_or(String::new(), |c| {
                format!(
                    " — the file seems to be separated by {:?}, but MovieLens files use ','",
                    c
                )
            }),
        _ => String::new(),
    }
}

fn quoted_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Longest cell value quoted back in an error message (characters).
const MAX_QUOTED_VALUE: usize = 40;

fn quote_value(raw: &[u8]) -> String {
    String::from_utf8_lossy(raw)
        .chars()
        .take(MAX_QUOTED_VALUE)
        .collect()
}

/// Where a row starts in its file: a byte offset, turned into a line
/// number on demand with [`RowPos::line_in`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowPos {
    byte: u64,
    /// The csv crate's count, used if the file cannot be re-read.
    line_hint: u64,
}

impl RowPos {
    fn from_csv(pos: &csv::Position) -> Self {
        RowPos {
            byte: pos.byte(),
            line_hint: pos.line(),
        }
    }

    /// The 1-based line (header = 1) on which the row starts in `path`, the
    /// file it was read from. Re-reads the file up to the row, so it is meant
    /// for messages, not for every row.
    pub fn line_in(&self, path: &Path) -> u64 {
        line_at(path, self.byte).unwrap_or(self.line_hint)
    }
}

/// Counts the lines before byte `start`, then skips the line breaks and
/// blank lines csv skips before a row's first byte.
fn line_at(path: &Path, start: u64) -> Option<u64> {
    let mut file = open_data(path).ok()?;
    let mut buf = vec![0u8; 1 << 16];
    let (mut line, mut offset) = (1u64, 0u64);
    loop {
        let n = file.read(&mut buf).ok()?;
        if n == 0 {
            return Some(line);
        }
        for &b in &buf[..n] {
            if offset < start {
                line += u64::from(b == b'\n');
            } else if b == b'\n' {
                line += 1;
            } else if b != b'\r' {
                return Some(line);
            }
            offset += 1;
        }
    }
}

/// Opens `path` for reading, decompressing on the fly when the name ends in
/// `.gz` (byte offsets and lines then refer to the decompressed text).
pub fn open_data(path: &Path) -> std::io::Result<Box<dyn Read>> {
    let file = File::open(path)?;
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
    {
        Ok(Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(
            file,
        ))))
    } else {
        Ok(Box::new(file))
    }
}

/// An open CSV file with a checked header, yielding typed rows one at a time
/// (streaming: memory does not grow with the file). A `.gz` file is
/// decompressed transparently.
pub struct CsvFile {
    path: PathBuf,
    reader: csv::Reader<Box<dyn Read>>,
    headers: ByteRecord,
    record: ByteRecord,
}

impl CsvFile {
    /// Opens `path` and checks that its header names every column in
    /// `required` (other columns are allowed and ignored; order is free).
    /// Fields and header names are trimmed of surrounding whitespace.
    pub fn open(path: &Path, required: &[&str]) -> Result<Self, IngestError> {
        let file = open_data(path).map_err(|source| IngestError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        let mut reader = ReaderBuilder::new()
            .has_headers(true)
            .trim(Trim::All)
            .buffer_capacity(1 << 16)
            .from_reader(file);
        let mut headers = reader
            .byte_headers()
            .map_err(|source| IngestError::Read {
                path: path.to_path_buf(),
                line: 1,
                source,
            })?
            .clone();
        // Spreadsheet exports may start with a UTF-8 byte-order mark; csv keeps
        // it in the first name, which would then never match.
        if let Some(first) = headers.get(0) {
            if let Some(rest) = first.strip_prefix(b"\xEF\xBB\xBF") {
                let mut cleaned = ByteRecord::new();
                cleaned.push_field(rest);
                for field in headers.iter().skip(1) {
                    cleaned.push_field(field);
                }
                reader.set_byte_headers(cleaned.clone());
                headers = cleaned;
            }
        }
        let found: Vec<String> = headers
            .iter()
            .map(|h| String::from_utf8_lossy(h).into_owned())
            .collect();
        let missing: Vec<String> = required
            .iter()
            .filter(|name| !found.iter().any(|f| f == *name))
            .map(|name| (*name).to_string())
            .collect();
        if !missing.is_empty() {
            return Err(IngestError::MissingColumns {
                path: path.to_path_buf(),
                missing,
                found,
            });
        }
        Ok(CsvFile {
            path: path.to_path_buf(),
            reader,
            headers,
            record: ByteRecord::new(),
        })
    }

    /// The path the file was opened with (as given, for messages).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the next data row as a `T` (columns matched by header name).
    /// Returns where the row starts with it, or `None` at the end.
    pub fn next_row<T: DeserializeOwned>(&mut self) -> Result<Option<(RowPos, T)>, IngestError> {
        let Some(pos) = self.next_record()? else {
            return Ok(None);
        };
        self.deserialize_current(pos).map(|row| Some((pos, row)))
    }

    /// Reads the next data row without interpreting it (see [`Self::record`]
    /// and [`Self::deserialize_current`]): the fast path of readers that
    /// parse their few columns by hand. `None` at the end.
    pub fn next_record(&mut self) -> Result<Option<RowPos>, IngestError> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => return Ok(None),
            Ok(true) => {}
            Err(err) => return Err(self.read_error(err)),
        }
        Ok(Some(self.record.position().map_or(
            RowPos {
                byte: 0,
                line_hint: 0,
            },
            RowPos::from_csv,
        )))
    }

    /// The row last read, fields trimmed.
    pub fn record(&self) -> &ByteRecord {
        &self.record
    }

    /// Position of column `name` in the header (the first one of that name).
    pub fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name.as_bytes())
    }

    /// Bytes read so far (of the decompressed text for a `.gz` file): for
    /// progress bars.
    pub fn bytes_read(&self) -> u64 {
        self.reader.position().byte()
    }

    /// The row last read (which starts at `pos`) as a `T`, with the same
    /// errors as [`Self::next_row`].
    pub fn deserialize_current<T: DeserializeOwned>(&self, pos: RowPos) -> Result<T, IngestError> {
        self.record
            .deserialize::<T>(Some(&self.headers))
            .map_err(|err| self.deserialize_error(pos, err))
    }

    /// An error for a specific cell of the row at `pos`.
    pub fn cell_error(&self, pos: RowPos, field: &str, make: CellError) -> IngestError {
        let path = self.path.clone();
        let line = pos.line_in(&path);
        let field = field.to_string();
        match make {
            CellError::Empty => IngestError::Empty { path, line, field },
            CellError::BadRating(value) => IngestError::BadRating { path, line, value },
            CellError::Malformed(message) => IngestError::Malformed {
                path,
                line,
                field,
                message,
            },
        }
    }

    /// The current row's cell in column `name` as text (lossy, shortened),
    /// for quoting in a message; empty if there is no such column.
    pub fn raw_field(&self, name: &str) -> String {
        let index = self.headers.iter().position(|h| h == name.as_bytes());
        let raw = index.and_then(|i| self.record.get(i)).unwrap_or_default();
        quote_value(raw)
    }

    fn field_name(&self, index: Option<u64>) -> String {
        index
            .and_then(|i| self.headers.get(i as usize))
            .map_or_else(
                || "?".to_string(),
                |h| String::from_utf8_lossy(h).into_owned(),
            )
    }

    fn read_error(&self, err: csv::Error) -> IngestError {
        let path = self.path.clone();
        // The error's position, else the reader's (where the failed row began
        // or, for an I/O error, how far reading got).
        let pos = err.position().unwrap_or(self.reader.position());
        let line = RowPos::from_csv(pos).line_in(&path);
        match err.kind() {
            ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => IngestError::FieldCount {
                first_missing: (len < expected_len)
                    .then(|| self.headers.get(*len as usize))
                    .flatten()
                    .map(|h| String::from_utf8_lossy(h).into_owned()),
                path,
                line,
                expected: *expected_len,
                found: *len,
            },
            ErrorKind::Io(_)
                if path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("gz")) =>
            {
                IngestError::Compressed {
                    path,
                    line,
                    source: err,
                }
            }
            ErrorKind::Utf8 { err: utf8, .. } => IngestError::Utf8 {
                path,
                line,
                field: self.field_name(Some(utf8.field() as u64)),
            },
            _ => IngestError::Read {
                path,
                line,
                source: err,
            },
        }
    }

    fn deserialize_error(&self, pos: RowPos, err: csv::Error) -> IngestError {
        let path = self.path.clone();
        let line = pos.line_in(&path);
        let ErrorKind::Deserialize { err: de, .. } = err.kind() else {
            return IngestError::Read {
                path,
                line,
                source: err,
            };
        };
        let field = self.field_name(de.field());
        let raw = de
            .field()
            .and_then(|i| self.record.get(i as usize))
            .unwrap_or_default();
        let value = quote_value(raw);
        let expected = match de.kind() {
            DeserializeErrorKind::ParseFloat(_) => "a number",
            DeserializeErrorKind::ParseInt(_) => "a whole number (0 to 4294967295)",
            DeserializeErrorKind::InvalidUtf8(_) => {
                return IngestError::Utf8 { path, line, field };
            }
            _ => {
                return IngestError::Read {
                    path,
                    line,
                    source: err,
                };
            }
        };
        if raw.is_empty() {
            IngestError::Empty { path, line, field }
        } else {
            IngestError::NotANumber {
                path,
                line,
                field,
                value,
                expected,
            }
        }
    }
}

/// A problem with one cell that a reader detects after parsing.
pub enum CellError {
    /// The cell is empty but must not be.
    Empty,
    /// The rating (shown as written) is out of range or not finite.
    BadRating(String),
    /// A structured value does not parse (the message says why).
    Malformed(String),
}
