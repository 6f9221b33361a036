//! The `build` pipeline: read a MovieLens folder, index the ratings, fit the
//! rating model (EASE, or item-kNN cosine for very large catalogues), compute
//! the content neighbours ([`crate::content_stage`]) unless turned off, blend
//! the two into the default table ([`crate::shipped`]), and write the blob —
//! timing each stage and reporting what was read, joined, skipped and written.
//!
//! Everything is computed and encoded in memory before the destination is
//! touched, and the write itself is atomic, so a failed build at any stage
//! leaves the previous blob (and its gzip copy) exactly as it was.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use reelgraph::blob::Model;

use crate::blob_writer::{self, Recommender};
use crate::content_stage::{self, ContentArgs, ContentReport};
use crate::ingest::{self, IngestStats};
use crate::ratings::RatingMatrix;
use crate::shipped::{self, DEFAULT_EVAL_JSON, DEFAULT_MAX_EASE_ITEMS};

/// Default MovieLens folder, relative to the current directory.
pub const DEFAULT_DATA: &str = "data/ml-latest-small";
/// Default output path, relative to the current directory.
pub const DEFAULT_OUT: &str = "public/data/reelgraph.blob";
/// Default number of neighbours kept per movie in the default table.
pub const DEFAULT_K: u16 = 50;
/// Default number of rating neighbours kept per movie for display when the
/// default table is the hybrid.
pub const DEFAULT_RATINGS_K: u16 = 20;
/// Largest accepted k (neighbours per movie).
pub const MAX_K: u16 = 1000;

/// Inputs of one build.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildArgs {
    /// Folder holding movies.csv, ratings.csv and links.csv.
    pub data: PathBuf,
    /// Where to write the blob.
    pub out: PathBuf,
    /// Neighbours kept per movie in the default table, 1..=[`MAX_K`].
    pub k: u16,
    /// Rating neighbours kept per movie in the display table "fans also
    /// liked" (only when the content stage runs; else the rating table is
    /// the default and keeps `k`).
    pub ratings_k: u16,
    /// Movies with a positive rating above which the rating model is
    /// item-kNN cosine instead of dense EASE (items).
    pub max_ease_items: usize,
    /// The evaluation's JSON, from which the default table's measured
    /// Recall@20 is recorded when it applies (see [`shipped::measured_recall`]).
    pub eval_json: Option<PathBuf>,
    /// The content stage's inputs; `None` skips it (no content table).
    pub content: Option<ContentArgs>,
}

impl Default for BuildArgs {
    fn default() -> Self {
        BuildArgs {
            data: DEFAULT_DATA.into(),
            out: DEFAULT_OUT.into(),
            k: DEFAULT_K,
            ratings_k: DEFAULT_RATINGS_K,
            max_ease_items: DEFAULT_MAX_EASE_ITEMS,
            eval_json: Some(DEFAULT_EVAL_JSON.into()),
            content: Some(ContentArgs::default()),
        }
    }
}

/// Wall time of each stage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timings {
    /// Reading and checking the CSV files and building the rating matrix.
    pub parse: Duration,
    /// Fitting the rating model and blending the tables.
    pub neighbours: Duration,
    /// The content stage (metadata, features, content neighbours).
    pub content: Duration,
    /// Assembling, encoding, compressing and writing the blob.
    pub write: Duration,
}

/// What a successful build produced.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildReport {
    /// Name recorded in the blob (the data folder's name).
    pub dataset: String,
    /// The blob's path.
    pub out: PathBuf,
    /// Movies in the catalogue.
    pub movies: usize,
    /// Ratings used (after skipping and de-duplicating).
    pub ratings: usize,
    /// Distinct users behind those ratings.
    pub users: usize,
    /// Movies with no rating at all (they get no neighbours).
    pub unrated_movies: usize,
    /// Neighbours per movie requested.
    pub k: u16,
    /// The default table's model and parameters.
    pub recommender: String,
    /// Its measured Recall@20, when the evaluation applies to this build.
    pub recall_at_20: Option<f32>,
    /// Why the rating model fell back to cosine, if it did.
    pub rating_fallback: Option<String>,
    /// Tables written, `(label, k)` in blob order.
    pub tables: Vec<(String, u16)>,
    /// Neighbour entries written, all movies together.
    pub neighbour_pairs: usize,
    /// Movies with a non-empty neighbour list.
    pub movies_with_neighbours: usize,
    /// Distinct genres.
    pub genres: usize,
    /// Size of the written blob (bytes).
    pub blob_bytes: u64,
    /// The gzip copy beside it (`<out>.gz`), which the site ships.
    pub gz_out: PathBuf,
    /// Its size (bytes).
    pub gz_bytes: u64,
    /// How it was compressed.
    pub gzip: blob_writer::Gzip,
    /// Time spent compressing it (part of the write stage).
    pub gzip_time: Duration,
    /// Rows read and skipped per file.
    pub ingest: IngestStats,
    /// Ratings dropped because the same user rated the same movie again later.
    pub duplicate_ratings: u64,
    /// Worker threads used for the neighbour stage.
    pub threads: usize,
    /// Wall time per stage.
    pub timings: Timings,
    /// What the content stage did, if it ran.
    pub content: Option<ContentReport>,
}

/// Runs a whole build. On error nothing at `args.out` has changed.
pub fn run_build(args: &BuildArgs) -> Result<BuildReport> {
    for (name, k) in [("k", args.k), ("ratings k", args.ratings_k)] {
        if !(1..=MAX_K).contains(&k) {
            bail!("{name} must be between 1 and {MAX_K} neighbours, got {k}");
        }
    }
    if let Some(c) = &args.content {
        if !(1..=MAX_K).contains(&c.k) {
            bail!(
                "content k must be between 1 and {MAX_K} neighbours, got {}",
                c.k
            );
        }
    }
    let dataset_name = dataset_name(&args.data);

    let started = Instant::now();
    let mut dataset = ingest::load(&args.data)
        .with_context(|| format!("cannot read the MovieLens data in {}", args.data.display()))?;
    // The matrix takes the ratings over; they are not needed twice.
    let triples = std::mem::take(&mut dataset.ratings);
    let matrix = RatingMatrix::from_triples(dataset.movies.len(), triples);
    let parse = started.elapsed();

    let started = Instant::now();
    let positives = shipped::positives(&matrix);
    let rating = shipped::rating_lists(
        &matrix,
        &positives,
        usize::from(args.k.max(args.ratings_k)),
        args.max_ease_items,
    )?;
    let rating_model = rating.model;
    let rating_fallback = rating.fallback.clone();
    let mut neighbours = started.elapsed();

    let started = Instant::now();
    let mut content = match &args.content {
        Some(c) => {
            // The blend needs k content neighbours even when fewer are shown.
            let wide = ContentArgs {
                k: c.k.max(args.k),
                ..c.clone()
            };
            let stage =
                content_stage::run(&dataset.movies, &args.data, &wide, &popularity(&matrix))
                    .context("cannot build the content model")?;
            Some((stage, c.k))
        }
        None => None,
    };
    let content_time = started.elapsed();

    let started = Instant::now();
    let tables = shipped::tables(
        rating,
        content.as_ref().map(|(stage, _)| stage.lists.as_slice()),
        &positives,
        args.k,
        args.ratings_k,
        content.as_ref().map_or(args.k, |(_, k)| *k),
    );
    neighbours += started.elapsed();
    let default_model = tables[0].model;
    let recall_at_20 = match (&args.eval_json, default_model) {
        (Some(path), Model::Hybrid) if rating_model == Model::RatingsEase => {
            shipped::measured_recall(path, &dataset_name, args.k)?
        }
        _ => None,
    };
    let recommender = shipped::describe(default_model, args.k, &positives);

    let started = Instant::now();
    let mut blob = blob_writer::assemble(
        &dataset_name,
        &dataset,
        &matrix,
        &tables,
        Recommender {
            description: recommender.clone(),
            recall_at_20,
        },
    )?;
    if let Some((stage, _)) = &content {
        blob.content = Some(stage.info());
    }
    let written = blob_writer::write_blob(&blob, &args.out)
        .with_context(|| format!("cannot write the blob to {}", args.out.display()))?;
    let write = started.elapsed();

    Ok(BuildReport {
        dataset: dataset_name,
        out: args.out.clone(),
        movies: dataset.movies.len(),
        ratings: matrix.n_ratings(),
        users: matrix.n_users(),
        unrated_movies: (0..matrix.n_items() as u32)
            .filter(|&i| matrix.item_count(i) == 0)
            .count(),
        k: args.k,
        recommender,
        recall_at_20,
        rating_fallback,
        tables: tables
            .iter()
            .map(|t| (format!("{:?}", t.model), t.k))
            .collect(),
        neighbour_pairs: tables[0].lists.iter().map(Vec::len).sum(),
        movies_with_neighbours: tables[0].lists.iter().filter(|l| !l.is_empty()).count(),
        genres: blob.genres.len(),
        blob_bytes: written.blob_bytes,
        gz_out: written.gz_path,
        gz_bytes: written.gz_bytes,
        gzip: written.gzip,
        gzip_time: written.gzip_time,
        ingest: dataset.stats,
        duplicate_ratings: matrix.duplicates_dropped(),
        threads: rayon::current_num_threads(),
        timings: Timings {
            parse,
            neighbours,
            content: content_time,
            write,
        },
        content: content.as_mut().map(|(stage, k)| stage.report(*k)),
    })
}

/// Number of ratings per movie (catalogue order): the content fallback's order.
fn popularity(matrix: &RatingMatrix) -> Vec<u32> {
    (0..matrix.n_items() as u32)
        .map(|i| matrix.item_count(i))
        .collect()
}

/// The data folder's own name ("ml-latest-small"), resolving "." and the
/// like through the file system; "dataset" if there is none.
fn dataset_name(data: &Path) -> String {
    data.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .or_else(|| {
            data.canonicalize()
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        })
        .unwrap_or_else(|| "dataset".to_string())
}

impl BuildReport {
    /// The end-of-build summary for the terminal; `verbose` adds skipped rows
    /// per reason, link coverage and threads.
    pub fn summary(&self, verbose: bool) -> String {
        let ms = |d: Duration| d.as_millis();
        let t = &self.timings;
        let mut s = String::new();
        let _ = writeln!(
            s,
            "wrote {} ({} bytes) from {}",
            self.out.display(),
            self.blob_bytes,
            self.dataset
        );
        let _ = writeln!(
            s,
            "  gzip copy   {} ({} bytes, {:.1} KiB; {}, {} ms)",
            self.gz_out.display(),
            self.gz_bytes,
            self.gz_bytes as f64 / 1024.0,
            self.gzip,
            ms(self.gzip_time)
        );
        let _ = writeln!(
            s,
            "  movies      {} ({} with no ratings)",
            self.movies, self.unrated_movies
        );
        let _ = writeln!(s, "  ratings     {} by {} users", self.ratings, self.users);
        let _ = writeln!(s, "  default     {}", self.recommender);
        let _ = writeln!(
            s,
            "  measured    Recall@20 {}",
            self.recall_at_20.map_or_else(
                || "not measured for this data and configuration (run build-tools eval)".into(),
                |r| format!("{r:.4} (build-tools eval, 5 folds, seed 0)")
            )
        );
        if let Some(why) = &self.rating_fallback {
            let _ = writeln!(s, "  note        {why}");
        }
        let tables: Vec<String> = self
            .tables
            .iter()
            .map(|(m, k)| format!("{m} k = {k}"))
            .collect();
        let _ = writeln!(s, "  tables      {}", tables.join(", "));
        let _ = writeln!(
            s,
            "  neighbours  default table: {} pairs, {} movies with a list",
            self.neighbour_pairs, self.movies_with_neighbours
        );
        if let Some(c) = &self.content {
            s.push_str(&c.summary(verbose));
        }
        let _ = writeln!(
            s,
            "  time        parse {} ms, neighbours {} ms, content {} ms, write {} ms, total {} ms",
            ms(t.parse),
            ms(t.neighbours),
            ms(t.content),
            ms(t.write),
            ms(t.parse + t.neighbours + t.content + t.write)
        );
        if verbose {
            let i = &self.ingest;
            let _ = writeln!(
                s,
                "  rows read   movies.csv {}, links.csv {}, ratings.csv {}",
                i.movie_rows, i.link_rows, i.rating_rows
            );
            let _ = writeln!(
                s,
                "  skipped     ratings of movies not in movies.csv: {}; repeated (user, movie) \
                 ratings, last kept: {}; links of movies not in movies.csv: {}",
                i.ratings_unknown_movie, self.duplicate_ratings, i.links_unknown_movie
            );
            if let Some(first) = &i.first_unknown_movie {
                let _ = writeln!(s, "  skipped     first: {first}");
            }
            let _ = writeln!(
                s,
                "  links       movies without a links.csv row: {}, without a TMDB id: {}",
                i.movies_without_link, i.movies_without_tmdb
            );
            let _ = writeln!(s, "  genres      {}", self.genres);
            let _ = writeln!(s, "  threads     {}", self.threads);
        }
        s
    }
}
