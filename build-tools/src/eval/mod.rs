//! `build-tools eval`: offline evaluation of the neighbour models, on the
//! protocol of [`split`] (5-fold cross-validation over users, 20% of each
//! test user's positives held out) with the metrics of [`metrics`].
//!
//! Every shippable model is scored through what the browser runs
//! ([`scoring`]): its top-k lists, quantised into a blob table, ranked by
//! [`reelgraph::score::recommend`]. Two reference rows are scored outside
//! the blob, to show what the cut to k and the blob's scores cost: dense
//! EASE and EASE with signed weights.
//!
//! Hyper-parameters (shrinkage, λ, the refit's λ, the hybrid blend) are
//! chosen per fold by [`select`] on validation splits carved out of that
//! fold's training users only; the test users never take part.

pub mod metrics;
pub mod models;
pub mod output;
pub mod scoring;
pub mod select;
pub mod split;

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use serde::Serialize;

use crate::content_stage::{self, ContentArgs};
use crate::ingest::{self, Dataset};
use crate::ratings::RatingMatrix;
use metrics::{FoldMetrics, MeanStd, Summary};
use models::{EaseCache, Trained};
use scoring::Lists;
use split::Positives;

/// Content lists are computed this many times longer than k, so that k
/// remain after dropping the movies outside a fold's items.
const CONTENT_OVERSAMPLE: usize = 4;

/// The models `eval` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModelName {
    /// The k most popular movies, for everyone.
    Popularity,
    /// Item-kNN: cosine on the binarised matrix.
    Cosine,
    /// Item-kNN: cosine with shrinkage chosen on validation.
    CosineShrunk,
    /// Dense EASE, all weights, scored exactly (reference, not shippable).
    EaseDense,
    /// EASE cut naively to the k largest weights per movie.
    EaseTopk,
    /// EASE: k largest weights, refitted on that support.
    EaseRefit,
    /// EASE: k largest |weights|, refitted, signed, scored exactly
    /// (reference: the blob stores no negative scores).
    EaseSigned,
    /// Content neighbours (TF-IDF over metadata).
    Content,
    /// EASE-refit blended with content, weighted towards content for movies
    /// with few ratings.
    Hybrid,
    /// What `build` ships: the hybrid with the fixed parameters of
    /// [`crate::hybrid::HybridConfig::RECOMMENDED`] (no per-fold choice).
    Shipped,
}

impl ModelName {
    /// Every model, in report order.
    pub const ALL: [ModelName; 10] = [
        ModelName::Popularity,
        ModelName::Cosine,
        ModelName::CosineShrunk,
        ModelName::EaseDense,
        ModelName::EaseTopk,
        ModelName::EaseRefit,
        ModelName::EaseSigned,
        ModelName::Content,
        ModelName::Hybrid,
        ModelName::Shipped,
    ];

    /// Command-line and report name.
    pub fn name(self) -> &'static str {
        match self {
            ModelName::Popularity => "popularity",
            ModelName::Cosine => "cosine",
            ModelName::CosineShrunk => "cosine-shrunk",
            ModelName::EaseDense => "ease-dense",
            ModelName::EaseTopk => "ease-topk",
            ModelName::EaseRefit => "ease-refit",
            ModelName::EaseSigned => "ease-signed",
            ModelName::Content => "content",
            ModelName::Hybrid => "hybrid",
            ModelName::Shipped => crate::shipped::SHIPPED_ROW,
        }
    }

    /// One line on what the model is.
    pub fn description(self) -> &'static str {
        match self {
            ModelName::Popularity => "k most popular movies (floor)",
            ModelName::Cosine => "item-kNN, cosine on binarised ratings",
            ModelName::CosineShrunk => "item-kNN, cosine with shrinkage (validated)",
            ModelName::EaseDense => "EASE, all weights, exact scores (reference)",
            ModelName::EaseTopk => "EASE, k largest weights (naive cut)",
            ModelName::EaseRefit => "EASE, k largest weights refitted on that support",
            ModelName::EaseSigned => "EASE, k largest |weights| refitted, signed (reference)",
            ModelName::Content => "content TF-IDF cosine",
            ModelName::Hybrid => "EASE-refit + content, blend validated",
            ModelName::Shipped => "what build ships: EASE-refit + content, fixed parameters",
        }
    }

    /// Whether the model is scored through the blob and `recommend` (false
    /// for the references, which the blob cannot hold).
    pub fn through_blob(self) -> bool {
        !matches!(self, ModelName::EaseDense | ModelName::EaseSigned)
    }

    /// Whether the model needs the content stage's lists.
    pub fn needs_content(self) -> bool {
        matches!(
            self,
            ModelName::Content | ModelName::Hybrid | ModelName::Shipped
        )
    }
}

impl fmt::Display for ModelName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ModelName {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        ModelName::ALL
            .into_iter()
            .find(|m| m.name() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = ModelName::ALL.iter().map(|m| m.name()).collect();
                format!("unknown model \"{s}\" (known: {})", names.join(", "))
            })
    }
}

/// Inputs of one evaluation.
#[derive(Debug, Clone)]
pub struct EvalArgs {
    /// MovieLens folder.
    pub data: PathBuf,
    /// Seed of every shuffle.
    pub seed: u64,
    /// Neighbours per movie (as the blob would keep).
    pub k: usize,
    /// Number of cross-validation folds.
    pub folds: usize,
    /// Models to evaluate, in this order.
    pub models: Vec<ModelName>,
    /// Where to write each fold's split as CSV, if anywhere.
    pub save_split: Option<PathBuf>,
    /// The content stage's sources and weights, for the content and hybrid
    /// models (its `k` is ignored: `eval` asks for 4k neighbours per movie,
    /// so that k remain among each fold's items).
    pub content: Option<ContentArgs>,
}

impl Default for EvalArgs {
    fn default() -> Self {
        EvalArgs {
            data: crate::build::DEFAULT_DATA.into(),
            seed: 0,
            k: usize::from(crate::build::DEFAULT_K),
            folds: 5,
            models: ModelName::ALL.to_vec(),
            save_split: None,
            content: Some(ContentArgs::default()),
        }
    }
}

/// A chosen hyper-parameter value.
pub type Params = BTreeMap<String, f64>;

/// One model's results over all folds.
#[derive(Debug, Clone, Serialize)]
pub struct ModelResult {
    /// Model name.
    pub model: ModelName,
    /// What it is.
    pub description: String,
    /// Scored through the blob's table and `recommend` (false: reference).
    pub through_blob: bool,
    /// Neighbours per movie (`None`: all weights, the dense reference).
    pub k: Option<usize>,
    /// Hyper-parameters used in each fold (chosen on validation users).
    pub params: Vec<Params>,
    /// Metrics, mean and standard deviation over folds.
    pub metrics: Summary,
    /// Recall@20 of the same lists with unquantised scores (what the
    /// one-byte scores cost); `None` where it does not apply.
    pub recall20_unquantised: Option<MeanStd>,
    /// Per-fold metrics.
    pub folds: Vec<FoldMetrics>,
    /// Training time per fold (final fit on all training users; excludes
    /// model selection), milliseconds.
    pub train_ms: MeanStd,
    /// Scoring time per fold (table + recommend for every test user), ms.
    pub score_ms: MeanStd,
}

/// Counts that describe one fold.
#[derive(Debug, Clone, Serialize)]
pub struct FoldInfo {
    /// Training users.
    pub train_users: usize,
    /// Test users evaluated.
    pub test_users: usize,
    /// Test users skipped (nothing left to feed in).
    pub skipped_users: usize,
    /// Items (with a positive in training).
    pub items: usize,
    /// Validation users used for model selection.
    pub validation_users: usize,
    /// Time spent on model selection (all models), ms.
    pub selection_ms: f64,
}

/// Everything one evaluation measured.
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    /// Data set name.
    pub dataset: String,
    /// Seed.
    pub seed: u64,
    /// Neighbours per movie.
    pub k: usize,
    /// Users with enough positives.
    pub users: usize,
    /// Users dropped for too few positives.
    pub users_dropped: usize,
    /// Positives of those users.
    pub positives: usize,
    /// Per-fold counts.
    pub folds: Vec<FoldInfo>,
    /// Results, in the order asked for.
    pub models: Vec<ModelResult>,
    /// Content lists' provenance, when content was evaluated.
    pub content: Option<String>,
    /// Wall time of the whole evaluation, seconds.
    pub wall_s: f64,
    /// Worker threads.
    pub threads: usize,
}

/// Runs the evaluation.
pub fn run_eval(args: &EvalArgs) -> Result<EvalReport> {
    let started = Instant::now();
    if args.k == 0 || args.k > usize::from(crate::build::MAX_K) {
        bail!(
            "k must be between 1 and {} neighbours, got {}",
            crate::build::MAX_K,
            args.k
        );
    }
    if args.folds < 2 {
        bail!(
            "cross-validation needs at least 2 folds, got {}",
            args.folds
        );
    }
    if args.models.is_empty() {
        bail!("no model to evaluate");
    }
    let mut dataset = ingest::load(&args.data)
        .with_context(|| format!("cannot read the MovieLens data in {}", args.data.display()))?;
    let triples = std::mem::take(&mut dataset.ratings);
    let matrix = RatingMatrix::from_triples(dataset.movies.len(), triples);
    let positives = Positives::from_matrix(&matrix);
    if positives.rows.len() < args.folds * select::VALIDATION_FOLDS {
        bail!(
            "only {} users have {} or more positives: too few for {} folds",
            positives.rows.len(),
            split::MIN_POSITIVES,
            args.folds
        );
    }
    let splits = split::folds(&positives, matrix.n_items(), args.folds, args.seed);
    if let Some(dir) = &args.save_split {
        output::save_split(dir, &dataset, &positives, &splits)
            .with_context(|| format!("cannot write the split to {}", dir.display()))?;
    }

    let content_lists = if args.models.iter().any(|m| m.needs_content()) {
        let Some(content) = &args.content else {
            bail!("the content and hybrid models need the content stage (drop --no-content)");
        };
        Some(make_content_lists(
            &dataset,
            &args.data,
            content,
            args.k * CONTENT_OVERSAMPLE,
        )?)
    } else {
        None
    };

    let mut results: Vec<ModelResult> = args
        .models
        .iter()
        .map(|&m| ModelResult {
            model: m,
            description: m.description().to_string(),
            through_blob: m.through_blob(),
            k: (m != ModelName::EaseDense).then_some(args.k),
            params: Vec::new(),
            metrics: Summary::of(&[]),
            recall20_unquantised: None,
            folds: Vec::new(),
            train_ms: MeanStd::of(&[]),
            score_ms: MeanStd::of(&[]),
        })
        .collect();
    let mut train_ms: Vec<Vec<f64>> = vec![Vec::new(); results.len()];
    let mut score_ms: Vec<Vec<f64>> = vec![Vec::new(); results.len()];
    let mut unquantised: Vec<Vec<f64>> = vec![Vec::new(); results.len()];
    let mut fold_infos = Vec::new();

    for (f, split) in splits.iter().enumerate() {
        // Content lists over this fold's items: long ones for validation
        // (which drops more items), cut to k for the final model.
        let content_long = content_lists.as_ref().map(|(lists, _)| {
            models::restrict(
                lists,
                &split.items,
                matrix.n_items(),
                args.k * CONTENT_OVERSAMPLE,
            )
        });
        let content_k = content_long
            .as_ref()
            .map(|lists| scoring::cut(lists, args.k));

        let selection_started = Instant::now();
        let validation = split.validation_folds(args.seed, f, select::VALIDATION_FOLDS);
        let chosen = select::select(&validation, &args.models, args.k, content_long.as_ref())?;
        fold_infos.push(FoldInfo {
            train_users: split.train_users.len(),
            test_users: split.cases.len(),
            skipped_users: split.skipped,
            items: split.n_items(),
            validation_users: validation.iter().map(|v| v.cases.len()).sum(),
            selection_ms: ms(selection_started.elapsed()),
        });

        let train = split.train_matrix();
        let mut cache = EaseCache::new(&train);
        let held: Vec<&[u32]> = split.cases.iter().map(|c| c.held.as_slice()).collect();
        for (r, result) in results.iter_mut().enumerate() {
            let choice = chosen.get(&result.model).cloned().unwrap_or_default();
            let params = select::final_params(&choice, split.train_users.len());
            let trained = models::train(
                result.model,
                &train,
                args.k,
                &params,
                content_k.as_ref(),
                &mut cache,
            )?;
            train_ms[r].push(ms(trained.time));
            let started = Instant::now();
            let rankings = match &trained.model {
                Trained::Lists(lists) => {
                    scoring::rank_table(&scoring::table(lists, args.k), &split.cases)
                }
                Trained::Exact(lists) => scoring::rank_lists_exact(lists, &split.cases),
                Trained::Dense(b) => scoring::rank_dense(b, &split.cases),
            };
            score_ms[r].push(ms(started.elapsed()));
            if let Trained::Lists(lists) = &trained.model {
                let exact = scoring::rank_lists_exact(lists, &split.cases);
                unquantised[r]
                    .push(FoldMetrics::compute(&exact, &held, split.n_items()).recall_at(20));
            }
            result
                .folds
                .push(FoldMetrics::compute(&rankings, &held, split.n_items()));
            result.params.push(params);
        }
    }
    for (r, result) in results.iter_mut().enumerate() {
        result.metrics = Summary::of(&result.folds);
        result.train_ms = MeanStd::of(&train_ms[r]);
        result.score_ms = MeanStd::of(&score_ms[r]);
        result.recall20_unquantised =
            (!unquantised[r].is_empty()).then(|| MeanStd::of(&unquantised[r]));
    }
    Ok(EvalReport {
        dataset: dataset_name(&args.data),
        seed: args.seed,
        k: args.k,
        users: positives.rows.len(),
        users_dropped: positives.users_dropped,
        positives: positives.n_positives(),
        folds: fold_infos,
        models: results,
        content: content_lists.map(|(_, description)| description),
        wall_s: started.elapsed().as_secs_f64(),
        threads: rayon::current_num_threads(),
    })
}

/// Catalogue-wide content lists from the content stage, `k` per movie, and
/// a description of how they were made. The fallback for movies sharing no
/// feature gets no popularity (all zeros): rating counts would include the
/// test users.
fn make_content_lists(
    dataset: &Dataset,
    data: &std::path::Path,
    content: &ContentArgs,
    k: usize,
) -> Result<(Lists, String)> {
    let args = ContentArgs {
        k: u16::try_from(k).unwrap_or(u16::MAX),
        ..content.clone()
    };
    let no_popularity = vec![0u32; dataset.movies.len()];
    let stage = content_stage::run(&dataset.movies, data, &args, &no_popularity)?;
    let mut sources = vec!["genres, decade, title"];
    if args.tmdb.is_some() {
        sources.push("TMDB 5000 overviews and keywords");
    }
    if args.keywords.is_some() {
        sources.push("The Movies Dataset keywords");
    }
    if args.tags {
        sources.push("MovieLens tags");
    }
    let weights: Vec<String> = stage
        .weights
        .pairs()
        .iter()
        .map(|(f, w)| format!("{f} {w}"))
        .collect();
    let description = format!(
        "content stage of `build` ({}; weights {}), {} neighbours per movie before \
         restricting to each fold's items, {:.1} s",
        sources.join(", "),
        weights.join(", "),
        k,
        stage.timings.total().as_secs_f64()
    );
    Ok((stage.lists, description))
}

/// The data folder's name, as `build` records it ("ml-latest-small").
fn dataset_name(data: &std::path::Path) -> String {
    let name = |p: &std::path::Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
    name(data)
        .or_else(|| data.canonicalize().ok().as_deref().and_then(name))
        .unwrap_or_else(|| "dataset".to_string())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
