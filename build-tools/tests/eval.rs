//! The offline evaluation: metrics on cases worked out by hand, the split's
//! invariants, EASE on a 3×3 case solved by hand, how negative weights are
//! kept, and `eval` end to end on a small synthetic data set.

use std::path::Path;
use std::process::Command;

use reelgraph::blob::{Model, NeighbourTable};
use reelgraph::score::recommend;
use reelgraph_build_tools::ease::{self, Signs, Sparsify};
use reelgraph_build_tools::eval::metrics::{ndcg_at, recall_at, FoldMetrics, MeanStd};
use reelgraph_build_tools::eval::split::{self, n_held_out, Positives};
use reelgraph_build_tools::eval::{self, output, EvalArgs, ModelName};
use reelgraph_build_tools::ratings::{RatingMatrix, RatingTriple};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

// ---------------------------------------------------------------- metrics

/// One user; the model ranks [5, 3, 9, 1, 7]; items 3, 7 and 8 were held
/// out. Hits at ranks 2 and 5; item 8 is never found.
const RANKING: [u32; 5] = [5, 3, 9, 1, 7];
const HELD: [u32; 3] = [3, 7, 8];

#[test]
fn recall_divides_by_the_smaller_of_k_and_held_out() {
    assert_eq!(recall_at(&RANKING, &HELD, 1), 0.0); // 0 / min(1, 3)
    assert!(close(recall_at(&RANKING, &HELD, 2), 0.5)); // 1 / 2
    assert!(close(recall_at(&RANKING, &HELD, 3), 1.0 / 3.0)); // 1 / 3
    assert!(close(recall_at(&RANKING, &HELD, 5), 2.0 / 3.0)); // 2 / 3
    assert!(close(recall_at(&RANKING, &HELD, 100), 2.0 / 3.0)); // ranking is shorter
                                                                // A single held-out item found at rank 2: Recall@1 = 0, Recall@2 = 1.
    assert_eq!(recall_at(&RANKING, &[3], 1), 0.0);
    assert_eq!(recall_at(&RANKING, &[3], 2), 1.0);
}

#[test]
fn ndcg_uses_binary_gains_and_the_ideal_over_min_k_held() {
    // DCG = 1/log2(3) + 1/log2(6); ideal (3 held) = 1 + 1/log2(3) + 1/log2(4).
    let dcg = 1.0 / 3f64.log2() + 1.0 / 6f64.log2();
    let ideal = 1.0 + 1.0 / 3f64.log2() + 0.5;
    assert!(close(ndcg_at(&RANKING, &HELD, 100), dcg / ideal));
    assert!((ndcg_at(&RANKING, &HELD, 100) - 0.477_62).abs() < 1e-5);
    // At K = 2 only the hit at rank 2 counts; the ideal has 2 hits.
    assert!(close(
        ndcg_at(&RANKING, &HELD, 2),
        (1.0 / 3f64.log2()) / (1.0 + 1.0 / 3f64.log2())
    ));
    // Perfect ranking scores 1; no hit scores 0.
    assert!(close(ndcg_at(&[8, 7, 3], &HELD, 100), 1.0));
    assert_eq!(ndcg_at(&[1, 2], &HELD, 100), 0.0);
}

#[test]
fn fold_metrics_average_users_and_count_coverage() {
    // User A as above; user B holds out 1 and ranks it first.
    let rankings = vec![RANKING.to_vec(), vec![1, 5]];
    let held: Vec<&[u32]> = vec![&HELD, &[1]];
    let m = FoldMetrics::compute(&rankings, &held, 20);
    assert_eq!(m.users, 2);
    assert!(close(m.recall_at(1), 0.5)); // (0 + 1) / 2
    assert!(close(m.recall_at(2), 0.75)); // (1/2 + 1) / 2
    assert!(close(m.recall_at(20), (2.0 / 3.0 + 1.0) / 2.0));
    // Distinct items in the top-20 lists: 5, 3, 9, 1, 7 → 5 of 20.
    assert!(close(m.coverage20, 0.25));
    let s = MeanStd::of(&[0.3, 0.5]);
    assert!(close(s.mean, 0.4));
    assert!(close(s.std, 0.02f64.sqrt())); // sample standard deviation
}

// ---------------------------------------------------------------- split

/// 60 users over 40 items: user u rates items with a pattern that leaves
/// some users under 5 positives and some ratings under 4 stars.
fn synthetic_matrix() -> RatingMatrix {
    let mut triples = Vec::new();
    for user in 0..60u32 {
        let n = 3 + user % 17;
        for j in 0..n {
            let item = (user * 7 + j * 3) % 40;
            let value = if (user + j) % 4 == 0 { 3.0 } else { 4.5 };
            triples.push(RatingTriple {
                user: 1000 + user,
                item,
                value,
            });
        }
    }
    RatingMatrix::from_triples(40, triples)
}

#[test]
fn positives_keep_ratings_of_four_and_users_with_five() {
    let m = synthetic_matrix();
    let p = Positives::from_matrix(&m);
    assert!(p.users_dropped > 0);
    assert_eq!(p.rows.len() + p.users_dropped, m.n_users());
    for row in &p.rows {
        assert!(row.len() >= split::MIN_POSITIVES);
        assert!(row.iter().all(|&(_, r)| r >= 4.0));
    }
}

#[test]
fn split_invariants_hold_in_every_fold() {
    let m = synthetic_matrix();
    let p = Positives::from_matrix(&m);
    let folds = split::folds(&p, m.n_items(), 5, 3);
    let mut tested = vec![0; p.rows.len()];
    for s in &folds {
        // The items are exactly those with a positive in training.
        let mut in_training = vec![false; m.n_items()];
        for &u in &s.train_users {
            for &(i, _) in &p.rows[u] {
                in_training[i as usize] = true;
            }
        }
        let want: Vec<u32> = (0..40).filter(|&i| in_training[i as usize]).collect();
        assert_eq!(s.items, want);
        for case in &s.cases {
            tested[case.user] += 1;
            // No test user in training.
            assert!(!s.train_users.contains(&case.user));
            // Held-out items are never fed in; together they are the user's
            // positives among the split's items.
            assert!(case.held.iter().all(|h| !case.fed.contains(h)));
            let mut all: Vec<u32> = case.fed.iter().chain(&case.held).copied().collect();
            all.sort_unstable();
            let mut known: Vec<u32> = p.rows[case.user]
                .iter()
                .filter_map(|&(i, _)| s.items.binary_search(&i).ok().map(|l| l as u32))
                .collect();
            known.sort_unstable();
            assert_eq!(all, known);
            // round(20%), at least one, held out; something fed in.
            assert_eq!(case.held.len(), n_held_out(known.len()));
            assert!(!case.held.is_empty() && !case.fed.is_empty());
        }
        // The training matrix holds the training users only.
        let train = s.train_matrix();
        assert_eq!(train.n_users(), s.train_users.len());
        assert_eq!(
            train.n_ratings(),
            s.train_rows.iter().map(Vec::len).sum::<usize>()
        );
        // Validation users come from the training users only, each once.
        let vs = s.validation_folds(3, 0, 3);
        let mut v_users: Vec<usize> = Vec::new();
        for v in &vs {
            for c in &v.cases {
                // Not among its own split's training users either.
                assert!(!v.train_users.contains(&c.user));
                v_users.push(s.train_users[c.user]);
            }
        }
        assert!(!v_users.is_empty());
        assert!(v_users.iter().all(|u| s.train_users.contains(u)));
        let n = v_users.len();
        v_users.sort_unstable();
        v_users.dedup();
        assert_eq!(v_users.len(), n);
    }
    // Every kept user is tested in exactly one fold (unless skipped).
    let skipped: usize = folds.iter().map(|s| s.skipped).sum();
    assert_eq!(
        tested.iter().filter(|&&t| t == 1).count() + skipped,
        p.rows.len()
    );
    assert!(tested.iter().all(|&t| t <= 1));
}

#[test]
fn the_split_depends_on_the_seed_only() {
    let m = synthetic_matrix();
    let p = Positives::from_matrix(&m);
    let a = split::folds(&p, 40, 5, 11);
    let b = split::folds(&p, 40, 5, 11);
    let c = split::folds(&p, 40, 5, 12);
    let cases = |f: &[split::Split]| f.iter().map(|s| s.cases.clone()).collect::<Vec<_>>();
    assert_eq!(cases(&a), cases(&b));
    assert_ne!(cases(&a), cases(&c));
}

#[test]
fn users_with_nothing_left_to_feed_in_are_skipped() {
    // Rows over 3 items; user 2 (test) has one positive among the training
    // items (item 2 has no training positive): 1 held out, 0 fed → skipped.
    let rows = vec![vec![0, 1], vec![1], vec![0, 2]];
    let s = split::Split::new(&rows, 3, &[false, false, true], &mut split::rng(0, 0));
    assert_eq!(s.items, vec![0, 1]);
    assert!(s.cases.is_empty());
    assert_eq!(s.skipped, 1);
}

// ---------------------------------------------------------------- EASE

/// Users {0,1}, {1,2}, {0}, {2}: G = [[2,1,0],[1,2,1],[0,1,2]].
fn three_items() -> RatingMatrix {
    let rows = [(1, 0), (1, 1), (2, 1), (2, 2), (3, 0), (4, 2)];
    let triples = rows
        .iter()
        .map(|&(user, item)| RatingTriple {
            user,
            item,
            value: 1.0,
        })
        .collect();
    RatingMatrix::from_triples(3, triples)
}

/// Solved by hand for λ = 1: G + I = [[3,1,0],[1,3,1],[0,1,3]], determinant
/// 21, P = (1/21)·[[8,−3,1],[−3,9,−3],[1,−3,8]], B[i][j] = −P[i][j]/P[j][j]:
const B_BY_HAND: [[f64; 3]; 3] = [
    [0.0, 1.0 / 3.0, -1.0 / 8.0],
    [3.0 / 8.0, 0.0, 3.0 / 8.0],
    [-1.0 / 8.0, 1.0 / 3.0, 0.0],
];

#[test]
fn ease_matches_the_three_by_three_case_solved_by_hand() {
    let g = ease::gram(&three_items());
    let b = ease::fit(&g, 1.0).unwrap();
    for (i, row) in B_BY_HAND.iter().enumerate() {
        for (j, &want) in row.iter().enumerate() {
            let got = f64::from(b[(i, j)]);
            assert!(
                (got - want).abs() < 1e-6,
                "B[{i}][{j}] = {got}, want {want}"
            );
        }
    }
}

#[test]
fn negative_weights_are_dropped_from_lists_or_kept_signed_on_request() {
    let g = ease::gram(&three_items());
    let b = ease::fit(&g, 1.0).unwrap();
    // Naive cut: the negative weight of 0 → 2 never enters a list.
    let lists = ease::top_k_rows(&b, 2);
    assert_eq!(lists[0].len(), 1);
    assert_eq!(lists[0][0].0, 1);
    assert!((lists[0][0].1 - 1.0 / 3.0).abs() < 1e-6);
    // Row 1: 3/8 and 3/8 (equal up to rounding).
    let mut row1: Vec<u32> = lists[1].iter().map(|p| p.0).collect();
    row1.sort_unstable();
    assert_eq!(row1, vec![0, 2]);
    assert!(lists[1].iter().all(|p| (p.1 - 0.375).abs() < 1e-6));
    // By magnitude it is kept, with its sign, after the larger positive.
    let signed = ease::top_k_by_magnitude(&b, 2);
    assert_eq!(
        signed[0].iter().map(|p| p.0).collect::<Vec<_>>(),
        vec![1, 2]
    );
    assert!((signed[0][1].1 + 0.125).abs() < 1e-6);
    // The blob never stores a negative score: it would be clamped to 0.
    let table = NeighbourTable::from_lists(Model::RatingsCosine, 2, &signed);
    assert_eq!(table.list(0).map(|p| p.1).collect::<Vec<_>>()[1], 0.0);
}

#[test]
fn refit_solves_the_regression_on_the_kept_support() {
    let g = ease::gram(&three_items());
    // Lists: 0 → {1}, 1 → {0}, 2 → {1}. Column 1's predictors are {0, 2}:
    // [[3,0],[0,3]]·b = [1,1] → b = 1/3 each (as in the dense model).
    // Column 0's only predictor is 1: 3·b = 1 → b = 1/3 (dense: 3/8, because
    // there item 2 takes −1/8 of it).
    let support = vec![vec![(1, 0.0)], vec![(0, 0.0)], vec![(1, 0.0)]];
    let r = ease::refit(&g, &support, 1.0, Signs::Positive);
    for (i, j) in [(0, 1), (1, 0), (2, 1)] {
        assert_eq!(r[i].len(), 1);
        assert_eq!(r[i][0].0, j);
        assert!((r[i][0].1 - 1.0 / 3.0).abs() < 1e-6, "{i} → {j}");
    }
    // With the full support the refit is the dense model, negatives kept
    // only when asked for.
    let full: Vec<Vec<(u32, f32)>> = (0..3u32)
        .map(|i| (0..3u32).filter(|&j| j != i).map(|j| (j, 0.0)).collect())
        .collect();
    let keep = ease::refit(&g, &full, 1.0, Signs::Keep);
    assert!((keep[0][1].1 + 0.125).abs() < 1e-6);
    let positive = ease::refit(&g, &full, 1.0, Signs::Positive);
    assert_eq!(positive[0].len(), 1);
    // ease_top_k chains the steps.
    let lists = ease::ease_top_k(&three_items(), 1.0, 1, Sparsify::TopK).unwrap();
    assert_eq!(lists[0].len(), 1);
    assert_eq!(lists[0][0].0, 1);
    assert!((lists[0][0].1 - 1.0 / 3.0).abs() < 1e-6);
    assert!(ease::ease_top_k(&three_items(), 1.0, 1, Sparsify::Refit { lambda: 0.0 }).is_err());
}

#[test]
fn ease_lists_scored_by_recommend_rank_like_the_dense_model() {
    // A user who liked item 1: dense scores are row 1 of B, 3/8 for items
    // 0 and 2 (a tie, lower index first).
    let g = ease::gram(&three_items());
    let b = ease::fit(&g, 1.0).unwrap();
    let lists = ease::top_k_rows(&b, 2);
    let table = NeighbourTable::from_lists(Model::RatingsCosine, 2, &lists);
    let picks: Vec<u32> = recommend(&table, &[1], &[], 10)
        .into_iter()
        .map(|p| p.0)
        .collect();
    assert_eq!(picks, vec![0, 2]);
}

// ---------------------------------------------------------------- end to end

/// Writes a small MovieLens folder: 40 movies, 60 users (see
/// [`synthetic_matrix`]), with a shared taste so models beat chance.
fn write_dataset(dir: &Path) {
    let mut movies = String::from("movieId,title,genres\r\n");
    let mut links = String::from("movieId,imdbId,tmdbId\r\n");
    for i in 0..40 {
        movies.push_str(&format!("{},Movie {i} (2000),Drama\r\n", i + 1));
        links.push_str(&format!("{},{},{}\r\n", i + 1, 100 + i, 200 + i));
    }
    let mut ratings = String::from("userId,movieId,rating,timestamp\r\n");
    for user in 0..60u32 {
        let n = 6 + user % 11;
        for j in 0..n {
            let item = (user % 4) * 10 + (j * 3 + user) % 10;
            let value = if j % 5 == 4 { 2.0 } else { 4.5 };
            ratings.push_str(&format!("{},{},{value},0\r\n", user + 1, item + 1));
        }
    }
    std::fs::write(dir.join("movies.csv"), movies).unwrap();
    std::fs::write(dir.join("links.csv"), links).unwrap();
    std::fs::write(dir.join("ratings.csv"), ratings).unwrap();
}

#[test]
fn eval_runs_end_to_end_and_writes_its_outputs() {
    let dir = tempfile::tempdir().unwrap();
    write_dataset(dir.path());
    let args = EvalArgs {
        data: dir.path().to_path_buf(),
        seed: 1,
        k: 5,
        folds: 3,
        models: vec![
            ModelName::Popularity,
            ModelName::Cosine,
            ModelName::EaseTopk,
            ModelName::EaseRefit,
            ModelName::EaseDense,
        ],
        save_split: Some(dir.path().join("split")),
        content: None,
    };
    let report = eval::run_eval(&args).unwrap();
    assert_eq!(report.folds.len(), 3);
    assert_eq!(report.models.len(), 5);
    for m in &report.models {
        assert_eq!(m.folds.len(), 3);
        assert_eq!(m.params.len(), 3);
        let r20 = m.metrics.recall20.mean;
        assert!((0.0..=1.0).contains(&r20), "{} {r20}", m.model);
        assert_eq!(m.metrics.recall_curve.len(), 100);
    }
    // The block structure is easy: EASE finds the held-out movies.
    let ease = &report.models[3];
    assert!(
        ease.metrics.recall20.mean > 0.5,
        "{}",
        ease.metrics.recall20.mean
    );
    assert!(ease.params.iter().all(|p| p.contains_key("refit_lambda")));

    let text = output::table(&report);
    assert!(
        text.contains("ease-refit") && text.contains("Recall@20"),
        "{text}"
    );
    output::write_json(&report, &dir.path().join("out/eval.json")).unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/eval.json")).unwrap()).unwrap();
    assert_eq!(json["models"][0]["model"], "popularity");
    assert!(json["models"][0]["metrics"]["recall20"]["mean"].is_number());
    output::write_report(&report, &dir.path().join("report")).unwrap();
    let svg = std::fs::read_to_string(dir.path().join("report").join(output::PLOT_FILE)).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("ease-refit"));
    let md = std::fs::read_to_string(dir.path().join("report").join(output::TABLE_FILE)).unwrap();
    assert!(md.contains("| `ease-topk` | 5 |"), "{md}");

    // The saved split: fold files with MovieLens ids; held-out rows never
    // appear among the fed-in rows or the training rows.
    let read = |f: usize, name: &str| {
        std::fs::read_to_string(dir.path().join(format!("split/fold-{f}/{name}"))).unwrap()
    };
    for f in 1..=3 {
        let (train, fed, held) = (
            read(f, "train.csv"),
            read(f, "fed_in.csv"),
            read(f, "held_out.csv"),
        );
        assert!(train.starts_with("userId,movieId,rating\n"));
        let rows = |s: &str| s.lines().skip(1).map(str::to_string).collect::<Vec<_>>();
        let held = rows(&held);
        assert!(!held.is_empty());
        let train_users: Vec<String> = rows(&train)
            .iter()
            .map(|r| r.split(',').next().unwrap().to_string())
            .collect();
        for row in &held {
            assert!(!rows(&fed).contains(row));
            assert!(!train_users.contains(&row.split(',').next().unwrap().to_string()));
        }
    }
}

#[test]
fn eval_command_prints_the_table_and_rejects_unknown_models() {
    let dir = tempfile::tempdir().unwrap();
    write_dataset(dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_build-tools"))
        .args([
            "eval",
            "-k",
            "5",
            "--folds",
            "3",
            "--models",
            "popularity,cosine",
        ])
        .arg("--data")
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("popularity") && stdout.contains("Recall@50"),
        "{stdout}"
    );

    let out = Command::new(env!("CARGO_BIN_EXE_build-tools"))
        .args(["eval", "--models", "svd"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown model \"svd\""));
}
