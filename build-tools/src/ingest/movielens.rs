//! The three MovieLens files — `movies.csv`, `links.csv`, `ratings.csv` —
//! read into one [`Dataset`].
//!
//! Each reader streams its file row by row. Fatal problems (a missing file or
//! column, a malformed number, an impossible rating, a movie listed twice)
//! stop the build with an [`IngestError`] naming file, line and column:
//! silently guessing would ship a wrong catalogue. Two kinds of rows are
//! instead skipped and counted in [`IngestStats`], because real exports
//! contain them and they carry no usable information:
//! - a rating or link whose movieId is not in `movies.csv` (the catalogue is
//!   the source of truth; such a rating could never be shown);
//! - a repeated (userId, movieId) rating: handled later by
//!   [`crate::ratings::RatingMatrix`], which keeps the last one in file order.
//!
//! Titles and genres are kept raw here; [`crate::clean`] prepares them for display.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use super::{CellError, CsvFile, IngestError, RowPos};
use crate::progress;
use crate::ratings::RatingTriple;

/// Smallest valid rating (stars).
pub const MIN_RATING: f32 = 0.5;
/// Largest valid rating (stars).
pub const MAX_RATING: f32 = 5.0;

/// One row of `movies.csv`, joined with its `links.csv` row.
#[derive(Debug, Clone, PartialEq)]
pub struct MovieRow {
    /// MovieLens movieId.
    pub movie_id: u32,
    /// Title as written in the file, e.g. "American President, The (1995)".
    pub title: String,
    /// Genres as written, `|`-separated or "(no genres listed)".
    pub genres: String,
    /// IMDb number from `links.csv` (the digits of "tt0114709"), if any.
    pub imdb_id: Option<u32>,
    /// TMDB id from `links.csv`, if any (the column is often empty).
    pub tmdb_id: Option<u32>,
}

/// One row of `links.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct LinkRow {
    /// MovieLens movieId.
    #[serde(rename = "movieId")]
    pub movie_id: u32,
    /// IMDb number; empty → `None`.
    #[serde(rename = "imdbId")]
    pub imdb_id: Option<u32>,
    /// TMDB id; empty → `None`.
    #[serde(rename = "tmdbId")]
    pub tmdb_id: Option<u32>,
}

/// One row of `ratings.csv` (the timestamp column is not needed and not read).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
pub struct RatingRow {
    /// MovieLens userId.
    #[serde(rename = "userId")]
    pub user_id: u32,
    /// MovieLens movieId.
    #[serde(rename = "movieId")]
    pub movie_id: u32,
    /// Rating in stars, checked to be within [`MIN_RATING`]..=[`MAX_RATING`].
    pub rating: f32,
}

#[derive(Deserialize)]
struct MovieRecord {
    #[serde(rename = "movieId")]
    movie_id: u32,
    title: String,
    genres: String,
}

/// Counts of what was read and what was skipped (rows).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngestStats {
    /// Data rows in `movies.csv` (= movies in the catalogue).
    pub movie_rows: u64,
    /// Data rows in `links.csv`.
    pub link_rows: u64,
    /// `links.csv` rows skipped because their movie is not in `movies.csv`.
    pub links_unknown_movie: u64,
    /// Movies with no row in `links.csv`.
    pub movies_without_link: u64,
    /// Movies whose link has no TMDB id.
    pub movies_without_tmdb: u64,
    /// Data rows in `ratings.csv`.
    pub rating_rows: u64,
    /// `ratings.csv` rows skipped because their movie is not in `movies.csv`.
    pub ratings_unknown_movie: u64,
    /// The first such row, as a message naming file, line and field.
    pub first_unknown_movie: Option<String>,
}

/// Everything read from one MovieLens folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// The catalogue sorted by movieId ascending; a movie's position is its
    /// index everywhere downstream (rating matrix, neighbour lists, blob).
    pub movies: Vec<MovieRow>,
    /// Ratings of catalogue movies in file order, `item` = catalogue index,
    /// `user` = raw userId. May still hold repeated (user, movie) pairs.
    pub ratings: Vec<RatingTriple>,
    /// What was read and skipped.
    pub stats: IngestStats,
}

/// Reads `movies.csv`, `links.csv` and `ratings.csv` from `dir`.
pub fn load(dir: &Path) -> Result<Dataset, IngestError> {
    let mut stats = IngestStats::default();

    let mut movies = read_movies(&dir.join("movies.csv"))?;
    stats.movie_rows = movies.len() as u64;
    let ids: Vec<u32> = movies.iter().map(|m| m.movie_id).collect();

    let links_path = dir.join("links.csv");
    let mut linked_at: Vec<Option<RowPos>> = vec![None; movies.len()];
    stats.link_rows = for_each_link(&links_path, |pos, link| {
        let Ok(index) = ids.binary_search(&link.movie_id) else {
            stats.links_unknown_movie += 1;
            return Ok(());
        };
        if let Some(first) = linked_at[index] {
            return Err(IngestError::DuplicateMovie {
                line: pos.line_in(&links_path),
                first_line: first.line_in(&links_path),
                path: links_path.clone(),
                movie_id: link.movie_id,
            });
        }
        linked_at[index] = Some(pos);
        movies[index].imdb_id = link.imdb_id;
        movies[index].tmdb_id = link.tmdb_id;
        Ok(())
    })?;
    stats.movies_without_link = linked_at.iter().filter(|l| l.is_none()).count() as u64;
    stats.movies_without_tmdb = movies.iter().filter(|m| m.tmdb_id.is_none()).count() as u64;

    let ratings_path = dir.join("ratings.csv");
    // About 21 bytes per MovieLens rating row: reserve once rather than
    // grow (growing doubles, and copies, a vector of hundreds of MB).
    let expected_rows = std::fs::metadata(&ratings_path).map_or(0, |m| m.len() / 21);
    let mut ratings = Vec::with_capacity(usize::try_from(expected_rows).unwrap_or(0));
    let index = IdIndex::new(&ids);
    stats.rating_rows = for_each_rating(&ratings_path, |pos, row| {
        match index.get(row.movie_id) {
            Some(index) => ratings.push(RatingTriple {
                user: row.user_id,
                item: index,
                value: row.rating,
            }),
            None => {
                stats.ratings_unknown_movie += 1;
                if stats.first_unknown_movie.is_none() {
                    stats.first_unknown_movie = Some(format!(
                        "{}: line {}, field \"movieId\": movie {} is not in movies.csv",
                        ratings_path.display(),
                        pos.line_in(&ratings_path),
                        row.movie_id
                    ));
                }
            }
        }
        Ok(())
    })?;
    // A catalogue without a single rating would ship a site whose rating
    // neighbours are all empty: refuse rather than build it.
    if stats.rating_rows == 0 {
        return Err(IngestError::NoRows { path: ratings_path });
    }

    Ok(Dataset {
        movies,
        ratings,
        stats,
    })
}

/// Reads `movies.csv` (columns movieId, title, genres) into rows sorted by
/// movieId, with no links yet. A movieId listed twice, an empty title or an
/// empty file is an error.
pub fn read_movies(path: &Path) -> Result<Vec<MovieRow>, IngestError> {
    let mut file = CsvFile::open(path, &["movieId", "title", "genres"])?;
    let mut movies = Vec::new();
    let mut seen_at: HashMap<u32, RowPos> = HashMap::new();
    while let Some((pos, rec)) = file.next_row::<MovieRecord>()? {
        if rec.title.is_empty() {
            return Err(file.cell_error(pos, "title", CellError::Empty));
        }
        if let Some(first) = seen_at.get(&rec.movie_id) {
            return Err(IngestError::DuplicateMovie {
                path: path.to_path_buf(),
                line: pos.line_in(path),
                movie_id: rec.movie_id,
                first_line: first.line_in(path),
            });
        }
        seen_at.insert(rec.movie_id, pos);
        movies.push(MovieRow {
            movie_id: rec.movie_id,
            title: rec.title,
            genres: rec.genres,
            imdb_id: None,
            tmdb_id: None,
        });
    }
    if movies.is_empty() {
        return Err(IngestError::NoRows {
            path: path.to_path_buf(),
        });
    }
    movies.sort_unstable_by_key(|m| m.movie_id);
    Ok(movies)
}

/// Streams `links.csv` (columns movieId, imdbId, tmdbId; empty ids allowed),
/// calling `f(position, row)` for each data row. Returns the number of rows.
pub fn for_each_link(
    path: &Path,
    mut f: impl FnMut(RowPos, LinkRow) -> Result<(), IngestError>,
) -> Result<u64, IngestError> {
    let mut file = CsvFile::open(path, &["movieId", "imdbId", "tmdbId"])?;
    let mut rows = 0;
    while let Some((pos, row)) = file.next_row::<LinkRow>()? {
        rows += 1;
        f(pos, row)?;
    }
    Ok(rows)
}

/// Streams `ratings.csv` (columns userId, movieId, rating; others ignored),
/// calling `f(position, row)` for each data row after checking the rating is
/// a finite number of stars within [`MIN_RATING`]..=[`MAX_RATING`]. Returns
/// the number of rows.
///
/// Rows are parsed by hand on the fast path (plain digits, a decimal
/// rating: every MovieLens row); anything else goes through the general
/// serde path, which accepts the same values and words the errors.
pub fn for_each_rating(
    path: &Path,
    mut f: impl FnMut(RowPos, RatingRow) -> Result<(), IngestError>,
) -> Result<u64, IngestError> {
    let mut file = CsvFile::open(path, &["userId", "movieId", "rating"])?;
    let columns = ["userId", "movieId", "rating"].map(|c| file.column(c).unwrap_or(0));
    let bar = progress::bar(
        &file_label(path),
        std::fs::metadata(path).map_or(0, |m| m.len()),
        progress::Unit::Bytes,
    );
    let mut rows = 0;
    while let Some(pos) = file.next_record()? {
        let row = match fast_rating(file.record(), columns) {
            Some(row) => row,
            None => file.deserialize_current::<RatingRow>(pos)?,
        };
        if rows % (1 << 16) == 0 {
            bar.set_position(file.bytes_read());
        }
        // `contains` is false for NaN, so NaN is rejected here too.
        if !(MIN_RATING..=MAX_RATING).contains(&row.rating) {
            let written = file.raw_field("rating");
            return Err(file.cell_error(pos, "rating", CellError::BadRating(written)));
        }
        rows += 1;
        f(pos, row)?;
    }
    bar.finish_and_clear();
    Ok(rows)
}

/// A rating row whose ids are plain digits and whose rating parses as an
/// `f32` (exactly what the serde path would make of it); `None` for
/// anything else, including a missing field.
fn fast_rating(record: &csv::ByteRecord, [user, movie, rating]: [usize; 3]) -> Option<RatingRow> {
    Some(RatingRow {
        user_id: digits_u32(record.get(user)?)?,
        movie_id: digits_u32(record.get(movie)?)?,
        rating: std::str::from_utf8(record.get(rating)?)
            .ok()?
            .parse()
            .ok()?,
    })
}

/// A `u32` written as 1 to 9 ASCII digits (so it cannot overflow).
fn digits_u32(field: &[u8]) -> Option<u32> {
    if field.is_empty() || field.len() > 9 {
        return None;
    }
    field.iter().try_fold(0u32, |n, &b| {
        b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
    })
}

/// The file name for a progress bar's label.
fn file_label(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| "ratings".into(), |n| n.to_string_lossy().into_owned())
}

/// movieId → catalogue index: a direct table when the ids are dense
/// enough (MovieLens ids are: ML-25M's 62 k movies go up to 209 k), else a
/// binary search over the sorted ids.
enum IdIndex<'a> {
    Dense(Vec<u32>),
    Sorted(&'a [u32]),
}

impl<'a> IdIndex<'a> {
    /// Marks a table slot without a movie.
    const NONE: u32 = u32::MAX;

    fn new(sorted_ids: &'a [u32]) -> Self {
        let max = sorted_ids.last().copied().unwrap_or(0) as usize;
        if max <= 16 * sorted_ids.len() + (1 << 20) {
            let mut table = vec![Self::NONE; max + 1];
            for (index, &id) in sorted_ids.iter().enumerate() {
                table[id as usize] = index as u32;
            }
            IdIndex::Dense(table)
        } else {
            IdIndex::Sorted(sorted_ids)
        }
    }

    fn get(&self, id: u32) -> Option<u32> {
        match self {
            IdIndex::Dense(table) => table.get(id as usize).copied().filter(|&i| i != Self::NONE),
            IdIndex::Sorted(ids) => ids.binary_search(&id).ok().map(|i| i as u32),
        }
    }
}
