//! Bounded top-k selection with a deterministic order.
//!
//! Every similarity model ends the same way: from many scored candidates keep
//! the k best, without sorting the whole candidate list. Two ways:
//! [`TopK`] / [`top_k`] stream candidates through a min-heap of at most k
//! entries (O(n log k) time, O(k) memory); [`select_top_k`] works in place on
//! a buffer with `select_nth_unstable` (O(n) average), which is faster when
//! the candidates are already collected, as in [`crate::cf`].
//! The order is total and independent of input order — score descending, then
//! index ascending — so ties and thread scheduling cannot change a blob.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

/// A scored candidate. Ordered so that "greater" means "better": higher
/// score, then lower index.
#[derive(Debug, Clone, Copy)]
struct Ranked<I> {
    score: f32,
    index: I,
}

impl<I: Ord> Ord for Ranked<I> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then_with(|| other.index.cmp(&self.index))
    }
}

impl<I: Ord> PartialOrd for Ranked<I> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<I: Ord> PartialEq for Ranked<I> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl<I: Ord> Eq for Ranked<I> {}

/// Keeps the `k` best `(index, score)` candidates pushed into it.
#[derive(Debug, Clone)]
pub struct TopK<I> {
    k: usize,
    heap: BinaryHeap<Reverse<Ranked<I>>>,
}

impl<I: Ord + Copy> TopK<I> {
    /// An empty selection that will keep at most `k` candidates.
    pub fn new(k: usize) -> Self {
        TopK {
            k,
            heap: BinaryHeap::with_capacity(k.saturating_add(1).min(1 << 16)),
        }
    }

    /// Offers a candidate. NaN scores are ignored (they have no rank).
    pub fn push(&mut self, index: I, score: f32) {
        if self.k == 0 || score.is_nan() {
            return;
        }
        let cand = Ranked { score, index };
        if self.heap.len() < self.k {
            self.heap.push(Reverse(cand));
        } else if let Some(mut worst) = self.heap.peek_mut() {
            if cand > worst.0 {
                *worst = Reverse(cand);
            }
        }
    }

    /// The score a candidate must reach to be considered once `k`
    /// candidates are kept (the worst kept score; a candidate with an equal
    /// score still enters if its index is lower), `None` while fewer than `k`
    /// are kept. Lets a caller skip work for candidates that cannot enter.
    pub fn threshold(&self) -> Option<f32> {
        if self.heap.len() < self.k {
            None
        } else {
            self.heap.peek().map(|Reverse(r)| r.score)
        }
    }

    /// The kept candidates as `(index, score)`, best first.
    pub fn into_sorted_vec(self) -> Vec<(I, f32)> {
        // Ascending order of Reverse = best first.
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|Reverse(r)| (r.index, r.score))
            .collect()
    }
}

/// The `k` best of `candidates` as `(index, score)`, best first: score
/// descending, ties by index ascending; NaN scores are dropped.
pub fn top_k<I: Ord + Copy>(
    candidates: impl IntoIterator<Item = (I, f32)>,
    k: usize,
) -> Vec<(I, f32)> {
    let mut top = TopK::new(k);
    for (index, score) in candidates {
        top.push(index, score);
    }
    top.into_sorted_vec()
}

/// Keeps the `k` best of `candidates` in place, best first (same order and
/// NaN rule as [`top_k`]). Average O(n + k log k) with `select_nth_unstable`;
/// the better choice when all candidates are in a buffer anyway.
pub fn select_top_k<I: Ord + Copy>(candidates: &mut Vec<(I, f32)>, k: usize) {
    candidates.retain(|c| !c.1.is_nan());
    let order = |a: &(I, f32), b: &(I, f32)| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0));
    if k > 0 && candidates.len() > k {
        candidates.select_nth_unstable_by(k - 1, order);
    }
    candidates.truncate(k);
    candidates.sort_unstable_by(order);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference: full sort with the same order.
    fn by_sorting(mut v: Vec<(u32, f32)>, k: usize) -> Vec<(u32, f32)> {
        v.retain(|c| !c.1.is_nan());
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(k);
        v
    }

    #[test]
    fn keeps_the_best_k_in_order() {
        let c = vec![(0, 0.1), (1, 0.9), (2, 0.5), (3, 0.7), (4, 0.3)];
        assert_eq!(top_k(c, 3), vec![(1, 0.9), (3, 0.7), (2, 0.5)]);
    }

    #[test]
    fn ties_go_to_the_lower_index_whatever_the_input_order() {
        let c = vec![(9u32, 0.5), (4, 0.5), (7, 0.8), (1, 0.5), (6, 0.5)];
        assert_eq!(top_k(c.clone(), 3), vec![(7, 0.8), (1, 0.5), (4, 0.5)]);
        let mut reversed = c;
        reversed.reverse();
        assert_eq!(top_k(reversed, 3), vec![(7, 0.8), (1, 0.5), (4, 0.5)]);
    }

    #[test]
    fn threshold_is_the_worst_kept_score_once_full() {
        let mut top = TopK::new(2);
        assert_eq!(top.threshold(), None);
        top.push(4u32, 0.5);
        assert_eq!(top.threshold(), None);
        top.push(2, 0.25);
        assert_eq!(top.threshold(), Some(0.25));
        top.push(9, 0.75);
        assert_eq!(top.threshold(), Some(0.5));
        // Equal score, lower index: enters.
        top.push(1, 0.5);
        assert_eq!(top.into_sorted_vec(), vec![(9, 0.75), (1, 0.5)]);
        assert_eq!(TopK::<u32>::new(0).threshold(), None);
    }

    #[test]
    fn select_breaks_ties_by_index() {
        let mut c = vec![(9u32, 0.5), (4, 0.5), (7, 0.8), (1, 0.5), (6, 0.5)];
        select_top_k(&mut c, 3);
        assert_eq!(c, vec![(7, 0.8), (1, 0.5), (4, 0.5)]);
    }

    #[test]
    fn fewer_candidates_than_k_and_k_zero() {
        assert_eq!(
            top_k(vec![(2u32, 1.0), (1, 2.0)], 10),
            vec![(1, 2.0), (2, 1.0)]
        );
        assert!(top_k(vec![(2u32, 1.0)], 0).is_empty());
        assert!(top_k(Vec::<(u32, f32)>::new(), 5).is_empty());
    }

    #[test]
    fn nan_is_dropped_and_negative_scores_rank_low() {
        let c = vec![(0u32, f32::NAN), (1, -0.5), (2, 0.25)];
        assert_eq!(top_k(c, 5), vec![(2, 0.25), (1, -0.5)]);
    }

    #[test]
    fn agrees_with_a_full_sort_on_pseudo_random_input() {
        // xorshift, with scores on a coarse grid so ties are frequent.
        let mut state = 0x2545_f491_u32;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state
        };
        for k in [0, 1, 2, 5, 17, 100, 500] {
            let mut c: Vec<(u32, f32)> =
                (0..300).map(|i| (i, (next() % 20) as f32 / 4.0)).collect();
            c[7].1 = f32::NAN;
            let want = by_sorting(c.clone(), k);
            assert_eq!(top_k(c.clone(), k), want, "heap, k = {k}");
            select_top_k(&mut c, k);
            assert_eq!(c, want, "select, k = {k}");
        }
    }
}
