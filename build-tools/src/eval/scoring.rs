//! Turning a model into rankings for test users.
//!
//! The figure that counts goes through what the browser runs: the model's
//! neighbour lists become a [`NeighbourTable`] exactly as the blob stores
//! it (same k, scores quantised to one byte) and every user is ranked by
//! [`reelgraph::score::recommend`]. [`rank_dense`] scores a dense weight
//! matrix directly, as a reference for what truncation and quantisation cost;
//! it is not something the blob can ship.

use faer::Mat;
use rayon::prelude::*;
use reelgraph::blob::{Model, NeighbourTable};
use reelgraph::score::recommend;

use super::metrics::MAX_K;
use super::split::TestCase;

/// Per-item neighbour lists `(item, score)`, best first.
pub type Lists = Vec<Vec<(u32, f32)>>;

/// Every list cut to its first `k` entries.
pub fn cut(lists: &[Vec<(u32, f32)>], k: usize) -> Lists {
    lists
        .iter()
        .map(|l| l.iter().take(k).copied().collect())
        .collect()
}

/// The table the blob would hold for `lists` cut to `k` (the model tag
/// does not change the scoring).
pub fn table(lists: &[Vec<(u32, f32)>], k: usize) -> NeighbourTable {
    NeighbourTable::from_lists(Model::RatingsCosine, k as u16, &cut(lists, k))
}

/// Each case's top [`MAX_K`] recommendations from `table`, as the browser
/// computes them (fed-in items excluded).
pub fn rank_table(table: &NeighbourTable, cases: &[TestCase]) -> Vec<Vec<u32>> {
    cases
        .par_iter()
        .map(|c| {
            recommend(table, &c.fed, &[], MAX_K)
                .into_iter()
                .map(|(i, _)| i)
                .collect()
        })
        .collect()
}

/// Each case's top [`MAX_K`] items by `Σ_{i fed} B[i][j]` over a dense
/// weight matrix (reference only), fed-in items excluded, ties to the
/// lower index.
pub fn rank_dense(b: &Mat<f32>, cases: &[TestCase]) -> Vec<Vec<u32>> {
    let n = b.nrows();
    // Row i of B is column i of Bᵀ, contiguous.
    let bt = b.transpose().to_owned();
    cases
        .par_iter()
        .map(|c| {
            let mut scores = vec![0.0f32; n];
            for &i in &c.fed {
                let row = bt
                    .col(i as usize)
                    .try_as_col_major()
                    .expect("an owned Mat is column major")
                    .as_slice();
                for (s, w) in scores.iter_mut().zip(row) {
                    *s += w;
                }
            }
            let mut cand: Vec<(u32, f32)> = (0..n as u32)
                .filter(|j| c.fed.binary_search(j).is_err())
                .map(|j| (j, scores[j as usize]))
                .collect();
            crate::neighbours::select_top_k(&mut cand, MAX_K);
            cand.into_iter().map(|(i, _)| i).collect()
        })
        .collect()
}

/// Each case's top [`MAX_K`] items from unquantised lists (the same sum as
/// [`recommend`] in `f32` without the one-byte scores), to measure what
/// quantisation costs.
pub fn rank_lists_exact(lists: &[Vec<(u32, f32)>], cases: &[TestCase]) -> Vec<Vec<u32>> {
    let n = lists.len();
    cases
        .par_iter()
        .map(|c| {
            let mut scores = vec![0.0f32; n];
            let mut touched = vec![false; n];
            for &i in &c.fed {
                for &(j, s) in &lists[i as usize] {
                    scores[j as usize] += s;
                    touched[j as usize] = true;
                }
            }
            let mut cand: Vec<(u32, f32)> = (0..n as u32)
                .filter(|&j| touched[j as usize] && c.fed.binary_search(&j).is_err())
                .map(|j| (j, scores[j as usize]))
                .collect();
            crate::neighbours::select_top_k(&mut cand, MAX_K);
            cand.into_iter().map(|(i, _)| i).collect()
        })
        .collect()
}
