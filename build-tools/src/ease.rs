//! EASE (Steck 2019, "Embarrassingly Shallow Autoencoders for Sparse Data"):
//! a linear item-to-item model with a closed-form solution.
//!
//! With `X` the user × item matrix and `G = XᵀX` its Gram matrix, EASE
//! minimises `‖X − XB‖² + λ‖B‖²` subject to `diag(B) = 0`, which gives
//! `P = (G + λI)⁻¹` and `B = I − P·diag(1/diag P)`, i.e.
//! `B[i][j] = −P[i][j] / P[j][j]` off the diagonal. A user's score for item
//! `j` is `Σ_{i liked} B[i][j]`: exactly what [`reelgraph::score::recommend`]
//! computes from neighbour lists when item `i`'s list holds row `i` of `B`.
//!
//! The blob keeps at most k neighbours per movie, so each row of `B`
//! (thousands of weights, some negative) has to be cut to k entries.
//! [`Sparsify`] names the two ways `build-tools eval` compares:
//! - [`Sparsify::TopK`], the naive cut: the k largest weights of each row
//!   as they are;
//! - [`Sparsify::Refit`]: the same support (which items each row lists),
//!   with the weights re-solved under that sparsity. The objective splits by
//!   column: column `j` of `B` is a ridge regression of item `j` on the items
//!   whose lists contain `j`, `P_j = {i : j ∈ list(i)}`, so
//!   `B[P_j][j] = (G[P_j][P_j] + λI)⁻¹ G[P_j][j]` — the regression the dense
//!   model solves over all items, restricted to the weights that are kept.
//!   The kept weights then make up for the cut ones instead of pretending
//!   they are zero. This is the shipped choice; the measurements behind it
//!   are in `docs/eval/`.
//!
//! Negative weights: a row's k largest weights are positive in practice (a
//! row has thousands of candidates), and the few refitted weights that come
//! out negative are dropped ([`Signs::Positive`]), so lists hold positive
//! scores only and fit the blob's one-byte scores and the browser's plain
//! sum. [`top_k_by_magnitude`] with [`Signs::Keep`] keeps the largest
//! weights by absolute value, negatives included: the evaluation measures it
//! as a reference for what signed scores in the blob would buy.
//!
//! The dense solve uses faer (Cholesky of `G + λI`, then its inverse) in
//! `f32`, which on ml-latest-small agrees with `f64` to 3·10⁻⁷ and takes
//! half the time; the restricted regressions are small and solved in `f64`.

use faer::linalg::solvers::{DenseSolveCore, SolveCore};
use faer::{Conj, Mat, Side};
use rayon::prelude::*;

use crate::neighbours::select_top_k;
use crate::ratings::{RatingMatrix, RatingTriple};

/// How a dense EASE weight matrix is cut to k neighbours per item.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Sparsify {
    /// The k largest weights of each row, as they are.
    TopK,
    /// The support of [`Sparsify::TopK`], weights re-solved with that
    /// sparsity imposed and ridge penalty `lambda` (non-positive results
    /// dropped).
    Refit {
        /// Ridge penalty of the restricted regressions.
        lambda: f64,
    },
}

/// What [`refit`] does with weights that come out negative (or zero).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signs {
    /// Drop them: lists hold positive scores only.
    Positive,
    /// Keep them (signed lists; the blob cannot store these today).
    Keep,
}

/// Why EASE could not be fitted.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum EaseError {
    /// λ must be positive and finite (it makes `G + λI` positive definite).
    #[error("EASE needs a positive, finite λ, got {0}")]
    BadLambda(f64),
    /// The Cholesky factorisation failed (rounding trouble only: `G + λI`
    /// is positive definite for λ > 0).
    #[error("EASE: G + λI is not numerically positive definite (λ = {0})")]
    NotPositiveDefinite(f64),
}

/// `G = XᵀX` for the matrix's values (for a binarised matrix: how many users
/// liked both items). Σ over users of (items rated)² additions.
pub fn gram(matrix: &RatingMatrix) -> Mat<f32> {
    let n = matrix.n_items();
    let mut g = Mat::<f32>::zeros(n, n);
    for u in 0..matrix.n_users() as u32 {
        let row = matrix.user(u);
        for b in row {
            let col = column_mut(&mut g, b.index as usize);
            for a in row {
                col[a.index as usize] += a.value * b.value;
            }
        }
    }
    g
}

fn column_mut(m: &mut Mat<f32>, j: usize) -> &mut [f32] {
    m.col_mut(j)
        .try_as_col_major_mut()
        .expect("an owned Mat is column major")
        .as_slice_mut()
}

/// The dense EASE weights `B` (zero diagonal) for Gram matrix `g` and
/// penalty `lambda`: `B[(i, j)]` is how much liking `i` adds to `j`.
pub fn fit(g: &Mat<f32>, lambda: f64) -> Result<Mat<f32>, EaseError> {
    if !(lambda > 0.0 && lambda.is_finite()) {
        return Err(EaseError::BadLambda(lambda));
    }
    let mut a = g.clone();
    for i in 0..a.nrows() {
        a[(i, i)] += lambda as f32;
    }
    let llt = a
        .llt(Side::Lower)
        .map_err(|_| EaseError::NotPositiveDefinite(lambda))?;
    drop(a);
    let mut p = llt.inverse();
    drop(llt);
    p.par_col_iter_mut().enumerate().for_each(|(j, col)| {
        let col = col
            .try_as_col_major_mut()
            .expect("an owned Mat is column major")
            .as_slice_mut();
        let d = col[j];
        for x in col.iter_mut() {
            *x = -*x / d;
        }
        col[j] = 0.0;
    });
    Ok(p)
}

/// Every row of `b` cut to its `k` largest positive weights, as neighbour
/// lists `(item, weight)` best first (ties: lower index first).
pub fn top_k_rows(b: &Mat<f32>, k: usize) -> Vec<Vec<(u32, f32)>> {
    rows_top_k(b, k, |w| w, |w| w > 0.0)
}

/// Every row of `b` cut to the `k` weights of largest absolute value,
/// negatives included, as `(item, signed weight)` by decreasing magnitude.
pub fn top_k_by_magnitude(b: &Mat<f32>, k: usize) -> Vec<Vec<(u32, f32)>> {
    rows_top_k(b, k, f32::abs, |w| w != 0.0)
}

fn rows_top_k(
    b: &Mat<f32>,
    k: usize,
    key: impl Fn(f32) -> f32 + Sync,
    keep: impl Fn(f32) -> bool + Sync,
) -> Vec<Vec<(u32, f32)>> {
    let n = b.nrows();
    // Rows of a column-major matrix are strided: read them from Bᵀ.
    let bt = b.transpose().to_owned();
    (0..n)
        .into_par_iter()
        .map(|i| {
            let row = bt
                .col(i)
                .try_as_col_major()
                .expect("an owned Mat is column major")
                .as_slice();
            let mut cand: Vec<(u32, f32)> = row
                .iter()
                .enumerate()
                .filter(|&(j, &w)| j != i && keep(w))
                .map(|(j, &w)| (j as u32, key(w)))
                .collect();
            select_top_k(&mut cand, k);
            cand.into_iter()
                .map(|(j, _)| (j, row[j as usize]))
                .collect()
        })
        .collect()
}

/// Re-solves the weights of `lists` (each row's support) with that sparsity
/// imposed: for every item `j`, a ridge regression (penalty `lambda`) of `j`
/// on the items listing it, with Gram matrix `g`. Returns the lists with
/// their new weights, best first; `signs` says whether negative results are
/// kept.
pub fn refit(
    g: &Mat<f32>,
    lists: &[Vec<(u32, f32)>],
    lambda: f64,
    signs: Signs,
) -> Vec<Vec<(u32, f32)>> {
    let n = g.nrows();
    let mut predictors: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (i, list) in lists.iter().enumerate() {
        for &(j, _) in list {
            if j as usize != i {
                predictors[j as usize].push(i as u32);
            }
        }
    }
    // Largest systems first, so the parallel tail is short.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&j| std::cmp::Reverse(predictors[j].len()));
    let columns: Vec<(usize, Vec<f64>)> = order
        .into_par_iter()
        .map(|j| (j, solve_column(g, &predictors[j], j, lambda)))
        .collect();
    let mut out: Vec<Vec<(u32, f32)>> = vec![Vec::new(); n];
    for (j, weights) in columns {
        for (&i, &w) in predictors[j].iter().zip(&weights) {
            if w > 0.0 || (signs == Signs::Keep && w != 0.0) {
                out[i as usize].push((j as u32, w as f32));
            }
        }
    }
    out.par_iter_mut().for_each(|list| match signs {
        Signs::Positive => {
            let len = list.len();
            select_top_k(list, len);
        }
        Signs::Keep => {
            list.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
        }
    });
    out
}

/// `(G[p][p] + λI)⁻¹ G[p][j]`, in `f64`.
fn solve_column(g: &Mat<f32>, p: &[u32], j: usize, lambda: f64) -> Vec<f64> {
    let m = p.len();
    if m == 0 {
        return Vec::new();
    }
    let a = Mat::<f64>::from_fn(m, m, |r, c| {
        f64::from(g[(p[r] as usize, p[c] as usize)]) + if r == c { lambda } else { 0.0 }
    });
    let mut rhs = Mat::<f64>::from_fn(m, 1, |r, _| f64::from(g[(p[r] as usize, j)]));
    match a.llt(Side::Lower) {
        Ok(llt) => {
            llt.solve_in_place_with_conj(Conj::No, rhs.as_mut());
            (0..m).map(|r| rhs[(r, 0)]).collect()
        }
        // Only with λ ≤ 0, which callers rule out: leave the column empty.
        Err(_) => vec![0.0; m],
    }
}

/// EASE neighbour lists for a (binarised) rating matrix: dense fit with
/// `lambda`, then cut to `k` per item as `how` says. Items without any
/// rating have all-zero weights, so the dense solve runs over the rated
/// items only (for a catalogue with many unrated movies it is cubic in the
/// rated ones); unrated items get empty lists and appear in none.
pub fn ease_top_k(
    matrix: &RatingMatrix,
    lambda: f64,
    k: usize,
    how: Sparsify,
) -> Result<Vec<Vec<(u32, f32)>>, EaseError> {
    if let Sparsify::Refit { lambda } = how {
        if !(lambda > 0.0 && lambda.is_finite()) {
            return Err(EaseError::BadLambda(lambda));
        }
    }
    let rated: Vec<u32> = (0..matrix.n_items() as u32)
        .filter(|&i| matrix.item_count(i) > 0)
        .collect();
    if rated.len() < matrix.n_items() {
        let triples = rated
            .iter()
            .enumerate()
            .flat_map(|(pos, &i)| {
                matrix.item(i).iter().map(move |e| RatingTriple {
                    user: e.index,
                    item: pos as u32,
                    value: e.value,
                })
            })
            .collect();
        let compact = RatingMatrix::from_triples(rated.len(), triples);
        let lists = ease_top_k(&compact, lambda, k, how)?;
        let mut out = vec![Vec::new(); matrix.n_items()];
        for (pos, list) in lists.into_iter().enumerate() {
            out[rated[pos] as usize] = list
                .into_iter()
                .map(|(j, w)| (rated[j as usize], w))
                .collect();
        }
        return Ok(out);
    }
    let g = gram(matrix);
    let b = fit(&g, lambda)?;
    let lists = top_k_rows(&b, k);
    drop(b);
    Ok(match how {
        Sparsify::TopK => lists,
        Sparsify::Refit { lambda } => refit(&g, &lists, lambda, Signs::Positive),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn binary(n_items: usize, rows: &[(u32, u32)]) -> RatingMatrix {
        let triples = rows
            .iter()
            .map(|&(user, item)| RatingTriple {
                user,
                item,
                value: 1.0,
            })
            .collect();
        RatingMatrix::from_triples(n_items, triples)
    }

    #[test]
    fn gram_counts_co_occurrences() {
        let m = binary(3, &[(1, 0), (1, 1), (2, 0), (2, 1), (2, 2)]);
        let g = gram(&m);
        let want = [[2.0, 2.0, 1.0], [2.0, 2.0, 1.0], [1.0, 1.0, 1.0]];
        for (i, row) in want.iter().enumerate() {
            for (j, &w) in row.iter().enumerate() {
                assert_eq!(g[(i, j)], w, "G[{i}][{j}]");
            }
        }
    }

    #[test]
    fn bad_lambda_is_an_error() {
        let g = Mat::<f32>::zeros(2, 2);
        assert_eq!(fit(&g, 0.0).unwrap_err(), EaseError::BadLambda(0.0));
        assert!(fit(&g, f64::NAN).is_err());
    }

    #[test]
    fn unrated_items_are_left_out_of_the_solve() {
        // Items 1 and 3 have no rating; the others match the same data
        // without them.
        let m = binary(5, &[(1, 0), (1, 2), (2, 2), (2, 4), (3, 0), (3, 4)]);
        let compact = binary(3, &[(1, 0), (1, 1), (2, 1), (2, 2), (3, 0), (3, 2)]);
        let how = Sparsify::Refit { lambda: 1.0 };
        let lists = ease_top_k(&m, 2.0, 2, how).unwrap();
        let want = ease_top_k(&compact, 2.0, 2, how).unwrap();
        let back = [0u32, 2, 4];
        assert!(lists[1].is_empty() && lists[3].is_empty());
        for (pos, &i) in back.iter().enumerate() {
            let mapped: Vec<(u32, f32)> = want[pos]
                .iter()
                .map(|&(j, w)| (back[j as usize], w))
                .collect();
            assert_eq!(lists[i as usize], mapped, "item {i}");
            assert!(!mapped.is_empty());
        }
    }

    #[test]
    fn refit_with_full_support_is_the_dense_model() {
        // With every off-diagonal weight kept, the restricted regressions
        // are the dense ones.
        let m = binary(
            4,
            &[
                (1, 0),
                (1, 1),
                (2, 1),
                (2, 2),
                (3, 0),
                (3, 2),
                (3, 3),
                (4, 3),
                (4, 1),
            ],
        );
        let g = gram(&m);
        let b = fit(&g, 2.0).unwrap();
        let all: Vec<Vec<(u32, f32)>> = (0..4)
            .map(|i| (0..4u32).filter(|&j| j != i).map(|j| (j, 0.0)).collect())
            .collect();
        let r = refit(&g, &all, 2.0, Signs::Keep);
        for (i, list) in r.iter().enumerate() {
            assert_eq!(list.len(), 3);
            for &(j, w) in list {
                assert!((w - b[(i, j as usize)]).abs() < 1e-5, "B[{i}][{j}]");
            }
        }
    }
}
