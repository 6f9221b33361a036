//! TMDB 5000's `tmdb_5000_movies.csv`: overview, tagline, genres, keywords,
//! release date, popularity and vote count for 4,803 movies, keyed by TMDB id.
//!
//! `genres` and `keywords` are JSON arrays of `{"id": …, "name": …}` inside
//! CSV fields (parsed with serde_json). Quirks of the real file: three
//! overviews contain a bare CR inside their quoted field (the CSV reader
//! keeps it as text; the tokeniser treats it as a space) and four overviews
//! are empty (the movie keeps its other fields).
//!
//! Same policy as [`super::keywords`]: a `genres` or `keywords` cell that is
//! not such a JSON array is **skipped and counted** — the movie keeps its
//! overview and other fields — and the first few are kept as
//! [`IngestError::Malformed`] naming file, line and field. A repeated TMDB id
//! keeps its first row and is counted. Structural problems (missing column,
//! non-numeric id, popularity or vote count) stop the build.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use super::{CellError, CsvFile, IngestError};

/// How many malformed cells are kept as examples (all are counted).
pub const MAX_EXAMPLES: usize = 5;

/// One TMDB 5000 movie, its JSON fields parsed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TmdbMovie {
    /// TMDB id.
    pub tmdb_id: u32,
    /// TMDB's title (for messages; MovieLens titles are shown).
    pub title: String,
    /// Plot summary; may be empty.
    pub overview: String,
    /// Tag line; often empty.
    pub tagline: String,
    /// Genre names ("Science Fiction").
    pub genres: Vec<String>,
    /// Keyword names ("space travel").
    pub keywords: Vec<String>,
    /// Release year from `release_date` ("2009-12-10" → 2009), if any.
    pub year: Option<u16>,
    /// TMDB popularity score (unitless), if given.
    pub popularity: Option<f32>,
    /// Number of TMDB votes, if given.
    pub vote_count: Option<u32>,
}

/// The file's movies by TMDB id, with counts.
#[derive(Debug, Default)]
pub struct Tmdb {
    /// Movies by TMDB id.
    pub by_tmdb: HashMap<u32, TmdbMovie>,
    /// Counts.
    pub stats: TmdbStats,
}

/// What [`read_tmdb`] read and skipped (rows or cells).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TmdbStats {
    /// Data rows in the file.
    pub rows: u64,
    /// Rows whose TMDB id was already seen (skipped).
    pub repeated_ids: u64,
    /// Rows with an empty overview (kept).
    pub empty_overviews: u64,
    /// `genres` or `keywords` cells that are not a JSON list of records (skipped).
    pub malformed: u64,
    /// The first [`MAX_EXAMPLES`] malformed cells, as messages naming file,
    /// line and field ([`IngestError::Malformed`]).
    pub examples: Vec<String>,
}

#[derive(Deserialize)]
struct Record {
    id: u32,
    #[serde(default)]
    title: String,
    overview: String,
    tagline: String,
    genres: String,
    keywords: String,
    release_date: String,
    popularity: Option<f32>,
    vote_count: Option<u32>,
}

#[derive(Deserialize)]
struct Named {
    name: String,
}

/// Reads `tmdb_5000_movies.csv` (see the module docs for what is skipped).
pub fn read_tmdb(path: &Path) -> Result<Tmdb, IngestError> {
    let mut file = CsvFile::open(
        path,
        &[
            "id",
            "overview",
            "tagline",
            "genres",
            "keywords",
            "release_date",
            "popularity",
            "vote_count",
        ],
    )?;
    let mut out = Tmdb::default();
    while let Some((pos, rec)) = file.next_row::<Record>()? {
        out.stats.rows += 1;
        if out.by_tmdb.contains_key(&rec.id) {
            out.stats.repeated_ids += 1;
            continue;
        }
        let mut lists = [Vec::new(), Vec::new()];
        for (slot, (field, cell)) in lists
            .iter_mut()
            .zip([("genres", &rec.genres), ("keywords", &rec.keywords)])
        {
            match json_names(cell) {
                Ok(names) => *slot = names,
                Err(message) => {
                    out.stats.malformed += 1;
                    if out.stats.examples.len() < MAX_EXAMPLES {
                        out.stats.examples.push(
                            file.cell_error(pos, field, CellError::Malformed(message))
                                .to_string(),
                        );
                    }
                }
            }
        }
        let [genres, keywords] = lists;
        if rec.overview.trim().is_empty() {
            out.stats.empty_overviews += 1;
        }
        out.by_tmdb.insert(
            rec.id,
            TmdbMovie {
                tmdb_id: rec.id,
                title: rec.title,
                overview: rec.overview,
                tagline: rec.tagline,
                genres,
                keywords,
                year: year_of(&rec.release_date),
                popularity: rec.popularity.filter(|p| p.is_finite()),
                vote_count: rec.vote_count,
            },
        );
    }
    Ok(out)
}

/// The `name`s of a JSON list of `{"id", "name"}` records; an empty cell is
/// an empty list.
pub fn json_names(cell: &str) -> Result<Vec<String>, String> {
    if cell.trim().is_empty() {
        return Ok(Vec::new());
    }
    serde_json::from_str::<Vec<Named>>(cell)
        .map(|v| v.into_iter().map(|n| n.name).collect())
        .map_err(|e| format!("not a JSON list of {{\"id\", \"name\"}} records ({e})"))
}

/// The year of a "YYYY-MM-DD" date, if it starts with four digits.
fn year_of(date: &str) -> Option<u16> {
    let y = date.get(..4)?;
    y.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| y.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lists_and_dates() {
        assert_eq!(
            json_names(r#"[{"id": 28, "name": "Action"}, {"id": 878, "name": "Science Fiction"}]"#)
                .unwrap(),
            vec!["Action", "Science Fiction"]
        );
        assert_eq!(json_names("[]").unwrap(), Vec::<String>::new());
        assert_eq!(json_names("").unwrap(), Vec::<String>::new());
        let err = json_names(r#"[{"id": 28, "name": "Action"}"#).unwrap_err();
        assert!(err.starts_with("not a JSON list"), "{err}");
        assert!(json_names("[{'id': 1, 'name': 'x'}]").is_err());
        assert_eq!(year_of("2009-12-10"), Some(2009));
        assert_eq!(year_of(""), None);
        assert_eq!(year_of("n/a"), None);
    }
}
