//! Clean and join the metadata sources onto the MovieLens catalogue: one
//! [`MovieMeta`] per movie, in catalogue order, and [`JoinStats`] saying what
//! was joined, what was missing and what was dropped, per reason.
//!
//! The catalogue (`movies.csv`) is the source of truth: every movie gets a
//! record, whatever the other files hold. TMDB 5000 rows and keyword rows
//! are joined through the movie's tmdbId from `links.csv`; rows whose TMDB id
//! no catalogue movie has are dropped and counted, and a movie without a
//! tmdbId simply gets no TMDB data. Two MovieLens movies may share one TMDB
//! id (ml-latest-small has one such pair): both get its data.
//!
//! Cleaning: genres come from MovieLens (complete, one taxonomy for every
//! movie; TMDB's genres are parsed but left out as a duplicate signal); the
//! year from the MovieLens title, else from TMDB's release date; keywords are
//! the union of TMDB 5000's and `keywords.csv`'s, normalised with
//! [`text::phrase`] and de-duplicated by [`text::phrase_key`]; the text is the
//! overview and tagline.

use std::collections::HashSet;

use crate::clean;
use crate::ingest::keywords::Keywords;
use crate::ingest::tags::{MovieTags, Tags};
use crate::ingest::tmdb::Tmdb;
use crate::ingest::MovieRow;
use crate::text;

/// Everything the content model knows about one movie.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MovieMeta {
    /// Display title without the year ("The Dark Knight Rises").
    pub title: String,
    /// MovieLens genre names.
    pub genres: Vec<String>,
    /// Release year: MovieLens title, else TMDB release date.
    pub year: Option<u16>,
    /// Overview and tagline, one paragraph each; empty when unknown.
    pub text: String,
    /// Keywords, normalised and de-duplicated, in source order.
    pub keywords: Vec<String>,
    /// User tags with their number of users, most used first.
    pub tags: MovieTags,
}

/// What the join used, missed and dropped (movies or rows, as named).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JoinStats {
    /// Movies in the catalogue.
    pub movies: u64,
    /// Movies without a tmdbId in `links.csv` (no TMDB data possible).
    pub without_tmdb_id: u64,
    /// Whether a TMDB 5000 file was read.
    pub tmdb_used: bool,
    /// Movies that got a TMDB 5000 row.
    pub tmdb_joined: u64,
    /// TMDB 5000 rows whose id no catalogue movie has (dropped).
    pub tmdb_rows_unmatched: u64,
    /// Joined movies whose TMDB overview is empty.
    pub tmdb_empty_overview: u64,
    /// Whether a keywords file was read.
    pub keywords_used: bool,
    /// Movies that got a `keywords.csv` row (possibly an empty list).
    pub keywords_joined: u64,
    /// Keyword ids no catalogue movie has (dropped).
    pub keyword_ids_unmatched: u64,
    /// Whether `tags.csv` was read.
    pub tags_used: bool,
    /// Movies with at least one tag.
    pub with_tags: u64,
    /// Movies whose year came from TMDB (none in the MovieLens title).
    pub year_from_tmdb: u64,
    /// Movies with an overview or tagline.
    pub with_text: u64,
    /// Movies with at least one keyword (any source).
    pub with_keywords: u64,
    /// Movies with no text, keyword or tag: title words, genres and decade only.
    pub genres_decade_only: u64,
    /// Movies with no genre, year, text, keyword or tag: title words only.
    pub title_only: u64,
}

/// Joins the sources onto `movies` (catalogue order); any source may be
/// absent.
pub fn join(
    movies: &[MovieRow],
    tmdb: Option<&Tmdb>,
    keywords: Option<&Keywords>,
    tags: Option<&Tags>,
) -> (Vec<MovieMeta>, JoinStats) {
    let mut stats = JoinStats {
        movies: movies.len() as u64,
        tmdb_used: tmdb.is_some(),
        keywords_used: keywords.is_some(),
        tags_used: tags.is_some(),
        ..JoinStats::default()
    };
    let linked: HashSet<u32> = movies.iter().filter_map(|m| m.tmdb_id).collect();
    if let Some(t) = tmdb {
        stats.tmdb_rows_unmatched =
            t.by_tmdb.keys().filter(|id| !linked.contains(id)).count() as u64;
    }
    if let Some(k) = keywords {
        stats.keyword_ids_unmatched =
            k.by_tmdb.keys().filter(|id| !linked.contains(id)).count() as u64;
    }

    let mut out = Vec::with_capacity(movies.len());
    for (index, row) in movies.iter().enumerate() {
        let (title, year) = clean::title_and_year(&row.title);
        let mut meta = MovieMeta {
            title,
            genres: clean::genres(&row.genres)
                .into_iter()
                .map(str::to_string)
                .collect(),
            year,
            ..MovieMeta::default()
        };
        if row.tmdb_id.is_none() {
            stats.without_tmdb_id += 1;
        }
        let mut seen_keys = HashSet::new();
        let mut add_keyword = |meta: &mut MovieMeta, raw: &str| {
            let display = text::phrase(raw);
            let key = text::phrase_key(raw);
            if !key.is_empty() && seen_keys.insert(key) {
                meta.keywords.push(display);
            }
        };
        if let Some(t) = row.tmdb_id.and_then(|id| tmdb?.by_tmdb.get(&id)) {
            stats.tmdb_joined += 1;
            if t.overview.trim().is_empty() {
                stats.tmdb_empty_overview += 1;
            }
            meta.text = [t.overview.trim(), t.tagline.trim()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("\n");
            if meta.year.is_none() && t.year.is_some() {
                meta.year = t.year;
                stats.year_from_tmdb += 1;
            }
            for k in &t.keywords {
                add_keyword(&mut meta, k);
            }
        }
        if let Some(list) = row.tmdb_id.and_then(|id| keywords?.by_tmdb.get(&id)) {
            stats.keywords_joined += 1;
            for k in list {
                add_keyword(&mut meta, k);
            }
        }
        if let Some(t) = tags {
            meta.tags = t.by_movie.get(index).cloned().unwrap_or_default();
        }

        let has_text = !meta.text.is_empty();
        let has_words = has_text || !meta.keywords.is_empty() || !meta.tags.is_empty();
        stats.with_text += u64::from(has_text);
        stats.with_keywords += u64::from(!meta.keywords.is_empty());
        stats.with_tags += u64::from(!meta.tags.is_empty());
        if !has_words {
            if meta.genres.is_empty() && meta.year.is_none() {
                stats.title_only += 1;
            } else {
                stats.genres_decade_only += 1;
            }
        }
        out.push(meta);
    }
    (out, stats)
}
