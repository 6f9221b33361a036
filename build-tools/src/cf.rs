//! Item-item collaborative filtering: cosine similarity between movies'
//! rating vectors, users as dimensions.
//!
//! `cos(i, j) = Σ_u r_ui · r_uj / (‖r_i‖ · ‖r_j‖)`, with unrated cells as
//! zero. Ratings are raw stars (not mean-centred), so every co-rated pair
//! scores above zero and a pair with many shared raters scores higher than
//! one with a single shared rater.
//!
//! Only pairs that share a rater can be non-zero, so the dot products are
//! accumulated sparsely from the users' rows: a plain per-movie loop does Σ
//! over users of ratings² multiply-adds (61 M for ml-latest-small, 1.3·10¹⁰
//! for 25 M synthetic ratings). At that scale the cost is memory traffic,
//! not arithmetic, so the work is organised to touch less memory and reuse
//! what is in cache:
//! - **popularity order**: internally movies are renumbered by number of
//!   ratings, most rated first (their *rank*), and every user's row is
//!   sorted by rank.
//! - **each pair once**: the similarity is symmetric, so a movie is only
//!   scored against movies of equal or higher rank; a pair's score is offered
//!   to both movies' top-k. For a rarely rated movie, its heavy raters' rows
//!   are then read only from that rank on — the short tail of rarely rated
//!   movies — instead of whole, which removes most of the work.
//! - **blocks of target movies**: [`BLOCK`] consecutive ranks are scored
//!   together. Each user who rated any of them is visited once per block
//!   and every entry `(j, r_uj)` of their row updates all the block's
//!   accumulators for `j` at once (`acc[j][b] += r_ub · r_uj`: one 64-byte
//!   cache line, two AVX2 instructions).
//! - **bounded top-k**: a block's dot products are scanned once, 16 lanes at
//!   a time against each movie's current k-th best score (no division on
//!   the fast path); only the rare candidates that can enter go to a
//!   [`TopK`] heap — the target's own, or, for the other movie of the pair
//!   (less popular, scored by a later block), a shared heap behind a mutex
//!   whose threshold can be read without the lock.
//!
//! On 25 M synthetic ratings (60 k movies, 160 k users) this does 2.1·10⁹
//! accumulator updates instead of the plain loop's 1.3·10¹⁰ multiply-adds
//! (see BENCHMARKS.md, "build-tools at scale").
//!
//! Blocks run in parallel with rayon; each worker owns its scratch space
//! (accumulators, `16 × 4` bytes per movie, and ratings of the block's
//! targets, `16 × 4` bytes per user). Each pair's dot product is summed in
//! the same order as the plain loop (users ascending) with the same
//! operations, a candidate is dropped only when it cannot be among the k
//! best, and ties go to the lower catalogue index, so the result does not
//! depend on the thread count or the schedule and equals the plain
//! computation exactly (a test checks this).

use std::cmp::Reverse;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::neighbours::TopK;
use crate::progress;
use crate::ratings::RatingMatrix;

/// Target movies scored together (one 64-byte cache line of `f32`
/// accumulators per candidate movie).
pub const BLOCK: usize = 16;

/// One accumulator line: a value per target movie of a block.
#[derive(Debug, Clone, Copy)]
#[repr(C, align(64))]
struct Lanes([f32; BLOCK]);

const ZERO: Lanes = Lanes([0.0; BLOCK]);

/// The users' rows with movies renumbered by rank, each row ascending:
/// structure of arrays, CSR.
struct ByRank {
    offsets: Vec<usize>,
    cols: Vec<u32>,
    vals: Vec<f32>,
    /// For the movie of rank `r`, where each of its ratings sits in its
    /// rater's row (offset within the row), in the order of
    /// `matrix.item(order[r])`: entries `pos_offsets[r]..pos_offsets[r + 1]`.
    pos: Vec<u32>,
    pos_offsets: Vec<usize>,
}

/// Per-worker scratch space, reused across blocks.
struct Scratch {
    /// Dot products of the block's targets with every movie (by rank);
    /// all zero between blocks.
    acc: Vec<Lanes>,
    /// Each user's ratings of the block's targets; all zero between blocks.
    weights: Vec<Lanes>,
    /// Users who rated a target of the block (bit set, by dense user index).
    users: Vec<u64>,
    /// For those users, where their row reaches the block's first target
    /// (index into [`ByRank::cols`]).
    starts: Vec<usize>,
}

/// The candidates a movie receives from the blocks of lower-ranked movies,
/// shared between workers.
struct Shared {
    tops: Vec<Mutex<TopK<u32>>>,
    /// Each heap's current threshold (`f32` bits), readable without the lock.
    thresholds: Vec<AtomicU32>,
}

/// Everything a block reads.
struct Context<'a> {
    matrix: &'a RatingMatrix,
    by_rank: &'a ByRank,
    /// Rank → item index.
    order: &'a [u32],
    norm_by_rank: &'a [f32],
    k: usize,
    shrink: f32,
    shared: &'a Shared,
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
/// Ratings must be finite (ingest guarantees it).
pub fn cosine_top_k_shrunk(matrix: &RatingMatrix, k: usize, shrink: f32) -> Vec<Vec<(u32, f32)>> {
    let n = matrix.n_items();
    let n_users = matrix.n_users();
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

    // Popularity order: rank → item, most rated first (ties: lower index).
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_by_key(|&i| (Reverse(matrix.item_count(i)), i));
    let norm_by_rank: Vec<f32> = order.iter().map(|&i| norms[i as usize]).collect();
    let by_rank = rows_by_rank(matrix, &order);
    let shared = Shared {
        tops: (0..n).map(|_| Mutex::new(TopK::new(k))).collect(),
        thresholds: norm_by_rank
            .iter()
            .map(|&norm| AtomicU32::new(initial_threshold(k, norm).to_bits()))
            .collect(),
    };
    let cx = Context {
        matrix,
        by_rank: &by_rank,
        order: &order,
        norm_by_rank: &norm_by_rank,
        k,
        shrink,
        shared: &shared,
    };

    let bar = progress::bar("neighbours", n as u64, progress::Unit::Items);
    // Scratch spaces are a few MB each: kept in a pool, so there are only
    // as many as blocks run at once (rayon's `map_init` would make one per
    // split of the work, thousands, and the allocator keeps the memory).
    let pool: Mutex<Vec<Scratch>> = Mutex::new(Vec::new());
    let own: Vec<TopK<u32>> = (0..n.div_ceil(BLOCK))
        .into_par_iter()
        .with_max_len(1)
        .map(|block| {
            let taken = pool.lock().unwrap_or_else(|e| e.into_inner()).pop();
            let mut s = taken.unwrap_or_else(|| Scratch {
                acc: vec![ZERO; n],
                weights: vec![ZERO; n_users],
                users: vec![0; n_users.div_ceil(64)],
                starts: vec![0; n_users],
            });
            let tops = block_neighbours(&cx, block, &mut s);
            pool.lock().unwrap_or_else(|e| e.into_inner()).push(s);
            bar.inc(tops.len() as u64);
            tops
        })
        .flatten_iter()
        .collect();
    bar.finish_and_clear();
    drop(by_rank);

    // A movie's list: the best of what its own block found (higher ranks)
    // and what lower-ranked blocks offered it.
    let mut out = vec![Vec::new(); n];
    for ((rank, mut top), shared) in own.into_iter().enumerate().zip(shared.tops) {
        let shared = shared.into_inner().unwrap_or_else(|e| e.into_inner());
        for (index, score) in shared.into_sorted_vec() {
            top.push(index, score);
        }
        out[order[rank] as usize] = top.into_sorted_vec();
    }
    out
}

/// The score a first candidate must reach: 0 (any positive score), or
/// never for `k = 0` or a movie without ratings.
fn initial_threshold(k: usize, norm: f32) -> f32 {
    if k > 0 && norm > 0.0 {
        0.0
    } else {
        f32::INFINITY
    }
}

/// Every user's row with items renumbered by `order` (rank → item), each row
/// ascending by rank: a counting sort over the items in rank order.
fn rows_by_rank(matrix: &RatingMatrix, order: &[u32]) -> ByRank {
    let n_users = matrix.n_users();
    let mut offsets = Vec::with_capacity(n_users + 1);
    offsets.push(0);
    for u in 0..n_users as u32 {
        offsets.push(offsets[u as usize] + matrix.user(u).len());
    }
    let nnz = offsets[n_users];
    let mut cols = vec![0u32; nnz];
    let mut vals = vec![0f32; nnz];
    let mut next = offsets.clone();
    let mut pos = Vec::with_capacity(nnz);
    let mut pos_offsets = Vec::with_capacity(order.len() + 1);
    pos_offsets.push(0);
    for (rank, &item) in order.iter().enumerate() {
        for e in matrix.item(item) {
            let u = e.index as usize;
            let slot = next[u];
            cols[slot] = rank as u32;
            vals[slot] = e.value;
            pos.push((slot - offsets[u]) as u32);
            next[u] += 1;
        }
        pos_offsets.push(pos.len());
    }
    ByRank {
        offsets,
        cols,
        vals,
        pos,
        pos_offsets,
    }
}

/// Scores the movies ranked `block·BLOCK ..` (up to [`BLOCK`] of them)
/// against every movie of equal or higher rank: returns their heaps of
/// such candidates, in rank order, and offers each pair to the
/// higher-ranked movie's shared heap.
fn block_neighbours(cx: &Context, block: usize, s: &mut Scratch) -> Vec<TopK<u32>> {
    let first = block * BLOCK;
    let targets = &cx.order[first..(first + BLOCK).min(cx.order.len())];

    // Each target's raters: their rating goes to the target's lane. The
    // first (lowest-ranked) target a user rated is where the part of their
    // row the block needs starts (rows are ascending by rank).
    let by_rank = cx.by_rank;
    let mut norm_t = [0.0f32; BLOCK];
    for (lane, &item) in targets.iter().enumerate() {
        let rank = first + lane;
        norm_t[lane] = cx.norm_by_rank[rank];
        if norm_t[lane] <= 0.0 {
            continue;
        }
        let pos = &by_rank.pos[by_rank.pos_offsets[rank]..by_rank.pos_offsets[rank + 1]];
        for (e, &p) in cx.matrix.item(item).iter().zip(pos) {
            let u = e.index as usize;
            let (word, bit) = (u / 64, 1u64 << (u % 64));
            if s.users[word] & bit == 0 {
                s.users[word] |= bit;
                s.starts[u] = by_rank.offsets[u] + p as usize;
            }
            s.weights[u].0[lane] = e.value;
        }
    }

    let mut tops: Vec<TopK<u32>> = targets.iter().map(|_| TopK::new(cx.k)).collect();
    let mut threshold = [f32::INFINITY; BLOCK];
    for lane in 0..targets.len() {
        threshold[lane] = initial_threshold(cx.k, norm_t[lane]);
    }
    let mut b = Block {
        cx,
        s,
        first,
        width: targets.len(),
        norm_t,
        threshold,
        tops: &mut tops,
    };
    run_kernel(&mut b);
    tops
}

/// A block's state for the two hot loops ([`kernel`]).
struct Block<'a, 'b> {
    cx: &'a Context<'a>,
    s: &'b mut Scratch,
    /// Rank of the first target.
    first: usize,
    /// Number of targets (lanes in use).
    width: usize,
    /// The targets' norms (0 in unused lanes).
    norm_t: [f32; BLOCK],
    /// The targets' current thresholds (∞ in unused lanes).
    threshold: [f32; BLOCK],
    tops: &'b mut [TopK<u32>],
}

/// Runs [`kernel`] compiled for the best instruction set the CPU has: the
/// same code, vectorised by the compiler for AVX2 when available (the
/// default target only assumes SSE2). Products and sums are the same IEEE
/// operations either way (no fused multiply-add), so results are identical.
fn run_kernel(b: &mut Block) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports AVX2, checked just above.
        unsafe { kernel_avx2(b) };
        return;
    }
    kernel(b);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn kernel_avx2(b: &mut Block) {
    kernel(b);
}

/// The two hot loops of a block: accumulate the dot products of its
/// targets with every movie of equal or higher rank, then scan them into
/// the targets' own heaps and the candidates' shared heaps.
// Lane loops index several parallel arrays; written that way they vectorise.
#[allow(clippy::needless_range_loop)]
#[inline(always)]
fn kernel(b: &mut Block) {
    let (cx, s) = (b.cx, &mut *b.s);
    let (offsets, cols, vals) = (&cx.by_rank.offsets, &cx.by_rank.cols, &cx.by_rank.vals);

    // The block's raters, ascending (the summation order of every dot
    // product): each one's row, from the first entry of rank ≥ `first`,
    // once for the whole block.
    let mut end = b.first;
    for (word_index, word) in s.users.iter_mut().enumerate() {
        let mut bits = std::mem::take(word);
        while bits != 0 {
            let u = word_index * 64 + bits.trailing_zeros() as usize;
            bits &= bits - 1;
            let (start, stop) = (s.starts[u], offsets[u + 1]);
            let w = std::mem::replace(&mut s.weights[u], ZERO).0;
            if stop > start {
                end = end.max(cols[stop - 1] as usize + 1);
            }
            for (&j, &v) in cols[start..stop].iter().zip(&vals[start..stop]) {
                let line = &mut s.acc[j as usize].0;
                for lane in 0..BLOCK {
                    line[lane] += w[lane] * v;
                }
            }
        }
    }

    // Scan the candidates once, all lanes together, with a cheap test (no
    // division) that lets through a superset of the pairs that can enter
    // either movie's top k; only those get the exact score.
    const SLACK: f32 = 1.0 - 1.0 / (1 << 20) as f32;
    let block_end = b.first + b.width;
    for (j, line) in s.acc[b.first..end].iter_mut().enumerate() {
        let j = b.first + j;
        let dots = std::mem::replace(line, ZERO).0;
        let norm_j = cx.norm_by_rank[j];
        // The candidate's own threshold, for offering it the pair (only
        // beyond the block: inside it, the candidate is a target itself).
        let theirs = if j >= block_end {
            f32::from_bits(cx.shared.thresholds[j].load(Ordering::Relaxed))
        } else {
            f32::INFINITY
        };
        let mut any = 0u32;
        for lane in 0..BLOCK {
            let slack_denom = (b.norm_t[lane] * norm_j + cx.shrink) * SLACK;
            any |= u32::from(dots[lane] > 0.0)
                & (u32::from(dots[lane] >= b.threshold[lane] * slack_denom)
                    | u32::from(dots[lane] >= theirs * slack_denom));
        }
        if any == 0 {
            continue;
        }
        let mut shared: Option<std::sync::MutexGuard<TopK<u32>>> = None;
        for lane in 0..b.width {
            let denom = b.norm_t[lane] * norm_j + cx.shrink;
            if b.first + lane == j || dots[lane] <= 0.0 || denom <= 0.0 {
                continue;
            }
            // Rounding can push identical vectors a hair above 1.
            let score = (dots[lane] / denom).min(1.0);
            if score >= b.threshold[lane] {
                let top = &mut b.tops[lane];
                top.push(cx.order[j], score);
                if let Some(t) = top.threshold() {
                    b.threshold[lane] = t;
                }
            }
            if score >= theirs {
                let top = shared.get_or_insert_with(|| {
                    cx.shared.tops[j].lock().unwrap_or_else(|e| e.into_inner())
                });
                top.push(cx.order[b.first + lane], score);
                if let Some(t) = top.threshold() {
                    cx.shared.thresholds[j].store(t.to_bits(), Ordering::Relaxed);
                }
            }
        }
    }
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

    /// The plain per-movie loop (the previous implementation): dense dot
    /// products, users ascending, then a full selection.
    fn reference(m: &RatingMatrix, k: usize, shrink: f32) -> Vec<Vec<(u32, f32)>> {
        let n = m.n_items();
        let norm = |i: u32| {
            let sq: f64 = m.item(i).iter().map(|e| f64::from(e.value).powi(2)).sum();
            sq.sqrt() as f32
        };
        (0..n as u32)
            .map(|i| {
                let mut dots = vec![0.0f32; n];
                for e in m.item(i) {
                    for f in m.user(e.index) {
                        dots[f.index as usize] += e.value * f.value;
                    }
                }
                let mut scored: Vec<(u32, f32)> = (0..n as u32)
                    .filter_map(|j| {
                        let dot = dots[j as usize];
                        let denom = norm(i) * norm(j) + shrink;
                        (j != i && dot > 0.0 && denom > 0.0 && norm(i) > 0.0)
                            .then(|| (j, (dot / denom).min(1.0)))
                    })
                    .collect();
                crate::neighbours::select_top_k(&mut scored, k);
                scored
            })
            .collect()
    }

    #[test]
    fn blocks_give_exactly_the_plain_loop_result() {
        // Several blocks, skewed popularity, half-star ratings, ties.
        let mut state = 0x9e37_79b9_u32;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state
        };
        let n_items = 3 * BLOCK + 5;
        let mut rows = Vec::new();
        for user in 0..90u32 {
            for _ in 0..(1 + next() % 25) {
                let a = next() % n_items as u32;
                let item = a * (next() % n_items as u32) / n_items as u32;
                rows.push((user, item, 0.5 * (1 + next() % 10) as f32));
            }
        }
        let m = matrix(n_items, &rows);
        for k in [0, 1, 5, 200] {
            for shrink in [0.0, 2.0] {
                assert_eq!(
                    cosine_top_k_shrunk(&m, k, shrink),
                    reference(&m, k, shrink),
                    "k = {k}, shrink = {shrink}"
                );
            }
        }
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
