//! The bundled MovieLens data (ml-latest-small) builds, and its neighbours
//! make sense for a well-known case.

mod common;

use reelgraph::blob::{Blob, Model};
use reelgraph_build_tools::{run_build, BuildArgs};

#[test]
fn ml_latest_small_builds_and_toy_story_neighbours_include_toy_story_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reelgraph.blob");
    let report = run_build(&BuildArgs {
        data: common::real_data(),
        out: out.clone(),
        k: 50,
    })
    .unwrap();
    assert_eq!(report.movies, 9742);
    assert_eq!((report.ratings, report.users), (100_836, 610));

    let blob = Blob::decode(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(blob.movies.len(), 9742);
    assert_eq!(blob.info.dataset, "ml-latest-small");
    let toy = blob.index_of(1).unwrap();
    assert_eq!(blob.movies[toy as usize].label(), "Toy Story (1995)");
    let toy2 = blob.index_of(3114).unwrap();
    assert_eq!(blob.movies[toy2 as usize].label(), "Toy Story 2 (1999)");

    let table = blob.table(Model::RatingsCosine).unwrap();
    let top10: Vec<u32> = table.list(toy).take(10).map(|(i, _)| i).collect();
    assert_eq!(top10.len(), 10);
    assert!(
        top10.contains(&toy2),
        "Toy Story 2 not in Toy Story's top 10: {:?}",
        top10
            .iter()
            .map(|&i| blob.movies[i as usize].label())
            .collect::<Vec<_>>()
    );
}
