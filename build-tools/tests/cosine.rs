//! Item-item cosine on a hand-made rating set (fixture `tiny`), checked
//! against values computed by hand.
//!
//! After dropping the row for unknown movie 99 and the first of user 10's two
//! ratings of movie 1, the rating vectors over users (10, 20, 30) are:
//!
//! | movie | index | vector    | ‖v‖² |
//! |-------|-------|-----------|------|
//! | 1     | 0     | (4, 5, 0) | 41   |
//! | 2     | 1     | (2, 0, 4) | 20   |
//! | 3     | 2     | (5, 3, 1) | 35   |
//! | 5     | 3     | (0, 4, 5) | 41   |
//! | 7     | 4     | unrated   | 0    |
//!
//! cos(1,2) = 8  / √(41·20) = 0.279372118
//! cos(1,3) = 35 / √(41·35) = 0.923936435
//! cos(1,5) = 20 / √(41·41) = 0.487804878
//! cos(2,3) = 14 / √(20·35) = 0.529150262
//! cos(2,5) = 20 / √(20·41) = 0.698430296
//! cos(3,5) = 17 / √(35·41) = 0.448769126

mod common;

use reelgraph_build_tools::cf::cosine_top_k;
use reelgraph_build_tools::ingest;
use reelgraph_build_tools::ratings::RatingMatrix;

const C12: f64 = 0.279_372_118;
const C13: f64 = 0.923_936_435;
const C15: f64 = 0.487_804_878;
const C23: f64 = 0.529_150_262;
const C25: f64 = 0.698_430_296;
const C35: f64 = 0.448_769_126;

fn tiny_matrix() -> RatingMatrix {
    let data = ingest::load(&common::fixture("tiny")).unwrap();
    RatingMatrix::from_triples(data.movies.len(), data.ratings)
}

fn assert_lists(actual: &[Vec<(u32, f32)>], expected: &[Vec<(u32, f64)>]) {
    assert_eq!(actual.len(), expected.len());
    for (movie, (a, e)) in actual.iter().zip(expected).enumerate() {
        let a_idx: Vec<u32> = a.iter().map(|p| p.0).collect();
        let e_idx: Vec<u32> = e.iter().map(|p| p.0).collect();
        assert_eq!(a_idx, e_idx, "neighbour order of movie index {movie}");
        for (&(j, got), &(_, want)) in a.iter().zip(e) {
            assert!(
                (f64::from(got) - want).abs() < 1e-6,
                "cos(index {movie}, index {j}) = {got}, expected {want}"
            );
        }
    }
}

#[test]
fn matrix_matches_the_table() {
    let m = tiny_matrix();
    assert_eq!((m.n_items(), m.n_users(), m.n_ratings()), (5, 3, 9));
    assert_eq!(m.duplicates_dropped(), 1);
    let movie1: Vec<(u32, f32)> = m.item(0).iter().map(|e| (e.index, e.value)).collect();
    assert_eq!(
        movie1,
        vec![(0, 4.0), (1, 5.0)],
        "the later rating 4.0 wins"
    );
    assert_eq!(m.item_mean(2), Some(3.0));
    assert_eq!(m.item_count(4), 0);
}

#[test]
fn all_neighbours_in_order_with_hand_computed_scores() {
    let lists = cosine_top_k(&tiny_matrix(), 10);
    assert_lists(
        &lists,
        &[
            vec![(2, C13), (3, C15), (1, C12)],
            vec![(3, C25), (2, C23), (0, C12)],
            vec![(0, C13), (1, C23), (3, C35)],
            vec![(1, C25), (0, C15), (2, C35)],
            vec![],
        ],
    );
}

#[test]
fn k_cuts_each_list_to_the_best() {
    let lists = cosine_top_k(&tiny_matrix(), 2);
    assert_lists(
        &lists,
        &[
            vec![(2, C13), (3, C15)],
            vec![(3, C25), (2, C23)],
            vec![(0, C13), (1, C23)],
            vec![(1, C25), (0, C15)],
            vec![],
        ],
    );
}
