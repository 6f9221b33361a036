//! MovieLens `tags.csv`: free-text tags that users put on movies
//! ("pixar", "Highly quotable", "dark hero").
//!
//! Each tag is one feature, whole ([`crate::text::phrase`]), matched
//! case-, accent- and punctuation-insensitively ([`crate::text::phrase_key`])
//! so "Pixar" and "pixar" are one tag. Its count for a movie is the number of
//! distinct users who applied it, so one user repeating a tag does not make
//! it weigh more. Skipped and counted: rows whose movieId is not in
//! `movies.csv`, and tags that are empty after trimming.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use super::{CsvFile, IngestError};
use crate::text;

/// A movie's tags: display form and number of distinct users, most used
/// first (ties in order of first appearance).
pub type MovieTags = Vec<(String, u32)>;

/// Tags per catalogue index, with counts.
#[derive(Debug, Default)]
pub struct Tags {
    /// One list per catalogue movie (same order as the catalogue).
    pub by_movie: Vec<MovieTags>,
    /// Counts.
    pub stats: TagStats,
}

/// What [`read_tags`] read and skipped (rows).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TagStats {
    /// Data rows in the file.
    pub rows: u64,
    /// Rows of movies not in `movies.csv` (skipped).
    pub unknown_movie: u64,
    /// Rows with an empty tag (skipped).
    pub empty: u64,
    /// Rows repeating a (user, movie, tag) already seen (not counted twice).
    pub repeated: u64,
}

#[derive(Deserialize)]
struct Record {
    #[serde(rename = "userId")]
    user_id: u32,
    #[serde(rename = "movieId")]
    movie_id: u32,
    tag: String,
}

/// Reads `tags.csv` for a catalogue whose movieIds, ascending, are `ids`.
pub fn read_tags(path: &Path, ids: &[u32]) -> Result<Tags, IngestError> {
    let mut file = CsvFile::open(path, &["userId", "movieId", "tag"])?;
    let mut stats = TagStats::default();
    // (movie index, tag key) → (display, users)
    let mut seen: HashMap<(u32, String), (usize, Vec<u32>)> = HashMap::new();
    let mut by_movie: Vec<MovieTags> = vec![Vec::new(); ids.len()];
    while let Some((_, rec)) = file.next_row::<Record>()? {
        stats.rows += 1;
        let Ok(index) = ids.binary_search(&rec.movie_id) else {
            stats.unknown_movie += 1;
            continue;
        };
        let display = text::phrase(&rec.tag);
        let key = text::phrase_key(&rec.tag);
        if key.is_empty() {
            stats.empty += 1;
            continue;
        }
        let list = &mut by_movie[index];
        let (slot, users) = seen.entry((index as u32, key)).or_insert_with(|| {
            list.push((display, 0));
            (list.len() - 1, Vec::new())
        });
        if users.contains(&rec.user_id) {
            stats.repeated += 1;
            continue;
        }
        users.push(rec.user_id);
        list[*slot].1 += 1;
    }
    for list in &mut by_movie {
        // Stable: ties keep their order of first appearance.
        list.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    }
    Ok(Tags { by_movie, stats })
}
