//! Item-item collaborative filtering: cosine similarity between movies'
//! rating vectors, users as dimensions.
//!
//! `cos(i, j) = Σ_u r_ui · r_uj / (‖r_i‖ · ‖r_j‖)`, with unrated cells as
//! zero. Ratings are raw stars (not mean-centred), so every co-rated pair
//! scores above zero and a pair with many shared raters scores higher than
//! one with a single shared rater.
//!
//! Only pairs that share a rater can be non-zero, so for each movie `i` the
//! dot products are accumulated sparsely: for each user who rated `i`, for
//! each movie that user rated (Σ over users of ratings² multiply-adds in
//! all, about 61 M for ml-latest-small). Movies are processed in parallel
//! with rayon; each worker owns a dense accumulator (one `f32` per movie) and
//! a list of the entries it touched, so resetting costs only what was used,
//! and the k best are picked with [`select_top_k`]. The summation order is
//! fixed (users ascending, then movies ascending), so the result does not
//! depend on the number of threads.

use rayon::prelude::*;

use crate::neighbours::select_top_k;
use crate::ratings::RatingMatrix;

/// Per-worker scratch space, reused across movies.
struct Scratch {
    /// Dot product with each item so far.
    dots: Vec<f32>,
    /// Whether an item is already listed in `touched`.
    seen: Vec<bool>,
    /// Items with a (possibly) non-zero dot product, in its first entries.
    /// Sized for every item plus one spare slot, so it can be filled without
    /// a branch (a repeat still writes one past the end of the list).
    touched: Vec<u32>,
    /// Scored candidates of the current item.
    scored: Vec<(u32, f32)>,
}

/// For every item of `matrix`, its `k` most cosine-similar other items as
/// `(item index, cosine in 0..=1)`, best first (ties: lower index first).
/// Indexed like the matrix's items (= the blob's catalogue order); an item
/// without ratings, or sharing no rater with any other, gets an empty list.
/// The item itself and non-positive scores are never included.
pub fn cosine_top_k(matrix: &RatingMatrix, k: usize) -> Vec<Vec<(u32, f32)>> {
    cosine_top_k_shrunk(matrix, k, 0.0)
}

/// [`cosine_top_k`] with shrinkage: `Σ_u r_ui · r_uj / (‖r_i‖ · ‖r_j‖ + shrink)`.
/// A pair backed by few raters has small norms, so a positive `shrink`
/// pulls its similarity towards zero much more than a well-supported
/// pair's; `shrink = 0` is plain cosine. Applied to a binarised matrix
/// (every positive = 1), this is the item-kNN baseline of the evaluation.
pub fn cosine_top_k_shrunk(matrix: &RatingMatrix, k: usize, shrink: f32) -> Vec<Vec<(u32, f32)>> {
    let n = matrix.n_items();
    let norms: Vec<f32> = (0..n as u32)
        .into_par_iter()
        .map(|i| {
            let sq: f64 = matrix
                .item(i)
                .iter()
                .map(|e| f64::from(e.value).powi(2))
                .sum();
            sq.sqrt() as f32
        })
        .collect();

    (0..n as u32)
        .into_par_iter()
        .with_min_len(64)
        .map_init(
            || Scratch {
                dots: vec![0.0; n],
                seen: vec![false; n],
                touched: vec![0; n + 1],
                scored: Vec::new(),
            },
            |s, i| neighbours_of(matrix, &norms, i, k, shrink, s),
        )
        .collect()
}

fn neighbours_of(
    matrix: &RatingMatrix,
    norms: &[f32],
    i: u32,
    k: usize,
    shrink: f32,
    s: &mut Scratch,
) -> Vec<(u32, f32)> {
    let norm_i = norms[i as usize];
    if norm_i <= 0.0 {
        return Vec::new();
    }
    let Scratch {
        dots,
        seen,
        touched,
        scored,
    } = s;
    let mut n_touched = 0;
    for e in matrix.item(i) {
        for f in matrix.user(e.index) {
            let j = f.index as usize;
            // Branch-free: always write, advance only for a new item.
            touched[n_touched] = f.index;
            n_touched += usize::from(!seen[j]);
            seen[j] = true;
            dots[j] += e.value * f.value;
        }
    }
    for &j in &touched[..n_touched] {
        let ju = j as usize;
        let dot = dots[ju];
        dots[ju] = 0.0;
        seen[ju] = false;
        let denom = norm_i * norms[ju] + shrink;
        if j == i || dot <= 0.0 || denom <= 0.0 {
            continue;
        }
        // Rounding can push identical vectors a hair above 1.
        scored.push((j, (dot / denom).min(1.0)));
    }
    select_top_k(scored, k);
    let list = scored.clone();
    scored.clear();
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ratings::RatingTriple;

    fn matrix(n_items: usize, rows: &[(u32, u32, f32)]) -> RatingMatrix {
        let triples = rows
            .iter()
            .map(|&(user, item, value)| RatingTriple { user, item, value })
            .collect();
        RatingMatrix::from_triples(n_items, triples)
    }

    #[test]
    fn two_users_three_items() {
        // Items over users (1, 2): a = (1, 0), b = (1, 1), c = (0, 2).
        // cos(a,b) = 1/√2, cos(a,c) = 0 (no shared rater), cos(b,c) = 2/(√2·2) = 1/√2.
        let m = matrix(3, &[(1, 0, 1.0), (1, 1, 1.0), (2, 1, 1.0), (2, 2, 2.0)]);
        let lists = cosine_top_k(&m, 10);
        let h = std::f32::consts::FRAC_1_SQRT_2;
        assert_eq!(lists[0], vec![(1, h)]);
        // b's two neighbours tie at 1/√2: lower index first.
        assert_eq!(lists[1], vec![(0, h), (2, h)]);
        assert_eq!(lists[2], vec![(1, h)]);
    }

    #[test]
    fn proportional_vectors_score_one_and_k_cuts() {
        // b = 2·a; c overlaps partly.
        let m = matrix(
            4,
            &[
                (1, 0, 1.0),
                (2, 0, 2.0),
                (1, 1, 2.0),
                (2, 1, 4.0),
                (2, 2, 3.0),
            ],
        );
        let lists = cosine_top_k(&m, 1);
        assert_eq!(lists[0].len(), 1);
        assert_eq!(lists[0][0].0, 1);
        assert!((lists[0][0].1 - 1.0).abs() < 1e-6 && lists[0][0].1 <= 1.0);
        assert_eq!(lists[1][0].0, 0);
        // c = (0, 3) scores 2/√5 ≈ 0.894 against both a and b (a and b are
        // proportional, so the tie is only up to rounding).
        assert_eq!(lists[2].len(), 1);
        assert!((lists[2][0].1 - 0.894_427_2).abs() < 1e-6);
        assert!(lists[3].is_empty(), "unrated item has no neighbours");
    }

    #[test]
    fn every_user_rating_every_item() {
        // Revisiting items once all are listed uses the spare slot in
        // `touched`. Items over users (1, 2): (1,1), (2,2), (1,3).
        let m = matrix(
            3,
            &[
                (1, 0, 1.0),
                (2, 0, 1.0),
                (1, 1, 2.0),
                (2, 1, 2.0),
                (1, 2, 1.0),
                (2, 2, 3.0),
            ],
        );
        let lists = cosine_top_k(&m, 5);
        // cos(0,1) = 1, cos(0,2) = cos(1,2) = 4/(√2·√10) = 0.894427.
        let ids: Vec<Vec<u32>> = lists
            .iter()
            .map(|l| l.iter().map(|p| p.0).collect())
            .collect();
        assert_eq!(ids, vec![vec![1, 2], vec![0, 2], vec![0, 1]]);
        assert!((lists[2][0].1 - 0.894_427_2).abs() < 1e-6);
    }

    #[test]
    fn shrinkage_favours_well_supported_pairs() {
        // Binary. a and b share one rater and nobody else: cosine 1.
        // c and d share 3 of their 4 raters each: cosine 0.75.
        let mut rows = vec![(1, 0, 1.0), (1, 1, 1.0)];
        for u in 2..5 {
            rows.extend([(u, 2, 1.0), (u, 3, 1.0)]);
        }
        rows.extend([(5, 2, 1.0), (6, 3, 1.0)]);
        let m = matrix(4, &rows);
        let plain = cosine_top_k(&m, 1);
        assert_eq!(plain, cosine_top_k_shrunk(&m, 1, 0.0));
        assert!((plain[0][0].1 - 1.0).abs() < 1e-6);
        assert!((plain[2][0].1 - 0.75).abs() < 1e-6);
        // Shrink 4: a–b 1 / (1 + 4) = 0.2, c–d 3 / (4 + 4) = 0.375.
        let shrunk = cosine_top_k_shrunk(&m, 1, 4.0);
        assert!((shrunk[0][0].1 - 0.2).abs() < 1e-6);
        assert!((shrunk[2][0].1 - 0.375).abs() < 1e-6);
    }

    #[test]
    fn result_does_not_depend_on_thread_count() {
        let rows: Vec<(u32, u32, f32)> = (0..400u32)
            .map(|n| (n % 37, (n * 7) % 50, 0.5 + (n % 10) as f32 * 0.5))
            .collect();
        let m = matrix(50, &rows);
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| cosine_top_k(&m, 5));
        let four = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap()
            .install(|| cosine_top_k(&m, 5));
        assert_eq!(one, four);
        assert!(one.iter().any(|l| l.len() == 5));
    }
}
