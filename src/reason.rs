//! The one-line reason under each neighbour and recommendation: "shares:
//! heist, 1970s" for a content neighbour, "Fans of Heat (1995) also liked
//! this" for a rating neighbour, whichever applies for the blended lists,
//! and "Because you liked …" under "For you".
//!
//! Models are never matched exhaustively: only [`Model::Content`] and
//! [`Model::from_ratings`] are asked about, and every other model (the
//! blended default) is explained by what its neighbour has in the blob's
//! other tables. Shared core: no web dependency, tested natively.

use crate::blob::{Blob, Model, NeighbourTable};
use crate::explain::{describe, shared_features};

/// Features named in a "shares: …" line (items).
pub const REASON_FEATURES: usize = 4;

/// Why the movie at index `other` is a neighbour of the movie at `index`
/// in the table of `model`. Empty only when nothing at all can be said.
pub fn neighbour_reason(blob: &Blob, model: Model, index: u32, other: u32) -> String {
    let shares = || describe(&shared_features(blob, index, other, REASON_FEATURES));
    let fans = || {
        blob.movies
            .get(index as usize)
            .map(|m| format!("Fans of {} also liked this", m.label()))
            .unwrap_or_default()
    };
    if model == Model::Content {
        return shares();
    }
    if model.from_ratings() {
        return fans();
    }
    // Blended (or any model to come): say what the other tables say.
    let listed = |t: &NeighbourTable| t.list(index).any(|(n, _)| n == other);
    let by_content = blob
        .tables
        .iter()
        .any(|t| t.model == Model::Content && listed(t));
    let by_ratings = blob
        .tables
        .iter()
        .any(|t| t.model.from_ratings() && listed(t));
    let shared = shares();
    if by_ratings && !by_content {
        fans()
    } else if !shared.is_empty() {
        shared
    } else {
        fans()
    }
}

/// Of the `liked` movies, the one that contributes most to recommending the
/// movie at `candidate` under `table` (its largest neighbour score), if any.
pub fn strongest_seed(table: &NeighbourTable, liked: &[u32], candidate: u32) -> Option<u32> {
    liked
        .iter()
        .filter_map(|&seed| {
            table
                .list(seed)
                .find(|&(n, _)| n == candidate)
                .map(|(_, s)| (seed, s))
        })
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(seed, _)| seed)
}

/// "Because you liked Heat (1995)" for a recommendation; empty when no liked
/// movie lists the candidate.
pub fn recommendation_reason(
    blob: &Blob,
    table: &NeighbourTable,
    liked: &[u32],
    candidate: u32,
) -> String {
    strongest_seed(table, liked, candidate)
        .and_then(|seed| blob.movies.get(seed as usize))
        .map(|m| format!("Because you liked {}", m.label()))
        .unwrap_or_default()
}
