//! The popularity baseline as neighbour lists: every movie's list is the k
//! most popular *other* movies (most positives in the training data), scored
//! by that count. Summed over a visitor's liked movies by
//! [`reelgraph::score::recommend`], it ranks unseen movies by popularity —
//! the floor any personalised model has to beat. Only the k (or k + 1) most
//! popular movies can ever be recommended, which the evaluation's coverage
//! column shows.

use crate::ratings::RatingMatrix;

/// For every item of `matrix`, the `k` items with the most ratings other
/// than itself, as `(item, number of ratings)` best first (ties: lower index
/// first). Items without ratings never appear in a list.
pub fn popularity_top_k(matrix: &RatingMatrix, k: usize) -> Vec<Vec<(u32, f32)>> {
    let n = matrix.n_items() as u32;
    let mut ranked: Vec<(u32, f32)> = (0..n)
        .map(|i| (i, matrix.item_count(i) as f32))
        .filter(|&(_, c)| c > 0.0)
        .collect();
    crate::neighbours::select_top_k(&mut ranked, k.saturating_add(1));
    (0..n)
        .map(|i| {
            ranked
                .iter()
                .filter(|&&(j, _)| j != i)
                .take(k)
                .copied()
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ratings::RatingTriple;

    #[test]
    fn lists_the_most_popular_others() {
        // Item counts: 0 → 1, 1 → 3, 2 → 2, 3 → 0.
        let rows = [(1, 0), (1, 1), (2, 1), (3, 1), (2, 2), (3, 2)];
        let triples = rows
            .iter()
            .map(|&(user, item)| RatingTriple {
                user,
                item,
                value: 1.0,
            })
            .collect();
        let m = RatingMatrix::from_triples(4, triples);
        let lists = popularity_top_k(&m, 2);
        assert_eq!(lists[0], vec![(1, 3.0), (2, 2.0)]);
        assert_eq!(lists[1], vec![(2, 2.0), (0, 1.0)]);
        assert_eq!(lists[3], vec![(1, 3.0), (2, 2.0)]);
    }
}
