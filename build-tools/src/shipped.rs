//! Which neighbour tables `build` ships, and in what order.
//!
//! The first table is the app's default and the one "For you" scores: the
//! configuration `build-tools eval` measured best ([`HybridConfig::RECOMMENDED`]:
//! EASE refitted on its top-k, blended with the content lists). Two display
//! tables follow for the movie page's switch: the rating model alone ("fans
//! also liked") and the content model alone ("similar story").
//!
//! Dense EASE needs an items × items matrix (4 bytes × n², plus its
//! inverse), which stops fitting a laptop somewhere past 15 000 items; above
//! [`DEFAULT_MAX_EASE_ITEMS`] movies with a positive rating, the rating model
//! falls back to item-kNN cosine ([`crate::cf`]), which is sparse and scales
//! to ML-32M, and the summary says so. The evaluation's `cosine` row shows
//! what that costs in Recall@20.
//!
//! The blob records the default table's Recall@20 as measured by `eval`
//! (its JSON output, `docs/eval/seed-0.json` by default), but only when that
//! measurement is of this data set, this k and these parameters; otherwise
//! it records none rather than a figure that does not apply.

use std::path::Path;

use anyhow::{Context, Result};
use reelgraph::blob::Model;
use serde::Deserialize;

use crate::cf;
use crate::ease::{self, Sparsify};
use crate::hybrid::{blend, HybridConfig, POSITIVE_THRESHOLD};
use crate::ratings::RatingMatrix;

/// Movies with a positive rating above which `build` uses item-kNN cosine
/// instead of dense EASE (items).
pub const DEFAULT_MAX_EASE_ITEMS: usize = 15_000;
/// Where `build` looks for the evaluation's results by default.
pub const DEFAULT_EVAL_JSON: &str = "docs/eval/seed-0.json";
/// The name of the evaluated row that matches what `build` ships.
pub const SHIPPED_ROW: &str = "shipped";

/// One table to write: its model, k and lists (catalogue order).
pub struct Table {
    /// The model that produced the lists.
    pub model: Model,
    /// Neighbours kept per movie (items).
    pub k: u16,
    /// Every movie's neighbours, `(index, score)` best first.
    pub lists: Vec<Vec<(u32, f32)>>,
}

/// The rating model `build` fitted.
pub struct RatingLists {
    /// [`Model::RatingsEase`], or [`Model::RatingsCosine`] above the EASE
    /// item limit.
    pub model: Model,
    /// Every movie's rating neighbours (k per movie at most).
    pub lists: Vec<Vec<(u32, f32)>>,
    /// Movies with at least one positive rating (items).
    pub positive_items: usize,
    /// Why cosine was used instead of EASE, if it was.
    pub fallback: Option<String>,
}

/// Fits the rating model: EASE refitted on its top-`k` support with the
/// recommended λ, or item-kNN cosine when more than `max_ease_items` movies
/// have a positive rating.
pub fn rating_lists(
    matrix: &RatingMatrix,
    positives: &RatingMatrix,
    k: usize,
    max_ease_items: usize,
) -> Result<RatingLists> {
    let positive_items = (0..positives.n_items() as u32)
        .filter(|&i| positives.item_count(i) > 0)
        .count();
    if positive_items > max_ease_items {
        return Ok(RatingLists {
            model: Model::RatingsCosine,
            lists: cf::cosine_top_k(matrix, k),
            positive_items,
            fallback: Some(format!(
                "{positive_items} movies with a positive rating > --max-ease-items \
                 {max_ease_items}: item-kNN cosine instead of dense EASE"
            )),
        });
    }
    let config = HybridConfig::RECOMMENDED;
    let lambda = config.lambda_per_user * positives.n_users().max(1) as f64;
    let lists = ease::ease_top_k(
        positives,
        lambda,
        k,
        Sparsify::Refit {
            lambda: lambda * config.refit_fraction,
        },
    )
    .context("cannot fit EASE")?;
    Ok(RatingLists {
        model: Model::RatingsEase,
        lists,
        positive_items,
        fallback: None,
    })
}

/// The tables to write, default first: with `content` (catalogue-wide,
/// at least `k` per movie), the hybrid at `k`, then the rating lists at
/// `ratings_k` and the content lists at `content_k`; without, the rating
/// lists alone at `k`.
pub fn tables(
    rating: RatingLists,
    content: Option<&[Vec<(u32, f32)>]>,
    positives: &RatingMatrix,
    k: u16,
    ratings_k: u16,
    content_k: u16,
) -> Vec<Table> {
    let Some(content) = content else {
        return vec![Table {
            model: rating.model,
            k,
            lists: rating.lists,
        }];
    };
    let config = HybridConfig::RECOMMENDED;
    let mut hybrid = blend(
        &rating.lists,
        content,
        positives,
        usize::from(k),
        config.content_scale,
        config.half_at,
    );
    // A movie with no positive rating and no shared feature has only the
    // content stage's zero-scored popularity fallback, which the blend
    // drops; keep that list so no movie page is empty.
    for (list, fallback) in hybrid.iter_mut().zip(content) {
        if list.is_empty() {
            *list = fallback[..fallback.len().min(usize::from(k))].to_vec();
        }
    }
    let cut = |lists: &[Vec<(u32, f32)>], k: u16| -> Vec<Vec<(u32, f32)>> {
        lists
            .iter()
            .map(|l| l[..l.len().min(usize::from(k))].to_vec())
            .collect()
    };
    vec![
        Table {
            model: Model::Hybrid,
            k,
            lists: hybrid,
        },
        Table {
            model: rating.model,
            k: ratings_k,
            lists: cut(&rating.lists, ratings_k),
        },
        Table {
            model: Model::Content,
            k: content_k,
            lists: cut(content, content_k),
        },
    ]
}

/// A one-line description of the default table's model and parameters, for
/// [`reelgraph::blob::BuildInfo::recommender`].
pub fn describe(model: Model, k: u16, positives: &RatingMatrix) -> String {
    let c = HybridConfig::RECOMMENDED;
    let lambda = c.lambda_per_user * positives.n_users() as f64;
    let ease = format!(
        "EASE (λ = {} × {} users = {lambda:.0}) refitted on its top {k} (λ × {})",
        c.lambda_per_user,
        positives.n_users(),
        c.refit_fraction
    );
    match model {
        Model::Hybrid => format!(
            "hybrid: {ease} + content × {} · {} / ({} + positives), top {k}",
            c.content_scale, c.half_at, c.half_at
        ),
        Model::RatingsEase => format!("ratings: {ease}"),
        Model::RatingsCosine => format!("ratings: item-kNN cosine, top {k}"),
        Model::Content => format!("content: TF-IDF cosine, top {k}"),
    }
}

/// The parts of `eval`'s JSON that [`measured_recall`] reads.
#[derive(Deserialize)]
struct EvalJson {
    dataset: String,
    k: usize,
    models: Vec<EvalRow>,
}

#[derive(Deserialize)]
struct EvalRow {
    model: String,
    params: Vec<std::collections::BTreeMap<String, f64>>,
    metrics: EvalMetrics,
}

#[derive(Deserialize)]
struct EvalMetrics {
    recall20: EvalMean,
}

#[derive(Deserialize)]
struct EvalMean {
    mean: f64,
}

/// Recall@20 of the shipped configuration as `eval` measured it in the JSON
/// file at `path`, if that file exists and measured the [`SHIPPED_ROW`] on
/// the data set `dataset` with `k` neighbours and the current
/// [`HybridConfig::RECOMMENDED`] blend; `Ok(None)` otherwise. A file that
/// exists but does not parse is an error naming it.
pub fn measured_recall(path: &Path, dataset: &str, k: u16) -> Result<Option<f32>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let json: EvalJson = serde_json::from_str(&text).with_context(|| {
        format!(
            "{} is not the JSON of `build-tools eval --json`",
            path.display()
        )
    })?;
    if json.dataset != dataset || json.k != usize::from(k) {
        return Ok(None);
    }
    let c = HybridConfig::RECOMMENDED;
    let near = |p: &std::collections::BTreeMap<String, f64>, key: &str, want: f32| {
        p.get(key)
            .is_some_and(|&v| (v - f64::from(want)).abs() < 1e-6)
    };
    let same_blend = |p: &std::collections::BTreeMap<String, f64>| {
        near(p, "content_scale", c.content_scale) && near(p, "half_at", c.half_at)
    };
    Ok(json
        .models
        .iter()
        .find(|m| m.model == SHIPPED_ROW && !m.params.is_empty() && m.params.iter().all(same_blend))
        .map(|m| m.metrics.recall20.mean as f32))
}

/// The binarised matrix the hybrid learns from (ratings ≥ 4 stars as 1).
pub fn positives(matrix: &RatingMatrix) -> RatingMatrix {
    matrix.positives(POSITIVE_THRESHOLD)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ratings::RatingTriple;

    fn t(user: u32, item: u32, value: f32) -> RatingTriple {
        RatingTriple { user, item, value }
    }

    fn small() -> RatingMatrix {
        let mut triples = Vec::new();
        for u in 0..4 {
            triples.extend([t(u, 0, 5.0), t(u, 1, 4.0), t(u, 2, 4.5)]);
        }
        triples.push(t(4, 3, 4.0));
        RatingMatrix::from_triples(5, triples)
    }

    #[test]
    fn ease_below_the_limit_cosine_above() {
        let m = small();
        let p = positives(&m);
        let ease = rating_lists(&m, &p, 2, 10).unwrap();
        assert_eq!((ease.model, ease.positive_items), (Model::RatingsEase, 4));
        assert!(ease.fallback.is_none());
        let cosine = rating_lists(&m, &p, 2, 3).unwrap();
        assert_eq!(cosine.model, Model::RatingsCosine);
        assert!(cosine.fallback.unwrap().contains("4 movies"));
        assert_eq!(cosine.lists, cf::cosine_top_k(&m, 2));
    }

    #[test]
    fn the_hybrid_comes_first_and_unrated_movies_get_content() {
        let m = small();
        let p = positives(&m);
        let rating = rating_lists(&m, &p, 2, 10).unwrap();
        assert!(rating.lists[4].is_empty());
        let content = vec![
            vec![(4, 0.9)],
            vec![],
            vec![],
            vec![],
            vec![(0, 0.8), (1, 0.4)],
        ];
        let t = tables(rating, Some(&content), &p, 2, 1, 1);
        let models: Vec<Model> = t.iter().map(|t| t.model).collect();
        assert_eq!(models, [Model::Hybrid, Model::RatingsEase, Model::Content]);
        assert_eq!(
            t[0].lists[4].iter().map(|e| e.0).collect::<Vec<_>>(),
            [0, 1]
        );
        assert!(t[1].lists.iter().all(|l| l.len() <= 1));
        assert_eq!(t[2].lists[4], vec![(0, 0.8)]);
    }

    #[test]
    fn measured_recall_only_applies_to_the_same_data_k_and_blend() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("eval.json");
        assert_eq!(measured_recall(&path, "ml", 50).unwrap(), None);
        let c = HybridConfig::RECOMMENDED;
        let json = |scale: f32| {
            format!(
                r#"{{"dataset":"ml","k":50,"models":[{{"model":"shipped",
                "params":[{{"content_scale":{},"half_at":{}}}],
                "metrics":{{"recall20":{{"mean":0.33,"std":0.01}}}}}}]}}"#,
                f64::from(scale),
                f64::from(c.half_at)
            )
        };
        std::fs::write(&path, json(c.content_scale)).unwrap();
        assert_eq!(measured_recall(&path, "ml", 50).unwrap(), Some(0.33));
        assert_eq!(measured_recall(&path, "other", 50).unwrap(), None);
        assert_eq!(measured_recall(&path, "ml", 20).unwrap(), None);
        std::fs::write(&path, json(0.5)).unwrap();
        assert_eq!(measured_recall(&path, "ml", 50).unwrap(), None);
        std::fs::write(&path, "{").unwrap();
        let err = format!("{:#}", measured_recall(&path, "ml", 50).unwrap_err());
        assert!(err.contains("eval.json"), "{err}");
    }
}
