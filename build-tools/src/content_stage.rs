//! The content stage of `build`, start to end: read the metadata sources
//! ([`crate::ingest::tmdb`], [`crate::ingest::keywords`], [`crate::ingest::tags`]), join them onto
//! the catalogue ([`join`]), extract and weight features ([`features`],
//! [`crate::vectorize`]), compute every movie's content neighbours
//! ([`content`]) and pick the features that explain them.
//!
//! Each source can be left out ([`ContentArgs`]); one that is asked for but
//! missing or unreadable is an error naming the file. The stage only reads
//! the catalogue, so it can run (and be benchmarked) on its own.
//!
//! No movie is left without neighbours: one that shares no feature with any
//! other (in ml-latest-small, two series with no genre, year, overview,
//! keyword or tag and a one-word title nobody else uses) gets the most
//! popular movies instead, with score 0, counted in the summary as
//! `fallback`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use reelgraph::blob::{ContentInfo, MAX_TOP_FEATURES};

use crate::content;
use crate::features::{self, FieldWeights, TopFeatures, FIELDS};
use crate::ingest::keywords::{self, KeywordStats};
use crate::ingest::tags::{self, TagStats};
use crate::ingest::tmdb::{self, TmdbStats};
use crate::ingest::MovieRow;
use crate::join::{self, JoinStats};
use crate::text::Analyzer;

/// Default TMDB 5000 movies file, relative to the current directory.
pub const DEFAULT_TMDB: &str = "data/tmdb-5000/tmdb_5000_movies.csv";
/// Default keywords file (The Movies Dataset), relative to the current directory.
pub const DEFAULT_KEYWORDS: &str = "data/the-movies-dataset/keywords.csv.gz";
/// Default number of content neighbours kept per movie.
pub const DEFAULT_CONTENT_K: u16 = 20;

/// Inputs of the content stage.
#[derive(Debug, Clone, PartialEq)]
pub struct ContentArgs {
    /// TMDB 5000 `tmdb_5000_movies.csv`; `None` leaves overviews, taglines
    /// and TMDB 5000 keywords out.
    pub tmdb: Option<PathBuf>,
    /// The Movies Dataset `keywords.csv` (or `.csv.gz`); `None` leaves it out.
    pub keywords: Option<PathBuf>,
    /// Whether to read `tags.csv` from the MovieLens folder.
    pub tags: bool,
    /// Content neighbours kept per movie (1..=`build::MAX_K`).
    pub k: u16,
    /// Field weights.
    pub weights: FieldWeights,
}

impl Default for ContentArgs {
    fn default() -> Self {
        ContentArgs {
            tmdb: Some(DEFAULT_TMDB.into()),
            keywords: Some(DEFAULT_KEYWORDS.into()),
            tags: true,
            k: DEFAULT_CONTENT_K,
            weights: FieldWeights::default(),
        }
    }
}

impl ContentArgs {
    /// Genres and decade only: no metadata file is read. Useful for data
    /// folders without TMDB files, and in tests.
    pub fn catalogue_only(k: u16) -> Self {
        ContentArgs {
            tmdb: None,
            keywords: None,
            tags: false,
            k,
            weights: FieldWeights::default(),
        }
    }
}

/// Wall time of the content stage's steps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ContentTimings {
    /// Reading the metadata files and joining them.
    pub ingest: Duration,
    /// Tokenising, stemming, TF-IDF, and picking explanation features.
    pub features: Duration,
    /// Content neighbours.
    pub neighbours: Duration,
}

impl ContentTimings {
    /// The whole stage.
    pub fn total(&self) -> Duration {
        self.ingest + self.features + self.neighbours
    }
}

/// What the content stage produced and counted.
#[derive(Debug, Clone)]
pub struct ContentStage {
    /// Neighbours per movie (catalogue order), `(index, similarity)` best first.
    pub lists: Vec<Vec<(u32, f32)>>,
    /// Movies that shared no feature with any other and got the popularity
    /// fallback.
    pub fallback: usize,
    /// Explanation vocabulary and per-movie feature ids.
    pub top: TopFeatures,
    /// Field weights used.
    pub weights: FieldWeights,
    /// Distinct terms per field, in [`FIELDS`] order.
    pub terms_per_field: Vec<usize>,
    /// Non-zero entries of the TF-IDF matrix (all movies together).
    pub nonzeros: usize,
    /// What the join used, missed and dropped.
    pub join: JoinStats,
    /// TMDB 5000 reader counts, if read.
    pub tmdb: Option<TmdbStats>,
    /// Keywords reader counts, if read.
    pub keywords: Option<KeywordStats>,
    /// Tags reader counts, if read.
    pub tags: Option<TagStats>,
    /// Wall time per step.
    pub timings: ContentTimings,
}

impl ContentStage {
    /// The blob record of this stage: weights, explanation vocabulary and
    /// per-movie feature lists.
    pub fn info(&self) -> ContentInfo {
        ContentInfo::from_lists(
            self.weights.pairs(),
            self.top.vocabulary.clone(),
            &self.top.lists,
        )
    }
}

/// Runs the content stage for the catalogue `movies` (sorted by movieId, as
/// [`crate::ingest::load`] returns them); `data` is the MovieLens folder
/// (for `tags.csv`); `popularity[i]` ranks movie `i` for the fallback (e.g.
/// its number of ratings; missing entries count as 0).
pub fn run(
    movies: &[MovieRow],
    data: &Path,
    args: &ContentArgs,
    popularity: &[u32],
) -> Result<ContentStage> {
    args.weights
        .check()
        .map_err(|e| anyhow::anyhow!("invalid content weights: {e}"))?;
    let bar = crate::progress::spinner("content");
    bar.set_message("reading metadata");
    let started = Instant::now();
    let tmdb = match &args.tmdb {
        Some(path) => Some(
            tmdb::read_tmdb(path).context("cannot read the TMDB 5000 data (or pass --no-tmdb)")?,
        ),
        None => None,
    };
    let keywords = match &args.keywords {
        Some(path) => Some(
            keywords::read_keywords(path)
                .context("cannot read the keywords (or pass --no-keywords)")?,
        ),
        None => None,
    };
    let tags = if args.tags {
        let ids: Vec<u32> = movies.iter().map(|m| m.movie_id).collect();
        Some(
            tags::read_tags(&data.join("tags.csv"), &ids)
                .context("cannot read the MovieLens tags (or pass --no-tags)")?,
        )
    } else {
        None
    };
    let (metas, join) = join::join(movies, tmdb.as_ref(), keywords.as_ref(), tags.as_ref());
    let ingest = started.elapsed();

    bar.set_message("tokenising and weighting features");
    let started = Instant::now();
    let fields = features::extract(&metas, &Analyzer::new());
    let matrix = features::vectorize(&fields, &args.weights);
    let mut features_time = started.elapsed();

    bar.set_message("content neighbours");
    let started = Instant::now();
    let mut lists = content::cosine_top_k(&matrix, usize::from(args.k));
    let fallback = fill_empty(&mut lists, popularity, usize::from(args.k));
    let neighbours = started.elapsed();

    let started = Instant::now();
    let top = features::top_features(&fields, &matrix, &lists, usize::from(MAX_TOP_FEATURES));
    features_time += started.elapsed();
    bar.finish_and_clear();

    Ok(ContentStage {
        lists,
        fallback,
        top,
        weights: args.weights,
        terms_per_field: fields.iter().map(|f| f.n_terms()).collect(),
        nonzeros: matrix.nnz(),
        join,
        tmdb: tmdb.map(|t| t.stats),
        keywords: keywords.map(|k| k.stats),
        tags: tags.map(|t| t.stats),
        timings: ContentTimings {
            ingest,
            features: features_time,
            neighbours,
        },
    })
}

/// What a content stage did, for the build summary (no neighbour lists).
#[derive(Debug, Clone, PartialEq)]
pub struct ContentReport {
    /// Neighbours per movie requested.
    pub k: u16,
    /// Neighbour entries written, all movies together.
    pub pairs: usize,
    /// Movies with a non-empty content neighbour list.
    pub movies_with_neighbours: usize,
    /// Movies given the popularity fallback (they share no feature).
    pub fallback: usize,
    /// Size of the explanation vocabulary (display strings).
    pub explain_vocabulary: usize,
    /// Explanation feature ids stored, all movies together.
    pub explain_entries: usize,
    /// Field weights used.
    pub weights: FieldWeights,
    /// Distinct terms per field, in [`FIELDS`] order.
    pub terms_per_field: Vec<usize>,
    /// Non-zero entries of the TF-IDF matrix.
    pub nonzeros: usize,
    /// What the join used, missed and dropped.
    pub join: JoinStats,
    /// TMDB 5000 reader counts, if read.
    pub tmdb: Option<TmdbStats>,
    /// Keywords reader counts, if read.
    pub keywords: Option<KeywordStats>,
    /// Tags reader counts, if read.
    pub tags: Option<TagStats>,
    /// Wall time per step.
    pub timings: ContentTimings,
}

impl ContentStage {
    /// The summary of this stage for `k` neighbours per movie (moves the
    /// counts out; the lists stay).
    pub fn report(&mut self, k: u16) -> ContentReport {
        ContentReport {
            k,
            // The lists may be longer than k (the hybrid blends k of them).
            pairs: self.lists.iter().map(|l| l.len().min(usize::from(k))).sum(),
            movies_with_neighbours: self.lists.iter().filter(|l| !l.is_empty()).count(),
            fallback: self.fallback,
            explain_vocabulary: self.top.vocabulary.len(),
            explain_entries: self.top.lists.iter().map(Vec::len).sum(),
            weights: self.weights,
            terms_per_field: self.terms_per_field.clone(),
            nonzeros: self.nonzeros,
            join: self.join.clone(),
            tmdb: self.tmdb.take(),
            keywords: self.keywords.take(),
            tags: self.tags.take(),
            timings: self.timings,
        }
    }
}

impl ContentReport {
    /// Lines for the end-of-build summary: always what was joined and
    /// produced; with `verbose`, per-source counts of what was read, missing
    /// and dropped, and the first malformed cells (file, line, field).
    pub fn summary(&self, verbose: bool) -> String {
        let ms = |d: Duration| d.as_millis();
        let j = &self.join;
        let t = &self.timings;
        let mut s = String::new();
        let _ = writeln!(
            s,
            "  content     k = {}: {} pairs, {} movies with a list ({} by popularity \
             fallback); weights {}",
            self.k,
            self.pairs,
            self.movies_with_neighbours,
            self.fallback,
            FIELDS
                .iter()
                .map(|&f| format!("{} {}", f.name(), self.weights.get(f)))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let source = |used: bool, n: u64| {
            if used {
                n.to_string()
            } else {
                "not used".to_string()
            }
        };
        let _ = writeln!(
            s,
            "  joined      TMDB 5000 {}, keywords {}; with text {}, keywords {}, tags {}; \
             title/genres/decade only {}, title only {}",
            source(j.tmdb_used, j.tmdb_joined),
            source(j.keywords_used, j.keywords_joined),
            j.with_text,
            j.with_keywords,
            j.with_tags,
            j.genres_decade_only,
            j.title_only
        );
        let malformed = self.tmdb.as_ref().map_or(0, |x| x.malformed)
            + self.keywords.as_ref().map_or(0, |x| x.malformed);
        if malformed > 0 {
            let _ = writeln!(
                s,
                "  malformed   {malformed} metadata fields skipped (see --verbose)"
            );
        }
        let _ = writeln!(
            s,
            "  content time ingest {} ms, features {} ms, neighbours {} ms, total {} ms",
            ms(t.ingest),
            ms(t.features),
            ms(t.neighbours),
            ms(t.total())
        );
        if !verbose {
            return s;
        }
        let _ = writeln!(
            s,
            "  missing     movies without a tmdbId: {}",
            j.without_tmdb_id
        );
        if let Some(x) = &self.tmdb {
            let _ = writeln!(
                s,
                "  tmdb 5000   {} rows; dropped: not in the catalogue {}, repeated id {}; \
                 malformed genres/keywords fields skipped {}; empty overviews (joined) {}; \
                 year taken from TMDB {}",
                x.rows,
                j.tmdb_rows_unmatched,
                x.repeated_ids,
                x.malformed,
                j.tmdb_empty_overview,
                j.year_from_tmdb
            );
        }
        if let Some(x) = &self.keywords {
            let _ = writeln!(
                s,
                "  keywords    {} rows; repeated ids merged {}; malformed fields skipped {}; \
                 records without a name {}; ids not in the catalogue (dropped) {}",
                x.rows, x.repeated_ids, x.malformed, x.unnamed, j.keyword_ids_unmatched
            );
        }
        if let Some(x) = &self.tags {
            let _ = writeln!(
                s,
                "  tags        {} rows; dropped: movie not in the catalogue {}, empty {}, \
                 same user again {}",
                x.rows, x.unknown_movie, x.empty, x.repeated
            );
        }
        for e in self
            .tmdb
            .iter()
            .flat_map(|x| &x.examples)
            .chain(self.keywords.iter().flat_map(|x| &x.examples))
        {
            let _ = writeln!(s, "  skipped     {e}");
        }
        let _ = writeln!(
            s,
            "  features    {}; {} non-zeros; explanations: {} strings, {} entries",
            describe_terms(&self.terms_per_field),
            self.nonzeros,
            self.explain_vocabulary,
            self.explain_entries
        );
        s
    }
}

/// Gives every empty list the `k` most popular other movies (ties to the
/// lower index) with score 0; returns how many lists were filled.
pub fn fill_empty(lists: &mut [Vec<(u32, f32)>], popularity: &[u32], k: usize) -> usize {
    let empty: Vec<usize> = (0..lists.len()).filter(|&i| lists[i].is_empty()).collect();
    if empty.is_empty() {
        return 0;
    }
    let pop = |i: usize| popularity.get(i).copied().unwrap_or(0);
    let mut order: Vec<usize> = (0..lists.len()).collect();
    order.sort_by(|&a, &b| pop(b).cmp(&pop(a)).then(a.cmp(&b)));
    for &i in &empty {
        lists[i] = order
            .iter()
            .filter(|&&j| j != i)
            .take(k)
            .map(|&j| (j as u32, 0.0))
            .collect();
    }
    empty.len()
}

/// Field names with their term counts, "text 20467, genres 19, …".
pub fn describe_terms(terms_per_field: &[usize]) -> String {
    FIELDS
        .iter()
        .zip(terms_per_field)
        .map(|(f, n)| format!("{} {n}", f.name()))
        .collect::<Vec<_>>()
        .join(", ")
}
