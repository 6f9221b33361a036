//! The bundled data (ml-latest-small with the TMDB metadata) builds, and its
//! rating and content neighbours make sense for well-known cases.

mod common;

use reelgraph::blob::{Blob, Model};
use reelgraph::explain::shared_features;
use reelgraph_build_tools::content_stage::ContentArgs;
use reelgraph_build_tools::similar::find_movie;
use reelgraph_build_tools::{run_build, BuildArgs};

/// The first `n` content neighbours of the movie titled `title`, as labels.
fn content_top(blob: &Blob, title: &str, n: usize) -> (u32, Vec<(u32, String)>) {
    let index = find_movie(blob, title).unwrap();
    let table = blob.table(Model::Content).unwrap();
    let top = table
        .list(index)
        .take(n)
        .map(|(j, _)| (j, blob.movies[j as usize].label()))
        .collect();
    (index, top)
}

#[test]
fn bundled_data_builds_with_sensible_rating_and_content_neighbours() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reelgraph.blob");
    let report = run_build(&BuildArgs {
        data: common::real_data(),
        out: out.clone(),
        k: 50,
        content: Some(ContentArgs {
            tmdb: Some(common::bundled("tmdb-5000/tmdb_5000_movies.csv")),
            keywords: Some(common::bundled("the-movies-dataset/keywords.csv.gz")),
            ..ContentArgs::default()
        }),
        eval_json: Some(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/eval/seed-0.json").into()),
        ..BuildArgs::default()
    })
    .unwrap();
    assert_eq!(report.movies, 9742);
    assert_eq!((report.ratings, report.users), (100_836, 610));

    let bytes = std::fs::read(&out).unwrap();
    // The gzip copy the site ships (several zopfli chunks) inflates to it.
    let mut inflated = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(&std::fs::read(&report.gz_out).unwrap()[..]),
        &mut inflated,
    )
    .unwrap();
    assert!(inflated == bytes, "the .gz inflates to the blob");
    assert!(report.gz_bytes < 1 << 20, "{} bytes", report.gz_bytes);
    let blob = Blob::decode(&bytes).unwrap();
    assert_eq!(blob.movies.len(), 9742);
    assert_eq!(blob.info.dataset, "ml-latest-small");
    let toy = blob.index_of(1).unwrap();
    assert_eq!(blob.movies[toy as usize].label(), "Toy Story (1995)");
    let toy2 = blob.index_of(3114).unwrap();
    assert_eq!(blob.movies[toy2 as usize].label(), "Toy Story 2 (1999)");

    // The evaluated hybrid is the default (first) table, the rating model
    // (EASE at this size) and content follow; the blob records the
    // shipped configuration's Recall@20 from docs/eval, above the target.
    let models: Vec<Model> = blob.tables.iter().map(|t| t.model).collect();
    assert_eq!(models, [Model::Hybrid, Model::RatingsEase, Model::Content]);
    assert_eq!(
        (blob.tables[0].k, blob.tables[1].k, blob.tables[2].k),
        (50, 20, 20)
    );
    assert!(blob.info.recommender.starts_with("hybrid: EASE"));
    let recall = blob
        .info
        .recall_at_20
        .expect("docs/eval measures the shipped row");
    assert!(recall >= 0.32, "Recall@20 {recall}");
    for model in [Model::Hybrid, Model::RatingsEase] {
        let table = blob.table(model).unwrap();
        let top10: Vec<u32> = table.list(toy).take(10).map(|(i, _)| i).collect();
        assert_eq!(top10.len(), 10);
        assert!(
            top10.contains(&toy2),
            "{model:?}: Toy Story 2 not in Toy Story's top 10: {:?}",
            top10
                .iter()
                .map(|&i| blob.movies[i as usize].label())
                .collect::<Vec<_>>()
        );
    }
    // Every movie has a default list, the few with no positive rating too.
    assert!((0..9742).all(|i| blob.tables[0].list(i).count() > 0));

    // Content: every movie has a list; the Dark Knight's first five hold
    // Batman Begins and The Dark Knight Rises; Toy Story's hold Pixar films.
    let content = report.content.as_ref().unwrap();
    assert_eq!(content.movies_with_neighbours, 9742);
    assert_eq!(content.join.tmdb_joined, 3537);
    let table = blob.table(Model::Content).unwrap();
    assert!((0..9742).all(|i| table.list(i).count() > 0));

    let (dark_knight, top5) = content_top(&blob, "The Dark Knight", 5);
    assert_eq!(
        blob.movies[dark_knight as usize].label(),
        "The Dark Knight (2008)"
    );
    let labels: Vec<&str> = top5.iter().map(|(_, l)| l.as_str()).collect();
    assert!(labels.contains(&"Batman Begins (2005)"), "{labels:?}");
    assert!(
        labels.contains(&"The Dark Knight Rises (2012)"),
        "{labels:?}"
    );
    let begins = top5
        .iter()
        .find(|(_, l)| l == "Batman Begins (2005)")
        .unwrap()
        .0;
    let why = shared_features(&blob, dark_knight, begins, 8);
    assert!(why.iter().any(|w| w == "batman"), "{why:?}");

    let (toy, top5) = content_top(&blob, "Toy Story", 5);
    assert_eq!(toy, blob.index_of(1).unwrap());
    let labels: Vec<&str> = top5.iter().map(|(_, l)| l.as_str()).collect();
    let pixar = [
        "Toy Story 2 (1999)",
        "Toy Story 3 (2010)",
        "A Bug's Life (1998)",
        "Monsters, Inc. (2001)",
        "Finding Nemo (2003)",
        "Toy Story Toons: Hawaiian Vacation (2011)",
    ];
    assert!(labels.contains(&pixar[0]), "{labels:?}");
    let n_pixar = labels.iter().filter(|l| pixar.contains(l)).count();
    assert!(n_pixar >= 3, "{labels:?}");
    let why = shared_features(&blob, toy, toy2, 8);
    assert!(why.iter().any(|w| w == "pixar"), "{why:?}");
}
