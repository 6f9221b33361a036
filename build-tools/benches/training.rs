//! Training time of the evaluated models on the bundled ml-latest-small
//! positives (ratings ≥ 4, binarised, every user):
//! `cargo bench -p reelgraph-build-tools --bench training`.
//!
//! EASE's dense solve is cubic in the number of items, so it is measured on
//! the 2,000 most popular movies as well as on every movie with a positive;
//! the refit is measured on the full item set.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use reelgraph_build_tools::ease::{self, Signs};
use reelgraph_build_tools::eval::split::Positives;
use reelgraph_build_tools::ingest;
use reelgraph_build_tools::ratings::{RatingMatrix, RatingTriple};
use reelgraph_build_tools::{cf, popularity};

const K: usize = 50;

/// The positives as a binary matrix over the movies with at least one,
/// keeping only the `limit` most popular of them.
fn positives_matrix(limit: usize) -> RatingMatrix {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/ml-latest-small");
    let mut dataset = ingest::load(&data).expect("the bundled data loads");
    let triples = std::mem::take(&mut dataset.ratings);
    let matrix = RatingMatrix::from_triples(dataset.movies.len(), triples);
    let positives = Positives::from_matrix(&matrix);
    let mut counts = vec![0u32; matrix.n_items()];
    for row in &positives.rows {
        for &(i, _) in row {
            counts[i as usize] += 1;
        }
    }
    let mut items: Vec<u32> = (0..counts.len() as u32)
        .filter(|&i| counts[i as usize] > 0)
        .collect();
    items.sort_by_key(|&i| std::cmp::Reverse(counts[i as usize]));
    items.truncate(limit);
    items.sort_unstable();
    let triples = positives
        .rows
        .iter()
        .enumerate()
        .flat_map(|(u, row)| {
            let items = &items;
            row.iter().filter_map(move |&(i, _)| {
                items.binary_search(&i).ok().map(|pos| RatingTriple {
                    user: u as u32,
                    item: pos as u32,
                    value: 1.0,
                })
            })
        })
        .collect();
    RatingMatrix::from_triples(items.len(), triples)
}

fn training(c: &mut Criterion) {
    let all = positives_matrix(usize::MAX);
    let top = positives_matrix(2000);
    let lambda = 0.25 * all.n_users() as f64;

    let mut group = c.benchmark_group("train");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("popularity", |b| {
        b.iter(|| popularity::popularity_top_k(black_box(&all), K))
    });
    group.bench_function("cosine", |b| {
        b.iter(|| cf::cosine_top_k(black_box(&all), K))
    });
    group.bench_function("cosine-shrunk", |b| {
        b.iter(|| cf::cosine_top_k_shrunk(black_box(&all), K, 2.0))
    });
    group.bench_function("ease-gram", |b| b.iter(|| ease::gram(black_box(&all))));
    let g_top = ease::gram(&top);
    group.bench_function("ease-fit-2000-items", |b| {
        b.iter(|| ease::fit(black_box(&g_top), lambda).unwrap())
    });
    group.finish();

    // The full item set: a few seconds per iteration.
    let mut group = c.benchmark_group("train-all-items");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(60));
    let g = ease::gram(&all);
    group.bench_function("ease-fit", |b| {
        b.iter(|| ease::fit(black_box(&g), lambda).unwrap())
    });
    let dense = ease::fit(&g, lambda).unwrap();
    group.bench_function("ease-top-k", |b| {
        b.iter(|| ease::top_k_rows(black_box(&dense), K))
    });
    let support = ease::top_k_rows(&dense, K);
    drop(dense);
    group.bench_function("ease-refit", |b| {
        b.iter(|| ease::refit(black_box(&g), &support, lambda / 2.0, Signs::Positive))
    });
    group.finish();
}

criterion_group!(benches, training);
criterion_main!(benches);
