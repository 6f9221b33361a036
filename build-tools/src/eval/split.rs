//! The evaluation split, exactly as the protocol says:
//!
//! - ratings ≥ [`POSITIVE_THRESHOLD`] are positives (binary); users with at
//!   least [`MIN_POSITIVES`] positives are kept;
//! - users are shuffled with the seed and cut into folds of equal size (±1);
//!   for each fold the other folds' users are the training data and the
//!   items are those with a positive in training;
//! - each test user's positives, restricted to those items, are shuffled;
//!   [`n_held_out`] of them (round(20%), at least one) are held out, the rest
//!   are fed in; a user left with nothing to feed in is skipped.
//!
//! [`Split::validation_folds`] does the same one level down for model
//! selection, over a fold's *training* users only, so no choice made on
//! validation data ever sees a test user.
//!
//! Randomness: one ChaCha8 generator per purpose, seeded with the seed and
//! told apart by its stream number, so a seed gives the same split on every
//! machine and thread count, and adding a model cannot shift the split.

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::ratings::{RatingMatrix, RatingTriple};

/// Ratings at or above this many stars are positives.
pub const POSITIVE_THRESHOLD: f32 = 4.0;
/// Users with fewer positives than this take no part.
pub const MIN_POSITIVES: usize = 5;

/// How many of a test user's `n` positives are held out: round(n / 5), at
/// least one. (n / 5 never ends in exactly .5 for a whole n, so there is no
/// tie to break: round(n / 5) = ⌊(n + 2) / 5⌋.)
pub fn n_held_out(n: usize) -> usize {
    ((n + 2) / 5).max(1)
}

/// The positives of the users who take part.
#[derive(Debug, Clone, PartialEq)]
pub struct Positives {
    /// Raw userIds, ascending.
    pub user_ids: Vec<u32>,
    /// Each user's positives as `(catalogue index, stars)`, ascending by index.
    pub rows: Vec<Vec<(u32, f32)>>,
    /// Users dropped for having fewer than [`MIN_POSITIVES`] positives.
    pub users_dropped: usize,
}

impl Positives {
    /// Positives of every user of `matrix` with enough of them.
    pub fn from_matrix(matrix: &RatingMatrix) -> Self {
        let mut out = Positives {
            user_ids: Vec::new(),
            rows: Vec::new(),
            users_dropped: 0,
        };
        for u in 0..matrix.n_users() as u32 {
            let row: Vec<(u32, f32)> = matrix
                .user(u)
                .iter()
                .filter(|e| e.value >= POSITIVE_THRESHOLD)
                .map(|e| (e.index, e.value))
                .collect();
            if row.len() >= MIN_POSITIVES {
                out.user_ids.push(matrix.user_id(u));
                out.rows.push(row);
            } else {
                out.users_dropped += 1;
            }
        }
        out
    }

    /// Number of positives, all users together.
    pub fn n_positives(&self) -> usize {
        self.rows.iter().map(Vec::len).sum()
    }
}

/// A seeded generator for one purpose (`stream`).
pub fn rng(seed: u64, stream: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream);
    rng
}

/// Stream of the user shuffle into folds.
const STREAM_FOLDS: u64 = 0;
/// Streams of the hold-out shuffles: this plus the fold number.
const STREAM_HOLD_OUT: u64 = 1 << 8;
/// Streams of the validation groups: this plus the fold number.
const STREAM_VALIDATION_USERS: u64 = 2 << 8;
/// Streams of the validation hold-out shuffles: this plus
/// `fold × groups + group`.
const STREAM_VALIDATION_HOLD_OUT: u64 = 3 << 8;

/// The fold of each of `n_users` users: shuffled with `seed`, then cut into
/// `folds` contiguous runs whose sizes differ by at most one.
pub fn assign_folds(n_users: usize, folds: usize, seed: u64) -> Vec<usize> {
    assign(n_users, folds, &mut rng(seed, STREAM_FOLDS))
}

fn assign(n_users: usize, folds: usize, rng: &mut ChaCha8Rng) -> Vec<usize> {
    assert!(folds >= 2, "cross-validation needs at least two folds");
    let mut order: Vec<usize> = (0..n_users).collect();
    order.shuffle(rng);
    let mut fold_of = vec![0; n_users];
    for (pos, &user) in order.iter().enumerate() {
        fold_of[user] = pos * folds / n_users.max(1);
    }
    fold_of
}

/// One test user of a split: what the model is told and what it should find.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestCase {
    /// The user (a row of the split's input).
    pub user: usize,
    /// Fed-in items (split-local indices), ascending.
    pub fed: Vec<u32>,
    /// Held-out items (split-local indices), ascending.
    pub held: Vec<u32>,
}

/// Training users and test cases over a common item set.
#[derive(Debug, Clone)]
pub struct Split {
    /// The split's items as indices of the input's item space, ascending; a
    /// model's item index is a position in this list ("split-local").
    pub items: Vec<u32>,
    /// Training users (rows of the input), ascending.
    pub train_users: Vec<usize>,
    /// Each training user's positives, split-local, ascending.
    pub train_rows: Vec<Vec<u32>>,
    /// The test users that were kept.
    pub cases: Vec<TestCase>,
    /// Test users skipped because nothing was left to feed in.
    pub skipped: usize,
}

impl Split {
    /// Splits users (`rows[u]`: user `u`'s positives, ascending indices below
    /// `n_items`) into training users and test users (`is_test[u]`),
    /// shuffling each test user's positives with `rng` (in user order).
    pub fn new(rows: &[Vec<u32>], n_items: usize, is_test: &[bool], rng: &mut ChaCha8Rng) -> Split {
        assert_eq!(rows.len(), is_test.len());
        let mut in_training = vec![false; n_items];
        let train_users: Vec<usize> = (0..rows.len()).filter(|&u| !is_test[u]).collect();
        for &u in &train_users {
            for &i in &rows[u] {
                in_training[i as usize] = true;
            }
        }
        let items: Vec<u32> = (0..n_items as u32)
            .filter(|&i| in_training[i as usize])
            .collect();
        let mut local = vec![u32::MAX; n_items];
        for (pos, &i) in items.iter().enumerate() {
            local[i as usize] = pos as u32;
        }
        let train_rows = train_users
            .iter()
            .map(|&u| rows[u].iter().map(|&i| local[i as usize]).collect())
            .collect();
        let mut cases = Vec::new();
        let mut skipped = 0;
        for u in (0..rows.len()).filter(|&u| is_test[u]) {
            let mut known: Vec<u32> = rows[u]
                .iter()
                .map(|&i| local[i as usize])
                .filter(|&l| l != u32::MAX)
                .collect();
            known.shuffle(rng);
            let n_held = n_held_out(known.len());
            if known.len() <= n_held {
                skipped += 1;
                continue;
            }
            let mut held = known[..n_held].to_vec();
            let mut fed = known[n_held..].to_vec();
            held.sort_unstable();
            fed.sort_unstable();
            cases.push(TestCase { user: u, fed, held });
        }
        Split {
            items,
            train_users,
            train_rows,
            cases,
            skipped,
        }
    }

    /// Number of items (the models' item count).
    pub fn n_items(&self) -> usize {
        self.items.len()
    }

    /// The training data as a binary rating matrix over split-local items
    /// (users numbered by their position in [`Split::train_users`]).
    pub fn train_matrix(&self) -> RatingMatrix {
        let triples = self
            .train_rows
            .iter()
            .enumerate()
            .flat_map(|(u, row)| {
                row.iter().map(move |&item| RatingTriple {
                    user: u as u32,
                    item,
                    value: 1.0,
                })
            })
            .collect();
        RatingMatrix::from_triples(self.n_items(), triples)
    }

    /// Validation splits for model selection, carved out of this split's
    /// training users only: they are cut into `n` groups (shuffled with
    /// `seed`, `fold` telling outer folds apart) and each group in turn is
    /// the validation users of one split, the other groups its training
    /// users — so every training user validates once and no test user ever
    /// does. Items are those with a positive among each split's training
    /// users; indices refer to this split's items.
    pub fn validation_folds(&self, seed: u64, fold: usize, n: usize) -> Vec<Split> {
        let group = assign(
            self.train_users.len(),
            n,
            &mut rng(seed, STREAM_VALIDATION_USERS + fold as u64),
        );
        (0..n)
            .map(|v| {
                let is_test: Vec<bool> = group.iter().map(|&g| g == v).collect();
                Split::new(
                    &self.train_rows,
                    self.n_items(),
                    &is_test,
                    &mut rng(seed, STREAM_VALIDATION_HOLD_OUT + (fold * n + v) as u64),
                )
            })
            .collect()
    }
}

/// The cross-validation folds of `positives`: fold `f`'s test users are
/// those [`assign_folds`] puts in `f`. Indices in each [`Split`] refer to the
/// catalogue (`Split::items` are catalogue indices).
pub fn folds(positives: &Positives, n_items: usize, folds: usize, seed: u64) -> Vec<Split> {
    let fold_of = assign_folds(positives.rows.len(), folds, seed);
    let rows: Vec<Vec<u32>> = positives
        .rows
        .iter()
        .map(|r| r.iter().map(|&(i, _)| i).collect())
        .collect();
    (0..folds)
        .map(|f| {
            let is_test: Vec<bool> = fold_of.iter().map(|&g| g == f).collect();
            Split::new(
                &rows,
                n_items,
                &is_test,
                &mut rng(seed, STREAM_HOLD_OUT + f as u64),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn held_out_counts_round_a_fifth_with_at_least_one() {
        let want = [(1, 1), (2, 1), (3, 1), (4, 1), (5, 1), (7, 1), (8, 2)];
        for (n, held) in want {
            assert_eq!(n_held_out(n), held, "n = {n}");
        }
        assert_eq!(n_held_out(12), 2); // 2.4
        assert_eq!(n_held_out(13), 3); // 2.6
        assert_eq!(n_held_out(100), 20);
    }

    #[test]
    fn folds_have_equal_sizes_and_depend_on_the_seed_only() {
        let a = assign_folds(103, 5, 7);
        assert_eq!(a, assign_folds(103, 5, 7));
        assert_ne!(a, assign_folds(103, 5, 8));
        let mut sizes = [0usize; 5];
        for &f in &a {
            sizes[f] += 1;
        }
        assert!(sizes.iter().all(|&s| s == 20 || s == 21), "{sizes:?}");
    }
}
