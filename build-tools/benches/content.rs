//! Criterion benchmark of the content stage on the bundled data: the whole
//! stage (read TMDB 5000, keywords.csv.gz and tags.csv, join, tokenise and
//! stem, TF-IDF, content neighbours, explanation features) and the
//! neighbour search alone.
//!
//! `cargo bench --profile tools -p reelgraph-build-tools --bench content`
//! (the `tools` profile: the default bench profile inherits the release
//! profile, which is tuned for a small wasm download, not for speed).

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};
use reelgraph_build_tools::content;
use reelgraph_build_tools::content_stage::{self, ContentArgs, DEFAULT_CONTENT_K};
use reelgraph_build_tools::features;
use reelgraph_build_tools::ingest;
use reelgraph_build_tools::join;
use reelgraph_build_tools::text::Analyzer;

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../data")
        .join(rel)
}

fn bench_content(c: &mut Criterion) {
    let movielens = data("ml-latest-small");
    let dataset = ingest::load(&movielens).expect("bundled MovieLens data");
    let args = ContentArgs {
        tmdb: Some(data("tmdb-5000/tmdb_5000_movies.csv")),
        keywords: Some(data("the-movies-dataset/keywords.csv.gz")),
        ..ContentArgs::default()
    };

    let mut group = c.benchmark_group("content");
    group.sample_size(10);
    group.bench_function("whole stage (ml-latest-small + TMDB)", |b| {
        b.iter(|| content_stage::run(&dataset.movies, &movielens, &args, &[]).unwrap())
    });

    let tmdb = ingest::tmdb::read_tmdb(args.tmdb.as_deref().unwrap()).unwrap();
    let keywords = ingest::keywords::read_keywords(args.keywords.as_deref().unwrap()).unwrap();
    let ids: Vec<u32> = dataset.movies.iter().map(|m| m.movie_id).collect();
    let tags = ingest::tags::read_tags(&movielens.join("tags.csv"), &ids).unwrap();
    let (metas, _) = join::join(&dataset.movies, Some(&tmdb), Some(&keywords), Some(&tags));
    let fields = features::extract(&metas, &Analyzer::new());
    let matrix = features::vectorize(&fields, &args.weights);
    group.bench_function("features: tokenise, stem, TF-IDF", |b| {
        b.iter(|| {
            let f = features::extract(&metas, &Analyzer::new());
            features::vectorize(&f, &args.weights)
        })
    });
    group.bench_function("neighbours: inverted index, top-k", |b| {
        b.iter(|| content::cosine_top_k(&matrix, usize::from(DEFAULT_CONTENT_K)))
    });
    group.finish();
}

criterion_group!(benches, bench_content);
criterion_main!(benches);
