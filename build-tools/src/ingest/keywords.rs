//! The Movies Dataset's `keywords.csv(.gz)`: TMDB keywords for ~45k movies,
//! keyed by TMDB id.
//!
//! Columns `id` (TMDB id) and `keywords`, a Python literal list of
//! `{'id': …, 'name': …}` dicts (see [`super::pyliteral`]). Quirks of the
//! real file, handled here:
//! - it is read gzip-compressed as bundled (any `.gz` path is decompressed);
//! - 987 rows repeat an id already seen (985 ids; all repeats are identical
//!   in the 2017 release): their keywords are merged, duplicates dropped,
//!   and the rows counted in [`KeywordStats::repeated_ids`];
//! - names may carry no-break spaces (`'\xa0nightgown'`): normalised later by
//!   [`crate::text::phrase`].
//!
//! A `keywords` cell that does not parse, or parses to something other than
//! a list of dicts with a string `name`, is **skipped and counted** — that
//! movie just has no keywords from this file — and the first few such cells
//! are kept as [`IngestError::Malformed`] naming file, line and field, for the
//! build summary. One bad cell among 46k should not stop a build; a missing
//! column, a non-numeric id or an unreadable file still does.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use super::pyliteral::{self, PyValue};
use super::{CellError, CsvFile, IngestError};

/// How many malformed cells are kept as examples (all are counted).
pub const MAX_EXAMPLES: usize = 5;

/// Keywords per TMDB id, with what was read and skipped.
#[derive(Debug, Default)]
pub struct Keywords {
    /// Keyword names per TMDB id, in file order, exact duplicates removed.
    pub by_tmdb: HashMap<u32, Vec<String>>,
    /// Counts.
    pub stats: KeywordStats,
}

/// What [`read_keywords`] read and skipped (rows).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct KeywordStats {
    /// Data rows in the file.
    pub rows: u64,
    /// Rows whose id was already seen (merged into the first).
    pub repeated_ids: u64,
    /// Rows whose `keywords` cell did not parse (skipped).
    pub malformed: u64,
    /// Dicts in a list without a string `name` (skipped).
    pub unnamed: u64,
    /// The first [`MAX_EXAMPLES`] malformed cells, as messages naming file,
    /// line and field ([`IngestError::Malformed`]).
    pub examples: Vec<String>,
}

#[derive(Deserialize)]
struct Record {
    id: u32,
    keywords: String,
}

/// Reads a keywords file (see the module docs for what is skipped).
pub fn read_keywords(path: &Path) -> Result<Keywords, IngestError> {
    let mut file = CsvFile::open(path, &["id", "keywords"])?;
    let mut out = Keywords::default();
    while let Some((pos, rec)) = file.next_row::<Record>()? {
        out.stats.rows += 1;
        let names = match parse_names(&rec.keywords) {
            Ok((names, unnamed)) => {
                out.stats.unnamed += unnamed;
                names
            }
            Err(message) => {
                out.stats.malformed += 1;
                if out.stats.examples.len() < MAX_EXAMPLES {
                    out.stats.examples.push(
                        file.cell_error(pos, "keywords", CellError::Malformed(message))
                            .to_string(),
                    );
                }
                continue;
            }
        };
        match out.by_tmdb.entry(rec.id) {
            std::collections::hash_map::Entry::Occupied(mut e) => {
                out.stats.repeated_ids += 1;
                let list = e.get_mut();
                for n in names {
                    if !list.contains(&n) {
                        list.push(n);
                    }
                }
            }
            std::collections::hash_map::Entry::Vacant(e) => {
                let mut list: Vec<String> = Vec::with_capacity(names.len());
                for n in names {
                    if !list.contains(&n) {
                        list.push(n);
                    }
                }
                e.insert(list);
            }
        }
    }
    Ok(out)
}

/// The `name`s of a Python literal list of dicts, and how many dicts had no
/// string name. An empty cell is an empty list.
pub fn parse_names(cell: &str) -> Result<(Vec<String>, u64), String> {
    if cell.trim().is_empty() {
        return Ok((Vec::new(), 0));
    }
    let value = pyliteral::parse(cell)
        .map_err(|e| format!("not a Python list of {{'id', 'name'}} records ({e})"))?;
    let PyValue::List(items) = value else {
        return Err("not a list of {'id', 'name'} records".into());
    };
    let mut names = Vec::with_capacity(items.len());
    let mut unnamed = 0;
    for item in items {
        match item {
            PyValue::Dict(map) => match map.get("name").and_then(PyValue::as_str) {
                Some(name) => names.push(name.to_string()),
                None => unnamed += 1,
            },
            _ => return Err("a list item is not an {'id', 'name'} record".into()),
        }
    }
    Ok((names, unnamed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_a_cell() {
        let (names, unnamed) = parse_names(
            r#"[{'id': 931, 'name': 'jealousy'}, {'id': 1, 'name': "children's book"}, {'id': 2}]"#,
        )
        .unwrap();
        assert_eq!(names, vec!["jealousy", "children's book"]);
        assert_eq!(unnamed, 1);
        assert_eq!(parse_names("[]").unwrap(), (vec![], 0));
        assert_eq!(parse_names("").unwrap(), (vec![], 0));
        assert!(parse_names("[{'id': 1, 'name': 'x'").is_err());
        assert!(parse_names("{'id': 1}").is_err());
        assert!(parse_names("[1, 2]").is_err());
    }
}
