//! Content neighbours: for every movie, the `k` movies most similar to it by
//! their TF-IDF vectors ([`crate::vectorize`]).
//!
//! The vectors are built so that a dot product is the similarity (the
//! weighted mean of the per-field cosines, see [`crate::vectorize::combine`];
//! for plain unit rows, the cosine), and only movies sharing at least one
//! feature can score above zero. An inverted index
//! (feature → the movies that have it, with their weights) turns each
//! movie's row into the dot products with all its candidates at once:
//! for each feature of movie `i`, for each movie `j` in that feature's
//! postings, `dot[j] += w_i · w_j`. The cost is Σ over features of df², about
//! 10⁸ multiply-adds for ml-latest-small (dominated by the genres and decades
//! every movie has) — never a dense n × n matrix, and memory stays one
//! accumulator per worker. Movies run in parallel with rayon; each worker
//! keeps a dense accumulator, scans it once per movie (genres and decades
//! make most movies touch most of the catalogue, so tracking touched entries
//! costs more than it saves) and keeps the k best with [`select_top_k`],
//! skipping candidates below the k-th best found so far. Summation order is
//! fixed (features ascending, movies ascending), so results do not depend on
//! the number of threads.

use rayon::prelude::*;

use crate::neighbours::select_top_k;
use crate::vectorize::SparseRows;

/// The transpose of [`SparseRows`]: for each column (feature), the rows
/// (movies) that have it and their values, rows ascending.
#[derive(Debug, Clone)]
pub struct InvertedIndex {
    offsets: Vec<usize>,
    rows: Vec<u32>,
    vals: Vec<f32>,
}

impl InvertedIndex {
    /// Builds the index of `m` (a counting sort over columns).
    pub fn new(m: &SparseRows) -> Self {
        let mut offsets = vec![0usize; m.n_cols() + 1];
        for i in 0..m.n_rows() {
            for &c in m.row(i).0 {
                offsets[c as usize + 1] += 1;
            }
        }
        for c in 1..offsets.len() {
            offsets[c] += offsets[c - 1];
        }
        let mut next = offsets.clone();
        let mut rows = vec![0u32; m.nnz()];
        let mut vals = vec![0f32; m.nnz()];
        for i in 0..m.n_rows() {
            for (c, v) in m.entries(i) {
                let slot = &mut next[c as usize];
                rows[*slot] = i as u32;
                vals[*slot] = v;
                *slot += 1;
            }
        }
        InvertedIndex {
            offsets,
            rows,
            vals,
        }
    }

    /// The postings of column `c`: rows ascending, values.
    pub fn postings(&self, c: u32) -> (&[u32], &[f32]) {
        let (s, e) = (self.offsets[c as usize], self.offsets[c as usize + 1]);
        (&self.rows[s..e], &self.vals[s..e])
    }
}

/// Per-worker scratch space, reused across movies.
struct Scratch {
    /// Dot product with each movie so far.
    dots: Vec<f32>,
    /// Scored candidates of the current movie.
    scored: Vec<(u32, f32)>,
}

/// For every row of `m` (TF-IDF vectors of norm ≤ 1), its `k` most similar
/// other rows as `(row index, dot product in 0..=1)`, best first, ties to
/// the lower index. The row itself and scores ≤ 0 are left out; an empty row,
/// or one sharing no feature with any other, gets an empty list.
pub fn cosine_top_k(m: &SparseRows, k: usize) -> Vec<Vec<(u32, f32)>> {
    let n = m.n_rows();
    let index = InvertedIndex::new(m);
    (0..n)
        .into_par_iter()
        .with_min_len(32)
        .map_init(
            || Scratch {
                dots: vec![0.0; n],
                scored: Vec::new(),
            },
            |s, i| neighbours_of(m, &index, i, k, s),
        )
        .collect()
}

fn neighbours_of(
    m: &SparseRows,
    index: &InvertedIndex,
    i: usize,
    k: usize,
    s: &mut Scratch,
) -> Vec<(u32, f32)> {
    let Scratch { dots, scored } = s;
    let mut touched_any = false;
    for (c, w) in m.entries(i) {
        let (rows, vals) = index.postings(c);
        // A feature only this movie has adds nothing to any other movie.
        if rows.len() < 2 {
            continue;
        }
        touched_any = true;
        for (&j, &v) in rows.iter().zip(vals) {
            dots[j as usize] += w * v;
        }
    }
    if !touched_any {
        return Vec::new();
    }
    // Genres and decades are shared by thousands of movies, so most rows
    // touch most of the catalogue: a dense scan of the accumulator is
    // cheaper than tracking which entries were touched. Candidates below the
    // k-th best seen so far are skipped before they are stored.
    dots[i] = 0.0;
    let mut floor = 0.0f32;
    for (j, d) in dots.iter_mut().enumerate() {
        let dot = std::mem::take(d);
        if dot > floor {
            // Rounding can push identical vectors a hair above 1.
            scored.push((j as u32, dot.min(1.0)));
            if scored.len() >= 4 * k.max(16) {
                select_top_k(scored, k);
                if k > 0 && scored.len() == k {
                    floor = scored[k - 1].1;
                }
            }
        }
    }
    select_top_k(scored, k);
    let list = scored.clone();
    scored.clear();
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(entries: &[(u32, f32)]) -> Vec<(u32, f32)> {
        let norm = entries.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
        entries.iter().map(|&(c, v)| (c, v / norm)).collect()
    }

    /// Reference: every pair's dot product, sorted.
    fn brute_force(m: &SparseRows, k: usize) -> Vec<Vec<(u32, f32)>> {
        (0..m.n_rows())
            .map(|i| {
                let mut all: Vec<(u32, f32)> = (0..m.n_rows())
                    .filter(|&j| j != i)
                    .map(|j| {
                        let dot: f32 = m
                            .entries(i)
                            .filter_map(|(c, v)| {
                                m.entries(j).find(|e| e.0 == c).map(|(_, w)| v * w)
                            })
                            .sum();
                        (j as u32, dot.min(1.0))
                    })
                    .filter(|&(_, d)| d > 0.0)
                    .collect();
                select_top_k(&mut all, k);
                all
            })
            .collect()
    }

    #[test]
    fn small_example_by_hand() {
        // a = (1, 1)/√2, b = (1, 0), c = (0, 1), d = empty, e = (0, 0, 1).
        let h = std::f32::consts::FRAC_1_SQRT_2;
        let m = SparseRows::from_rows(
            vec![
                unit(&[(0, 1.0), (1, 1.0)]),
                vec![(0, 1.0)],
                vec![(1, 1.0)],
                vec![],
                vec![(2, 1.0)],
            ],
            3,
        );
        let lists = cosine_top_k(&m, 5);
        assert_eq!(lists[0], vec![(1, h), (2, h)]);
        assert_eq!(lists[1], vec![(0, h)], "b and c share nothing");
        assert_eq!(lists[2], vec![(0, h)]);
        assert!(lists[3].is_empty(), "empty row");
        assert!(lists[4].is_empty(), "feature nobody else has");
    }

    #[test]
    fn agrees_with_brute_force_and_is_thread_independent() {
        let mut state = 0x9e37_79b9_u32;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state
        };
        let rows: Vec<Vec<(u32, f32)>> = (0..120)
            .map(|_| {
                let n = next() % 5;
                let e: Vec<(u32, f32)> = (0..n)
                    .map(|_| (next() % 30, 1.0 + (next() % 4) as f32))
                    .collect();
                let mut dedup: Vec<(u32, f32)> = Vec::new();
                for (c, v) in e {
                    if !dedup.iter().any(|d| d.0 == c) {
                        dedup.push((c, v));
                    }
                }
                if dedup.is_empty() {
                    dedup
                } else {
                    unit(&dedup)
                }
            })
            .collect();
        let m = SparseRows::from_rows(rows, 30);
        let want = brute_force(&m, 7);
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| cosine_top_k(&m, 7));
        let three = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap()
            .install(|| cosine_top_k(&m, 7));
        assert_eq!(one, three);
        for (got, want) in one.iter().zip(&want) {
            let g: Vec<u32> = got.iter().map(|p| p.0).collect();
            let w: Vec<u32> = want.iter().map(|p| p.0).collect();
            assert_eq!(g, w);
            for (a, b) in got.iter().zip(want) {
                assert!((a.1 - b.1).abs() < 1e-5);
            }
        }
    }
}
