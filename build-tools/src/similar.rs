//! `build-tools similar "<title>"`: a movie's neighbours from a built blob,
//! with scores and what each shares with it — the explanation the app
//! shows, from the same function ([`reelgraph::explain::shared_features`]).
//!
//! The title is matched like the app's search box does it
//! ([`reelgraph::search::TitleIndex`]), except that an exact title ("The Dark
//! Knight", or with its year, "Heat (1995)") wins over longer titles that
//! merely start with it; among several exact matches the most rated wins.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use reelgraph::blob::{Blob, Model};
use reelgraph::explain::{describe, shared_features};
use reelgraph::fold::fold;
use reelgraph::score::similar;
use reelgraph::search::TitleIndex;

/// Shared features shown per neighbour (items).
pub const MAX_SHARED: usize = 6;
/// Default number of neighbours printed.
pub const DEFAULT_N: usize = 10;

/// Inputs of `similar`.
#[derive(Debug, Clone, PartialEq)]
pub struct SimilarArgs {
    /// Title to look up ("The Dark Knight", "toy story 1995").
    pub title: String,
    /// Which neighbour table to list.
    pub model: Model,
    /// The blob to read.
    pub blob: PathBuf,
    /// Neighbours to print (items).
    pub n: usize,
}

/// Reads the blob and renders the neighbour list (the text `similar`
/// prints).
pub fn run_similar(args: &SimilarArgs) -> Result<String> {
    let bytes = std::fs::read(&args.blob)
        .with_context(|| format!("{}: cannot read the blob", args.blob.display()))?;
    let blob = Blob::decode(&bytes)
        .with_context(|| format!("{}: not a usable blob", args.blob.display()))?;
    render(&blob, args)
}

/// The neighbour list of `args.title` in `blob` as text.
pub fn render(blob: &Blob, args: &SimilarArgs) -> Result<String> {
    // "ratings" means whichever rating model the blob was built with.
    let table = blob.table(args.model).or_else(|| {
        args.model
            .from_ratings()
            .then(|| blob.tables.iter().find(|t| t.model.from_ratings()))
            .flatten()
    });
    let Some(table) = table else {
        let have: Vec<&str> = blob.tables.iter().map(|t| model_name(t.model)).collect();
        bail!(
            "the blob has no {} table (it has: {}); rebuild it with the content stage on",
            model_name(args.model),
            have.join(", ")
        );
    };
    let Some(index) = find_movie(blob, &args.title) else {
        bail!("no movie title matches \"{}\"", args.title);
    };
    let movie = &blob.movies[index as usize];
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} [movieId {}] — {} ({}, k = {})",
        movie.label(),
        movie.movie_id,
        table.model.label(),
        model_name(table.model),
        table.k
    );
    let items = similar(table, index, args.n);
    if items.is_empty() {
        let _ = writeln!(s, "  no neighbours");
    }
    let width = items
        .iter()
        .map(|&(j, _)| blob.movies[j as usize].label().chars().count())
        .max()
        .unwrap_or(0);
    for (rank, (j, score)) in items.into_iter().enumerate() {
        let label = blob.movies[j as usize].label();
        let why = describe(&shared_features(blob, index, j, MAX_SHARED));
        let line = format!(
            "{:>4}. {score:.3}  {label:<width$}  {why}",
            rank + 1,
            width = width
        );
        let _ = writeln!(s, "{}", line.trim_end());
    }
    Ok(s)
}

/// The CLI name of a model ("content", "ratings", "best").
pub fn model_name(model: Model) -> &'static str {
    match model {
        Model::RatingsEase => "ratings",
        Model::RatingsCosine => "ratings, cosine",
        Model::Content => "content",
        Model::Hybrid => "best",
    }
}

/// The movie a title query names: an exact title or "title (year)" match
/// (folded; the most rated if several), else the search box's best hit.
pub fn find_movie(blob: &Blob, query: &str) -> Option<u32> {
    let q = fold(query);
    if q.is_empty() {
        return None;
    }
    let exact = blob
        .movies
        .iter()
        .enumerate()
        .filter(|(_, m)| fold(&m.title) == q || fold(&m.label()) == q)
        .max_by_key(|(i, m)| (m.ratings, std::cmp::Reverse(*i)))
        .map(|(i, _)| i as u32);
    exact.or_else(|| {
        TitleIndex::new(&blob.movies)
            .search(query, 1)
            .first()
            .copied()
    })
}
