//! The sparse rating matrix, stored twice in compressed sparse rows (CSR):
//! by item (item → its users and their ratings) and by user (user → the
//! items they rated). Item-item similarity walks both directions, so both are
//! kept rather than searched.
//!
//! Memory is 8 bytes per rating per direction (`u32` index + `f32` value)
//! plus one `usize` offset per row, so 25 M ratings take about 400 MB.
//! Items are the catalogue indices chosen by the caller (`0..n_items`, every
//! movie, rated or not); users are numbered densely in ascending raw userId
//! order. A repeated (user, item) pair keeps the value that came last in the
//! input (the last row in file order) and is counted as a duplicate.

use rayon::prelude::*;

/// One rating as read: raw userId, dense item index, value in stars.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RatingTriple {
    /// Raw userId from the source file.
    pub user: u32,
    /// Dense item index (position in the catalogue).
    pub item: u32,
    /// Rating (stars).
    pub value: f32,
}

/// One stored cell: the index in the other dimension and the rating.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entry {
    /// Dense user index in an item row, dense item index in a user row.
    pub index: u32,
    /// Rating (stars).
    pub value: f32,
}

/// The rating matrix in both orientations, plus per-item statistics.
#[derive(Debug, Clone)]
pub struct RatingMatrix {
    user_ids: Vec<u32>,
    item_offsets: Vec<usize>,
    item_entries: Vec<Entry>,
    user_offsets: Vec<usize>,
    user_entries: Vec<Entry>,
    item_means: Vec<f32>,
    duplicates: u64,
}

impl RatingMatrix {
    /// Builds the matrix for `n_items` items from ratings in input order.
    ///
    /// # Panics
    /// If a triple's `item` is not below `n_items`, or there are 2³² or more
    /// users (indices are `u32`).
    pub fn from_triples(n_items: usize, mut triples: Vec<RatingTriple>) -> Self {
        if let Some(bad) = triples.iter().find(|t| t.item as usize >= n_items) {
            panic!("rating for item {} but only {n_items} items", bad.item);
        }

        // Dense user numbering: ascending raw id, so it is deterministic.
        let mut user_ids: Vec<u32> = triples.par_iter().map(|t| t.user).collect();
        user_ids.par_sort_unstable();
        user_ids.dedup();
        user_ids.shrink_to_fit();
        let n_users = user_ids.len();
        assert!(u32::try_from(n_users).is_ok(), "too many users");

        // A stable sort keeps repeated (item, user) pairs in input order, so
        // the last of each run is the last in the file.
        triples.par_sort_by_key(|t| (t.item, t.user));
        let before = triples.len();
        dedup_keep_last(&mut triples);
        let duplicates = (before - triples.len()) as u64;
        triples.shrink_to_fit();

        // By item: already in (item, user) order.
        let mut item_offsets = vec![0usize; n_items + 1];
        for t in &triples {
            item_offsets[t.item as usize + 1] += 1;
        }
        prefix_sum(&mut item_offsets);
        let item_entries: Vec<Entry> = triples
            .par_iter()
            .map(|t| Entry {
                index: user_ids.binary_search(&t.user).expect("user was collected") as u32,
                value: t.value,
            })
            .collect();
        drop(triples);

        // By user: a counting sort; scanning items in order leaves each
        // user's row sorted by item.
        let mut user_offsets = vec![0usize; n_users + 1];
        for e in &item_entries {
            user_offsets[e.index as usize + 1] += 1;
        }
        prefix_sum(&mut user_offsets);
        let mut next = user_offsets.clone();
        let mut user_entries = vec![
            Entry {
                index: 0,
                value: 0.0
            };
            item_entries.len()
        ];
        for item in 0..n_items {
            for e in &item_entries[item_offsets[item]..item_offsets[item + 1]] {
                let slot = &mut next[e.index as usize];
                user_entries[*slot] = Entry {
                    index: item as u32,
                    value: e.value,
                };
                *slot += 1;
            }
        }

        let item_means = (0..n_items)
            .map(|i| {
                let row = &item_entries[item_offsets[i]..item_offsets[i + 1]];
                if row.is_empty() {
                    0.0
                } else {
                    let sum: f64 = row.iter().map(|e| f64::from(e.value)).sum();
                    (sum / row.len() as f64) as f32
                }
            })
            .collect();

        RatingMatrix {
            user_ids,
            item_offsets,
            item_entries,
            user_offsets,
            user_entries,
            item_means,
            duplicates,
        }
    }

    /// Number of items (rated or not).
    pub fn n_items(&self) -> usize {
        self.item_offsets.len() - 1
    }

    /// Number of distinct users with at least one rating.
    pub fn n_users(&self) -> usize {
        self.user_ids.len()
    }

    /// Number of stored ratings (after dropping duplicates).
    pub fn n_ratings(&self) -> usize {
        self.item_entries.len()
    }

    /// Number of input ratings dropped because the same user rated the same
    /// item again later in the input.
    pub fn duplicates_dropped(&self) -> u64 {
        self.duplicates
    }

    /// Raw userId of dense user `user`.
    pub fn user_id(&self, user: u32) -> u32 {
        self.user_ids[user as usize]
    }

    /// Ratings of `item`: (dense user index, stars), ascending by user.
    pub fn item(&self, item: u32) -> &[Entry] {
        let i = item as usize;
        &self.item_entries[self.item_offsets[i]..self.item_offsets[i + 1]]
    }

    /// Ratings by `user`: (item index, stars), ascending by item.
    pub fn user(&self, user: u32) -> &[Entry] {
        let u = user as usize;
        &self.user_entries[self.user_offsets[u]..self.user_offsets[u + 1]]
    }

    /// Number of ratings of `item`.
    pub fn item_count(&self, item: u32) -> u32 {
        self.item(item).len() as u32
    }

    /// Mean rating of `item` in stars, `None` when it has no ratings.
    pub fn item_mean(&self, item: u32) -> Option<f32> {
        (self.item_count(item) > 0).then(|| self.item_means[item as usize])
    }

    /// The binary matrix of positives: every rating of at least `threshold`
    /// stars becomes 1, the others are dropped (as are users left with
    /// none). Same items; users keep their raw ids. This is what the
    /// implicit-feedback models (popularity, binarised cosine, EASE) learn
    /// from.
    pub fn positives(&self, threshold: f32) -> RatingMatrix {
        let triples = (0..self.n_users() as u32)
            .flat_map(|u| {
                let user = self.user_id(u);
                self.user(u)
                    .iter()
                    .filter(move |e| e.value >= threshold)
                    .map(move |e| RatingTriple {
                        user,
                        item: e.index,
                        value: 1.0,
                    })
            })
            .collect();
        RatingMatrix::from_triples(self.n_items(), triples)
    }
}

/// Removes all but the last of each run of equal (item, user) pairs.
fn dedup_keep_last(triples: &mut Vec<RatingTriple>) {
    let mut write = 0;
    for read in 0..triples.len() {
        let t = triples[read];
        let last_of_run = triples
            .get(read + 1)
            .is_none_or(|n| (n.item, n.user) != (t.item, t.user));
        if last_of_run {
            triples[write] = t;
            write += 1;
        }
    }
    triples.truncate(write);
}

fn prefix_sum(counts: &mut [usize]) {
    for i in 1..counts.len() {
        counts[i] += counts[i - 1];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(user: u32, item: u32, value: f32) -> RatingTriple {
        RatingTriple { user, item, value }
    }

    #[test]
    fn builds_both_orientations_with_dense_users() {
        // Raw users 70 and 9 → dense 1 and 0 (ascending raw id).
        let m = RatingMatrix::from_triples(
            3,
            vec![t(70, 2, 4.0), t(9, 0, 3.0), t(70, 0, 5.0), t(9, 2, 1.5)],
        );
        assert_eq!((m.n_items(), m.n_users(), m.n_ratings()), (3, 2, 4));
        assert_eq!(m.user_id(0), 9);
        assert_eq!(m.user_id(1), 70);
        let row = |s: &[Entry]| s.iter().map(|e| (e.index, e.value)).collect::<Vec<_>>();
        assert_eq!(row(m.item(0)), vec![(0, 3.0), (1, 5.0)]);
        assert_eq!(row(m.item(1)), vec![]);
        assert_eq!(row(m.item(2)), vec![(0, 1.5), (1, 4.0)]);
        assert_eq!(row(m.user(0)), vec![(0, 3.0), (2, 1.5)]);
        assert_eq!(row(m.user(1)), vec![(0, 5.0), (2, 4.0)]);
        assert_eq!(m.item_mean(0), Some(4.0));
        assert_eq!(m.item_mean(1), None);
        assert_eq!(m.item_count(2), 2);
    }

    #[test]
    fn repeated_pair_keeps_the_last_value() {
        let m = RatingMatrix::from_triples(
            2,
            vec![
                t(1, 0, 1.0),
                t(2, 0, 2.0),
                t(1, 0, 5.0),
                t(1, 1, 3.0),
                t(1, 0, 4.5),
            ],
        );
        assert_eq!(m.duplicates_dropped(), 2);
        assert_eq!(m.n_ratings(), 3);
        assert_eq!(
            m.item(0)[0],
            Entry {
                index: 0,
                value: 4.5
            }
        );
        assert_eq!(m.item_mean(0), Some(3.25));
    }

    #[test]
    fn positives_keep_ratings_at_the_threshold_as_ones() {
        let m = RatingMatrix::from_triples(
            3,
            vec![t(5, 0, 4.0), t(5, 1, 3.5), t(8, 1, 5.0), t(9, 2, 2.0)],
        );
        let p = m.positives(4.0);
        assert_eq!((p.n_items(), p.n_users(), p.n_ratings()), (3, 2, 2));
        assert_eq!((p.user_id(0), p.user_id(1)), (5, 8));
        assert_eq!(
            p.item(0),
            &[Entry {
                index: 0,
                value: 1.0
            }]
        );
        assert_eq!(
            p.item(1),
            &[Entry {
                index: 1,
                value: 1.0
            }]
        );
        assert!(p.item(2).is_empty());
    }

    #[test]
    fn empty_input_gives_empty_rows() {
        let m = RatingMatrix::from_triples(2, Vec::new());
        assert_eq!((m.n_users(), m.n_ratings()), (0, 0));
        assert!(m.item(1).is_empty());
    }
}
