//! End to end: `run_build` on the `tiny` fixture into a temporary folder,
//! then the written blob decoded with the app's own decoder.

mod common;

use reelgraph::blob::{Blob, Model};
use reelgraph_build_tools::cf::cosine_top_k;
use reelgraph_build_tools::content_stage::ContentArgs;
use reelgraph_build_tools::ratings::RatingMatrix;
use reelgraph_build_tools::{ingest, run_build, BuildArgs};

fn build_tiny(k: u16) -> (tempfile::TempDir, reelgraph_build_tools::BuildReport, Blob) {
    build_tiny_with(k, usize::MAX)
}

/// Builds `tiny` with k neighbours in every table; above `max_ease_items`
/// movies with a positive rating, the rating model is cosine.
fn build_tiny_with(
    k: u16,
    max_ease_items: usize,
) -> (tempfile::TempDir, reelgraph_build_tools::BuildReport, Blob) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("nested/data/reelgraph.blob");
    let report = run_build(&BuildArgs {
        data: common::fixture("tiny"),
        out: out.clone(),
        k,
        ratings_k: k,
        max_ease_items,
        eval_json: None,
        content: Some(ContentArgs::catalogue_only(k)),
    })
    .unwrap();
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(report.blob_bytes, bytes.len() as u64);
    (dir, report, Blob::decode(&bytes).unwrap())
}

#[test]
fn catalogue_titles_years_and_stats() {
    let (_dir, _report, blob) = build_tiny(50);
    assert_eq!(blob.info.dataset, "tiny");
    assert_eq!((blob.info.ratings, blob.info.users), (9, 3));
    assert_eq!(
        blob.info.generator,
        format!("build-tools {}", env!("CARGO_PKG_VERSION"))
    );

    let ids: Vec<u32> = blob.movies.iter().map(|m| m.movie_id).collect();
    assert_eq!(ids, vec![1, 2, 3, 5, 7]);
    let titles: Vec<&str> = blob.movies.iter().map(|m| m.title.as_str()).collect();
    assert_eq!(
        titles,
        vec![
            "Toy Story",
            "The American President",
            "Heat",
            "The City of Lost Children (La Cité des enfants perdus)",
            "Babylon 5",
        ]
    );
    let years: Vec<Option<u16>> = blob.movies.iter().map(|m| m.year).collect();
    assert_eq!(
        years,
        vec![Some(1995), Some(1995), Some(1995), Some(1995), None]
    );
    assert_eq!(blob.movies[0].label(), "Toy Story (1995)");
    assert_eq!(blob.movies[4].label(), "Babylon 5");

    let counts: Vec<u32> = blob.movies.iter().map(|m| m.ratings).collect();
    assert_eq!(counts, vec![2, 2, 3, 2, 0]);
    let means: Vec<u8> = blob.movies.iter().map(|m| m.mean_rating_tenths).collect();
    assert_eq!(means, vec![45, 30, 30, 45, 0]);
    let tmdb: Vec<Option<u32>> = blob.movies.iter().map(|m| m.tmdb_id).collect();
    assert_eq!(tmdb, vec![Some(862), Some(9087), Some(949), None, None]);
    assert_eq!(blob.movies[0].imdb_id, Some(114_709));
}

#[test]
fn genres_in_first_seen_order_as_bit_sets() {
    let (_dir, _report, blob) = build_tiny(50);
    assert_eq!(
        blob.genres,
        vec![
            "Adventure",
            "Animation",
            "Children",
            "Comedy",
            "Fantasy",
            "Drama",
            "Romance",
            "Action",
            "Crime",
            "Thriller",
            "Mystery",
            "Sci-Fi"
        ]
    );
    assert_eq!(
        blob.genre_names(&blob.movies[3]),
        vec!["Adventure", "Fantasy", "Drama", "Mystery", "Sci-Fi"]
    );
    assert_eq!(blob.movies[4].genres, 0, "(no genres listed)");
}

#[test]
fn neighbour_lists_match_the_computation() {
    // 4 movies have a positive rating: above a limit of 3, cosine.
    let (_dir, report, blob) = build_tiny_with(2, 3);
    assert!(report.rating_fallback.unwrap().contains("item-kNN cosine"));
    let data = ingest::load(&common::fixture("tiny")).unwrap();
    let expected = cosine_top_k(
        &RatingMatrix::from_triples(data.movies.len(), data.ratings),
        2,
    );
    let models: Vec<Model> = blob.tables.iter().map(|t| t.model).collect();
    assert_eq!(
        models,
        [Model::Hybrid, Model::RatingsCosine, Model::Content]
    );
    assert_eq!(blob.info.recall_at_20, None);
    let content = blob.table(Model::Content).unwrap();
    assert!(
        (0..5).all(|i| content.list(i).count() > 0),
        "every movie has content neighbours, even from genres and decade only"
    );
    let table = blob.table(Model::RatingsCosine).unwrap();
    assert_eq!(table.k, 2);
    // One byte per score: error at most half a step of max/255.
    let tolerance = table.max_score / 255.0 / 2.0 + 1e-6;
    for (i, want) in expected.iter().enumerate() {
        let got: Vec<(u32, f32)> = table.list(i as u32).collect();
        let got_idx: Vec<u32> = got.iter().map(|p| p.0).collect();
        let want_idx: Vec<u32> = want.iter().map(|p| p.0).collect();
        assert_eq!(got_idx, want_idx, "movie index {i}");
        for (g, w) in got.iter().zip(want) {
            assert!((g.1 - w.1).abs() <= tolerance, "{g:?} vs {w:?}");
        }
    }
    // Toy Story's best neighbour is Heat (cos 0.9239, the largest score).
    let toy = blob.index_of(1).unwrap();
    let best = table.list(toy).next().unwrap();
    assert_eq!(blob.movies[best.0 as usize].movie_id, 3);
    assert!((best.1 - 0.923_936_4).abs() < 1e-6);
    assert_eq!(table.list(blob.index_of(7).unwrap()).count(), 0);
    // The default table blends in content: Babylon 5, never rated, has
    // neighbours there.
    assert!(blob.tables[0].list(blob.index_of(7).unwrap()).count() > 0);
}

#[test]
fn small_catalogues_get_ease() {
    let (_dir, report, blob) = build_tiny(2);
    assert_eq!(report.rating_fallback, None);
    let models: Vec<Model> = blob.tables.iter().map(|t| t.model).collect();
    assert_eq!(models, [Model::Hybrid, Model::RatingsEase, Model::Content]);
    assert!(
        blob.info.recommender.starts_with("hybrid: EASE"),
        "{}",
        blob.info.recommender
    );
}

#[test]
fn report_and_summary() {
    let (_dir, report, blob) = build_tiny(50);
    assert_eq!(
        (
            report.movies,
            report.ratings,
            report.users,
            report.unrated_movies
        ),
        (5, 9, 3, 1)
    );
    assert_eq!(report.duplicate_ratings, 1);
    assert_eq!(report.ingest.ratings_unknown_movie, 1);
    // Pairs counted are the default (hybrid) table's.
    assert_eq!(report.neighbour_pairs, blob.tables[0].neighbours.len());
    assert_eq!(report.movies_with_neighbours, 5);
    let short = report.summary(false);
    assert!(
        short.contains("movies      5 (1 with no ratings)"),
        "{short}"
    );
    assert!(short.contains("ratings     9 by 3 users"), "{short}");
    assert!(
        short.contains(&format!("({} bytes)", report.blob_bytes)),
        "{short}"
    );
    assert!(short.contains("parse ") && short.contains(" ms"), "{short}");
    assert!(!short.contains("skipped"));
    assert!(short.contains("default     hybrid: EASE"), "{short}");
    assert!(
        short.contains("tables      Hybrid k = 50, RatingsEase k = 50, Content k = 50"),
        "{short}"
    );
    assert!(
        short.contains("measured    Recall@20 not measured"),
        "{short}"
    );
    let long = report.summary(true);
    assert!(
        long.contains("ratings of movies not in movies.csv: 1"),
        "{long}"
    );
    assert!(
        long.contains("repeated (user, movie) ratings, last kept: 1"),
        "{long}"
    );
    assert!(long.contains("without a TMDB id: 2"), "{long}");
}

#[test]
fn rebuilding_replaces_the_blob_and_leaves_no_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reelgraph.blob");
    std::fs::write(&out, b"an older blob").unwrap();
    let args = BuildArgs {
        data: common::fixture("tiny"),
        out: out.clone(),
        k: 50,
        content: Some(ContentArgs::catalogue_only(50)),
        ..BuildArgs::default()
    };
    run_build(&args).unwrap();
    let first = std::fs::read(&out).unwrap();
    assert!(Blob::decode(&first).is_ok());
    run_build(&args).unwrap();
    assert_eq!(
        std::fs::read(&out).unwrap(),
        first,
        "builds are deterministic"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    let mut names = names;
    names.sort();
    assert_eq!(names, vec!["reelgraph.blob", "reelgraph.blob.gz"]);
}

#[test]
fn the_gzip_copy_inflates_to_exactly_the_blob() {
    use std::io::Read;
    let (dir, report, _) = build_tiny(50);
    let out = dir.path().join("nested/data/reelgraph.blob");
    let gz_path = dir.path().join("nested/data/reelgraph.blob.gz");
    assert_eq!(report.gz_out, gz_path);
    let gz = std::fs::read(&gz_path).unwrap();
    assert_eq!(report.gz_bytes, gz.len() as u64);
    assert_eq!(&gz[..2], [0x1f, 0x8b], "gzip magic");
    let mut inflated = Vec::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_end(&mut inflated)
        .unwrap();
    assert_eq!(inflated, std::fs::read(&out).unwrap());
    assert!(
        matches!(
            report.gzip,
            reelgraph_build_tools::blob_writer::Gzip::Zopfli { .. }
        ),
        "a small blob is compressed with zopfli"
    );
    assert!(
        report.summary(false).contains(&format!(
            "gzip copy   {} ({} bytes, ",
            gz_path.display(),
            gz.len()
        )),
        "{}",
        report.summary(false)
    );
}

#[test]
fn a_failed_build_leaves_the_old_blob_and_gzip_copy() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reelgraph.blob");
    let gz = dir.path().join("reelgraph.blob.gz");
    std::fs::write(&out, b"an older blob").unwrap();
    std::fs::write(&gz, b"an older gzip copy").unwrap();
    let err = run_build(&BuildArgs {
        data: common::fixture("bad_rating"),
        out: out.clone(),
        content: None,
        ..BuildArgs::default()
    });
    assert!(err.is_err());
    assert_eq!(std::fs::read(&out).unwrap(), b"an older blob");
    assert_eq!(std::fs::read(&gz).unwrap(), b"an older gzip copy");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}
