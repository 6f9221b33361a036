//! Recommendation scoring from neighbour lists.
//!
//! This is the one function that turns neighbour lists into what a visitor
//! sees, used by the app *and* by the offline evaluation, so the measured
//! quality is the quality users get.

use std::collections::HashMap;

use crate::blob::NeighbourTable;

/// The `n` nearest neighbours of the movie at `index`, as `(movie index,
/// score)` best first.
pub fn similar(table: &NeighbourTable, index: u32, n: usize) -> Vec<(u32, f32)> {
    table.list(index).take(n).collect()
}

/// Recommends up to `n` movies for a visitor who liked the movies at
/// `liked`: each candidate scores the sum of its similarities to the liked
/// movies (item-based kNN). Liked and `exclude`d movies never appear.
/// Ties go to the lower index so results are deterministic.
pub fn recommend(
    table: &NeighbourTable,
    liked: &[u32],
    exclude: &[u32],
    n: usize,
) -> Vec<(u32, f32)> {
    let mut totals: HashMap<u32, f32> = HashMap::new();
    for &seed in liked {
        for (other, score) in table.list(seed) {
            *totals.entry(other).or_insert(0.0) += score;
        }
    }
    let mut ranked: Vec<(u32, f32)> = totals
        .into_iter()
        .filter(|(i, _)| !liked.contains(i) && !exclude.contains(i))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.truncate(n);
    ranked
}
