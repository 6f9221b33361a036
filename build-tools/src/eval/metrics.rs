//! Ranking metrics, as the protocol defines them:
//!
//! - Recall@K = hits in the top K / min(K, number held out);
//! - NDCG@K with binary gains: DCG = Σ over hits at rank r (1-based) of
//!   1 / log₂(r + 1), divided by the ideal DCG of min(K, number held out)
//!   hits at the top;
//! - catalogue coverage: distinct items over all users' top-20 lists, divided
//!   by the number of items.
//!
//! Each is averaged over a fold's users; [`Summary`] then gives mean and
//! standard deviation over folds.

use serde::Serialize;

/// Longest ranking evaluated (Recall@1..=100, NDCG@100).
pub const MAX_K: usize = 100;
/// Length of the lists whose catalogue coverage is reported.
pub const COVERAGE_K: usize = 20;

/// Recall@K of one ranking against the held-out items (`held` ascending).
pub fn recall_at(ranking: &[u32], held: &[u32], k: usize) -> f64 {
    if held.is_empty() || k == 0 {
        return 0.0;
    }
    let hits = ranking
        .iter()
        .take(k)
        .filter(|i| held.binary_search(i).is_ok())
        .count();
    hits as f64 / k.min(held.len()) as f64
}

/// NDCG@K of one ranking with binary gains (`held` ascending).
pub fn ndcg_at(ranking: &[u32], held: &[u32], k: usize) -> f64 {
    let ideal: f64 = (0..k.min(held.len())).map(discount).sum();
    if ideal == 0.0 {
        return 0.0;
    }
    let dcg: f64 = ranking
        .iter()
        .take(k)
        .enumerate()
        .filter(|(_, i)| held.binary_search(i).is_ok())
        .map(|(pos, _)| discount(pos))
        .sum();
    dcg / ideal
}

/// Gain of a hit at 0-based position `pos`: 1 / log₂(pos + 2).
fn discount(pos: usize) -> f64 {
    1.0 / ((pos + 2) as f64).log2()
}

/// Recall@1..=[`MAX_K`] of one ranking (entry `k − 1` is Recall@k).
pub fn recall_curve(ranking: &[u32], held: &[u32]) -> Vec<f64> {
    let denom = |k: usize| k.min(held.len()).max(1) as f64;
    let mut hits = 0usize;
    (1..=MAX_K)
        .map(|k| {
            if ranking
                .get(k - 1)
                .is_some_and(|i| held.binary_search(i).is_ok())
            {
                hits += 1;
            }
            hits as f64 / denom(k)
        })
        .collect()
}

/// One fold's metrics, averaged over its users.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FoldMetrics {
    /// Mean Recall@k for k = 1..=[`MAX_K`] (entry `k − 1`).
    pub recall: Vec<f64>,
    /// Mean NDCG@100.
    pub ndcg100: f64,
    /// Share of the fold's items in at least one top-20 list.
    pub coverage20: f64,
    /// Users evaluated.
    pub users: usize,
}

impl FoldMetrics {
    /// Metrics of `rankings` (one per user, best first) against `held` (one
    /// ascending list per user) over a catalogue of `n_items`.
    pub fn compute(rankings: &[Vec<u32>], held: &[&[u32]], n_items: usize) -> FoldMetrics {
        assert_eq!(rankings.len(), held.len());
        let users = rankings.len();
        let mut recall = vec![0.0; MAX_K];
        let mut ndcg = 0.0;
        let mut covered = vec![false; n_items];
        for (ranking, held) in rankings.iter().zip(held) {
            for (sum, r) in recall.iter_mut().zip(recall_curve(ranking, held)) {
                *sum += r;
            }
            ndcg += ndcg_at(ranking, held, MAX_K);
            for &i in ranking.iter().take(COVERAGE_K) {
                if let Some(c) = covered.get_mut(i as usize) {
                    *c = true;
                }
            }
        }
        let per_user = 1.0 / users.max(1) as f64;
        FoldMetrics {
            recall: recall.into_iter().map(|r| r * per_user).collect(),
            ndcg100: ndcg * per_user,
            coverage20: covered.iter().filter(|&&c| c).count() as f64 / n_items.max(1) as f64,
            users,
        }
    }

    /// Mean Recall@k.
    pub fn recall_at(&self, k: usize) -> f64 {
        self.recall[k - 1]
    }
}

/// Mean and sample standard deviation (n − 1) of one metric over folds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MeanStd {
    /// Mean over folds.
    pub mean: f64,
    /// Sample standard deviation over folds (0 for a single fold).
    pub std: f64,
}

impl MeanStd {
    /// Mean and sample standard deviation of `values`.
    pub fn of(values: &[f64]) -> MeanStd {
        let n = values.len();
        if n == 0 {
            return MeanStd {
                mean: f64::NAN,
                std: f64::NAN,
            };
        }
        let mean = values.iter().sum::<f64>() / n as f64;
        let std = if n > 1 {
            (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt()
        } else {
            0.0
        };
        MeanStd { mean, std }
    }
}

/// The reported metrics of one model, over folds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Recall@10.
    pub recall10: MeanStd,
    /// Recall@20.
    pub recall20: MeanStd,
    /// Recall@50.
    pub recall50: MeanStd,
    /// NDCG@100.
    pub ndcg100: MeanStd,
    /// Catalogue coverage of the top-20 lists.
    pub coverage20: MeanStd,
    /// Mean Recall@k over folds for k = 1..=[`MAX_K`] (the plotted curve).
    pub recall_curve: Vec<f64>,
}

impl Summary {
    /// Summarises per-fold metrics.
    pub fn of(folds: &[FoldMetrics]) -> Summary {
        let over =
            |f: &dyn Fn(&FoldMetrics) -> f64| MeanStd::of(&folds.iter().map(f).collect::<Vec<_>>());
        Summary {
            recall10: over(&|m| m.recall_at(10)),
            recall20: over(&|m| m.recall_at(20)),
            recall50: over(&|m| m.recall_at(50)),
            ndcg100: over(&|m| m.ndcg100),
            coverage20: over(&|m| m.coverage20),
            recall_curve: (1..=MAX_K)
                .map(|k| over(&|m| m.recall_at(k)).mean)
                .collect(),
        }
    }
}
