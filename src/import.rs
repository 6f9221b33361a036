//! Importing a viewing history: an IMDb ratings export or a Letterboxd
//! `ratings.csv`, parsed in the browser and matched to the catalogue.
//!
//! - IMDb: `Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,
//!   IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors`
//!   — `Const` is the IMDb id ("tt0114709"), `Your Rating` 1–10.
//! - Letterboxd: `Date,Name,Year,Letterboxd URI,Rating` — `Rating` 0.5–5.
//!
//! Columns are found by their header names, not positions, so a reordered
//! or extended export still reads. A row is matched by IMDb id
//! ([`crate::blob::Movie::imdb_id`], from MovieLens `links.csv`), else by
//! normalised title + year: folded like search ([`crate::fold::fold`]),
//! leading articles ignored ("The", "Le", "Die", …), each alternative title
//! of the catalogue ("The City of Lost Children (La Cité des enfants
//! perdus)") tried too, and a year off by one accepted when nothing matches
//! exactly (release dates differ between sources).
//!
//! The CSV reader is a small RFC 4180 parser ([`parse_csv`]) rather than
//! the `csv` crate: both exports are plain UTF-8 with quoted fields, which
//! is all it has to handle (quotes, doubled quotes, commas and newlines
//! inside quotes, CRLF, a byte-order mark), and it keeps the wasm download
//! and the dependency tree as they are. Shared core: no web dependency.

use std::collections::HashMap;

use crate::blob::Blob;
use crate::fold::fold;

/// Most rows read from one file (items); the rest are ignored and counted.
pub const MAX_ROWS: usize = 50_000;

/// Where an export comes from; decides the rating scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// IMDb "Your ratings" export: ratings 1–10.
    Imdb,
    /// Letterboxd `ratings.csv`: ratings 0.5–5 stars.
    Letterboxd,
}

impl Source {
    /// Display name ("IMDb").
    pub fn name(self) -> &'static str {
        match self {
            Source::Imdb => "IMDb",
            Source::Letterboxd => "Letterboxd",
        }
    }

    /// The rating from which a film counts as liked by default (source scale).
    pub fn default_threshold(self) -> f32 {
        match self {
            Source::Imdb => 8.0,
            Source::Letterboxd => 4.0,
        }
    }

    /// The thresholds offered to the visitor, lowest first (source scale).
    pub fn thresholds(self) -> &'static [f32] {
        match self {
            Source::Imdb => &[5.0, 6.0, 7.0, 8.0, 9.0, 10.0],
            Source::Letterboxd => &[2.5, 3.0, 3.5, 4.0, 4.5, 5.0],
        }
    }

    /// A rating as people write it on that site: "8/10", "4★", "3.5★".
    pub fn format_rating(self, rating: f32) -> String {
        match self {
            Source::Imdb => format!("{rating}/10"),
            Source::Letterboxd => format!("{rating}★"),
        }
    }
}

/// One rated film of an export.
#[derive(Debug, Clone, PartialEq)]
pub struct RatedFilm {
    /// The number of the IMDb id ("tt0114709" → 114709), if the row has one.
    pub imdb_id: Option<u32>,
    /// The title as the export gives it.
    pub title: String,
    /// Another title to try (IMDb's "Original Title"), if different.
    pub original_title: Option<String>,
    /// Release year, if given.
    pub year: Option<u16>,
    /// The visitor's rating on the source's scale (see [`Source`]).
    pub rating: f32,
}

impl RatedFilm {
    /// "Title (1999)" for lists of unmatched films.
    pub fn label(&self) -> String {
        match self.year {
            Some(y) => format!("{} ({y})", self.title),
            None => self.title.clone(),
        }
    }
}

/// A parsed export.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    pub source: Source,
    /// The rated films, in file order.
    pub films: Vec<RatedFilm>,
    /// Rows that had no usable rating or title, or were past [`MAX_ROWS`]
    /// (items).
    pub skipped: usize,
}

/// Why a file could not be read as an export. Messages are for the visitor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("the file is empty")]
    Empty,
    #[error(
        "this does not look like an IMDb ratings export or a Letterboxd ratings.csv \
         (the first line has no “Const” and “Your Rating”, nor “Name”, “Year” and “Rating” columns)"
    )]
    UnknownFormat,
    #[error("the file ends inside a quoted field (line {0}); is it complete?")]
    UnclosedQuote(usize),
}

/// Splits CSV text into records of fields (RFC 4180): fields separated by
/// commas, records by LF or CRLF; a field in double quotes may hold commas,
/// newlines and doubled quotes (`""` → `"`). A leading byte-order mark is
/// ignored, blank lines are skipped.
pub fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut in_quotes = false;
    let mut line = 1;
    let mut quote_line = 0;
    // True once the current record has any content (so blank lines vanish).
    let mut started = false;
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' => {
                in_quotes = true;
                quote_line = line;
                started = true;
            }
            ',' => {
                record.push(std::mem::take(&mut field));
                started = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                line += 1;
                if started || !field.is_empty() {
                    record.push(std::mem::take(&mut field));
                    records.push(std::mem::take(&mut record));
                }
                started = false;
            }
            _ => {
                field.push(c);
                started = true;
            }
        }
    }
    if in_quotes {
        return Err(ImportError::UnclosedQuote(quote_line));
    }
    if started || !field.is_empty() {
        record.push(field);
        records.push(record);
    }
    Ok(records)
}

/// Reads an IMDb or Letterboxd export, recognised by its header line.
pub fn parse_export(text: &str) -> Result<Export, ImportError> {
    let mut records = parse_csv(text)?.into_iter();
    let header = records.next().ok_or(ImportError::Empty)?;
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let (source, cols) = if let (Some(id), Some(rating)) = (column("Const"), column("Your Rating"))
    {
        (
            Source::Imdb,
            Columns {
                imdb: Some(id),
                title: column("Title"),
                original: column("Original Title"),
                year: column("Year"),
                rating,
            },
        )
    } else if let (Some(title), Some(rating)) = (column("Name"), column("Rating")) {
        (
            Source::Letterboxd,
            Columns {
                imdb: None,
                title: Some(title),
                original: None,
                year: column("Year"),
                rating,
            },
        )
    } else {
        return Err(ImportError::UnknownFormat);
    };
    let mut films = Vec::new();
    let mut skipped = 0;
    for record in records {
        if films.len() >= MAX_ROWS {
            skipped += 1;
            continue;
        }
        match cols.read(&record) {
            Some(film) => films.push(film),
            None => skipped += 1,
        }
    }
    Ok(Export {
        source,
        films,
        skipped,
    })
}

/// Positions of the columns an export is read from.
struct Columns {
    imdb: Option<usize>,
    title: Option<usize>,
    original: Option<usize>,
    year: Option<usize>,
    rating: usize,
}

impl Columns {
    fn read(&self, record: &[String]) -> Option<RatedFilm> {
        let get = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
        };
        let rating: f32 = get(Some(self.rating))?.parse().ok()?;
        if !rating.is_finite() || rating <= 0.0 {
            return None;
        }
        let imdb_id = get(self.imdb).and_then(parse_imdb_id);
        let title = get(self.title).unwrap_or_default().to_string();
        if title.is_empty() && imdb_id.is_none() {
            return None;
        }
        let original_title = get(self.original)
            .filter(|o| *o != title)
            .map(str::to_string);
        let year = get(self.year).and_then(|y| y.parse().ok());
        Some(RatedFilm {
            imdb_id,
            title,
            original_title,
            year,
            rating,
        })
    }
}

/// The number of an IMDb id: "tt0114709" → 114709 (also a bare "114709").
pub fn parse_imdb_id(text: &str) -> Option<u32> {
    let t = text.trim();
    let digits = t.strip_prefix("tt").unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Leading articles ignored when matching titles (folded, as whole words;
/// elided forms such as "L'" fold into the next word and are not listed).
const ARTICLES: &[&str] = &[
    "the", "a", "an", "le", "la", "les", "l", "un", "une", "il", "lo", "gli", "el", "los", "las",
    "der", "die", "das", "den", "det", "de", "het", "o", "os", "as",
];

/// A title as matched: folded ([`fold`]) with one leading article removed
/// (only if words follow). "The Godfather" and "Godfather" → "godfather".
pub fn title_key(title: &str) -> String {
    let folded = fold(title);
    if let Some((first, rest)) = folded.split_once(' ') {
        if ARTICLES.contains(&first) {
            return rest.to_string();
        }
    }
    // "L'Ours" folds to "lours": elided articles.
    for elided in ["l'", "l’"] {
        if let Some(rest) = title.trim().get(..elided.len()) {
            if rest.eq_ignore_ascii_case(elided) {
                return fold(&title.trim()[elided.len()..]);
            }
        }
    }
    folded
}

/// The keys of a catalogue title: the whole title, the main title before any
/// parenthesised alternatives, and each alternative ("a.k.a." removed).
fn catalogue_keys(title: &str) -> Vec<String> {
    let mut keys = vec![title_key(title)];
    if let Some(open) = title.find(" (") {
        keys.push(title_key(&title[..open]));
        for alt in title[open..].split(['(', ')']) {
            let alt = alt.trim();
            let alt = alt.strip_prefix("a.k.a. ").unwrap_or(alt);
            if !alt.is_empty() {
                keys.push(title_key(alt));
            }
        }
    }
    keys.retain(|k| !k.is_empty());
    keys.dedup();
    keys
}

/// How an imported film was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchedBy {
    ImdbId,
    TitleAndYear,
}

/// An imported film and the catalogue movie it matched.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub film: RatedFilm,
    /// Catalogue index of the movie.
    pub index: u32,
    pub by: MatchedBy,
}

/// The outcome of matching an export against the catalogue.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchReport {
    pub source: Source,
    /// Films found in the catalogue, in file order.
    pub matched: Vec<Match>,
    /// Films not found, in file order.
    pub unmatched: Vec<RatedFilm>,
    /// Rows skipped while parsing (see [`Export::skipped`]).
    pub skipped: usize,
}

impl MatchReport {
    /// MovieLens movieIds of the matched films rated at or above `threshold`
    /// (source scale), in file order, without duplicates.
    pub fn liked_ids(&self, blob: &Blob, threshold: f32) -> Vec<u32> {
        let mut ids: Vec<u32> = Vec::new();
        for m in self.matched.iter().filter(|m| m.film.rating >= threshold) {
            if let Some(movie) = blob.movies.get(m.index as usize) {
                if !ids.contains(&movie.movie_id) {
                    ids.push(movie.movie_id);
                }
            }
        }
        ids
    }
}

/// Finds catalogue movies by IMDb id and by normalised title + year.
pub struct Matcher<'a> {
    blob: &'a Blob,
    by_imdb: HashMap<u32, u32>,
    by_title: HashMap<String, Vec<u32>>,
}

impl<'a> Matcher<'a> {
    /// Indexes the catalogue (one pass; ≈ a few ms per 10k movies).
    pub fn new(blob: &'a Blob) -> Self {
        let mut by_imdb = HashMap::new();
        let mut by_title: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, movie) in blob.movies.iter().enumerate() {
            let i = i as u32;
            if let Some(id) = movie.imdb_id {
                by_imdb.entry(id).or_insert(i);
            }
            for key in catalogue_keys(&movie.title) {
                let list = by_title.entry(key).or_default();
                if !list.contains(&i) {
                    list.push(i);
                }
            }
        }
        Matcher {
            blob,
            by_imdb,
            by_title,
        }
    }

    /// The catalogue index of a film and how it was found, if it is there.
    pub fn find(&self, film: &RatedFilm) -> Option<(u32, MatchedBy)> {
        if let Some(&i) = film.imdb_id.and_then(|id| self.by_imdb.get(&id)) {
            return Some((i, MatchedBy::ImdbId));
        }
        let titles = std::iter::once(&film.title).chain(film.original_title.as_ref());
        for title in titles {
            if let Some(i) = self.by_title_and_year(&title_key(title), film.year) {
                return Some((i, MatchedBy::TitleAndYear));
            }
        }
        None
    }

    fn by_title_and_year(&self, key: &str, year: Option<u16>) -> Option<u32> {
        let candidates = self.by_title.get(key)?;
        let year_of = |i: &u32| self.blob.movies[*i as usize].year;
        let Some(year) = year else {
            // No year: only an unambiguous title.
            return match candidates.as_slice() {
                [only] => Some(*only),
                _ => None,
            };
        };
        if let Some(&i) = candidates.iter().find(|i| year_of(i) == Some(year)) {
            return Some(i);
        }
        let near: Vec<u32> = candidates
            .iter()
            .copied()
            .filter(|i| year_of(i).is_some_and(|y| y.abs_diff(year) == 1))
            .collect();
        match near.as_slice() {
            [only] => Some(*only),
            _ => None,
        }
    }

    /// Matches every film of an export.
    pub fn match_export(&self, export: Export) -> MatchReport {
        let mut matched = Vec::new();
        let mut unmatched = Vec::new();
        for film in export.films {
            match self.find(&film) {
                Some((index, by)) => matched.push(Match { film, index, by }),
                None => unmatched.push(film),
            }
        }
        MatchReport {
            source: export.source,
            matched,
            unmatched,
            skipped: export.skipped,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_newlines_crlf_and_bom() {
        let text = "\u{feff}a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n\r\n1,,3";
        assert_eq!(
            parse_csv(text).unwrap(),
            vec![
                vec!["a", "b", "c"],
                vec!["x, y", "say \"hi\"", "two\nlines"],
                vec!["1", "", "3"],
            ]
        );
        assert_eq!(parse_csv("a,\"b\nc"), Err(ImportError::UnclosedQuote(1)));
    }

    #[test]
    fn title_keys_ignore_articles() {
        assert_eq!(title_key("The Godfather"), "godfather");
        assert_eq!(title_key("Godfather, The"), "godfather the");
        assert_eq!(title_key("Amélie"), "amelie");
        assert_eq!(title_key("L'Ours"), "ours");
        assert_eq!(title_key("The"), "the");
        assert_eq!(
            catalogue_keys("The City of Lost Children (La Cité des enfants perdus)"),
            vec![
                "city of lost children la cite des enfants perdus",
                "city of lost children",
                "cite des enfants perdus"
            ]
        );
    }

    #[test]
    fn imdb_ids() {
        assert_eq!(parse_imdb_id("tt0114709"), Some(114709));
        assert_eq!(parse_imdb_id("114709"), Some(114709));
        assert_eq!(parse_imdb_id("tt"), None);
        assert_eq!(parse_imdb_id("nm0000123x"), None);
    }
}
