//! The content pipeline on a small fixture (`tests/fixtures/content`) whose
//! every quirk is known: a movie without tmdbId, a TMDB row with an empty
//! overview, a bare CR inside a quoted overview, malformed JSON in a TMDB
//! genres field, a malformed Python literal in a keywords field, a repeated
//! keyword id, rows of movies not in the catalogue, a repeated user tag, a
//! movie with nothing but its title.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use reelgraph::blob::{Blob, Model};
use reelgraph_build_tools::content_stage::{self, ContentArgs};
use reelgraph_build_tools::ingest::{self, keywords, tags, tmdb};
use reelgraph_build_tools::join;
use reelgraph_build_tools::{run_build, BuildArgs};

fn fixture() -> PathBuf {
    common::fixture("content")
}

/// The fixture's keywords.csv, gzip-compressed into `dir` (the bundled file
/// is read compressed too).
fn gzipped_keywords(dir: &Path) -> PathBuf {
    let path = dir.join("keywords.csv.gz");
    let raw = std::fs::read(fixture().join("keywords.csv")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(
        std::fs::File::create(&path).unwrap(),
        flate2::Compression::best(),
    );
    gz.write_all(&raw).unwrap();
    gz.finish().unwrap();
    path
}

fn args(dir: &Path) -> ContentArgs {
    ContentArgs {
        tmdb: Some(fixture().join("tmdb.csv")),
        keywords: Some(gzipped_keywords(dir)),
        tags: true,
        k: 5,
        ..ContentArgs::default()
    }
}

#[test]
fn readers_count_what_they_skip_and_name_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let t = tmdb::read_tmdb(&fixture().join("tmdb.csv")).unwrap();
    assert_eq!(t.stats.rows, 7);
    assert_eq!(t.stats.empty_overviews, 1);
    assert_eq!(t.stats.malformed, 1, "the genres cell of line 6");
    let msg = &t.stats.examples[0];
    let file = fixture().join("tmdb.csv");
    // Line 4 holds a bare CR inside its quoted overview: it does not end the row.
    assert!(
        msg.starts_with(&format!(
            "{}: line 6, field \"genres\": not a JSON list",
            file.display()
        )),
        "{msg}"
    );
    assert!(t.by_tmdb[&155].overview.contains("crime.\rWith"));
    assert_eq!(t.by_tmdb[&6006].overview, "A thing nobody can describe.");
    assert!(t.by_tmdb[&6006].genres.is_empty(), "malformed cell skipped");
    assert_eq!(t.by_tmdb[&862].year, Some(1995));

    let gz = gzipped_keywords(dir.path());
    let k = keywords::read_keywords(&gz).unwrap();
    assert_eq!(k.stats.rows, 6);
    assert_eq!(k.stats.repeated_ids, 1);
    assert_eq!(k.stats.malformed, 1);
    let msg = &k.stats.examples[0];
    assert!(
        msg.starts_with(&format!(
            "{}: line 3, field \"keywords\": not a Python list of {{'id', 'name'}} records",
            gz.display()
        )),
        "{msg}"
    );
    assert!(!k.by_tmdb.contains_key(&949), "malformed row skipped");
    assert_eq!(k.by_tmdb[&155], vec!["\u{a0}dc comics", "superhero"]);
    assert_eq!(
        k.by_tmdb[&862],
        vec!["jealousy", "based on children's book"],
        "repeated id merged without duplicates"
    );

    let dataset = ingest::load(&fixture()).unwrap();
    let ids: Vec<u32> = dataset.movies.iter().map(|m| m.movie_id).collect();
    let tags = tags::read_tags(&fixture().join("tags.csv"), &ids).unwrap();
    assert_eq!(tags.stats.rows, 6);
    assert_eq!(
        (
            tags.stats.unknown_movie,
            tags.stats.empty,
            tags.stats.repeated
        ),
        (1, 1, 1)
    );
    assert_eq!(tags.by_movie[0], vec![("pixar".to_string(), 2)]);
}

#[test]
fn join_reports_joined_missing_and_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let dataset = ingest::load(&fixture()).unwrap();
    let t = tmdb::read_tmdb(&fixture().join("tmdb.csv")).unwrap();
    let k = keywords::read_keywords(&gzipped_keywords(dir.path())).unwrap();
    let ids: Vec<u32> = dataset.movies.iter().map(|m| m.movie_id).collect();
    let tg = tags::read_tags(&fixture().join("tags.csv"), &ids).unwrap();
    let (metas, stats) = join::join(&dataset.movies, Some(&t), Some(&k), Some(&tg));

    assert_eq!(stats.movies, 7);
    assert_eq!(stats.without_tmdb_id, 1, "Unlinked Film");
    assert_eq!(stats.tmdb_joined, 6);
    assert_eq!(stats.tmdb_rows_unmatched, 1, "Not In The Catalogue");
    assert_eq!(stats.tmdb_empty_overview, 1, "Quiet Film");
    assert_eq!(stats.keywords_joined, 3, "862, 155, 863; 949 was malformed");
    assert_eq!(stats.keyword_ids_unmatched, 1, "77777");
    assert_eq!(stats.year_from_tmdb, 0);
    assert_eq!(stats.with_text, 5);
    assert_eq!(stats.genres_decade_only, 2, "Unlinked Film, Quiet Film");

    let toy = &metas[0];
    assert_eq!(toy.title, "Toy Story");
    assert_eq!(toy.year, Some(1995));
    // TMDB 5000 keywords first, then keywords.csv, de-duplicated.
    assert_eq!(
        toy.keywords,
        vec![
            "toy",
            "toy comes to life",
            "jealousy",
            "based on children's book"
        ]
    );
    assert_eq!(metas[2].title, "The Dark Knight");
    assert_eq!(
        metas[2].keywords,
        vec!["dc comics", "superhero"],
        "\\xa0 trimmed"
    );
    assert!(metas[2].text.ends_with("\nWhy So Serious?"));
    assert!(metas[3].text.is_empty() && metas[3].keywords.is_empty());
    // Untitled Thing: no genre, no year in its title nor (malformed, empty
    // release date) from TMDB, but an overview.
    assert!(metas[5].genres.is_empty() && metas[5].year.is_none());
    assert_eq!(metas[5].text, "A thing nobody can describe.");
}

#[test]
fn every_movie_gets_neighbours_and_explanations_are_shared() {
    let dir = tempfile::tempdir().unwrap();
    let dataset = ingest::load(&fixture()).unwrap();
    let stage = content_stage::run(&dataset.movies, &fixture(), &args(dir.path()), &[]).unwrap();
    assert!(stage.lists.iter().all(|l| !l.is_empty()));
    assert_eq!(stage.fallback, 1, "Untitled Thing shares nothing");
    // Toy Story's best match is Toy Story 2 (index 6).
    assert_eq!(stage.lists[0][0].0, 6);

    let out = dir.path().join("x.blob");
    let report = run_build(&BuildArgs {
        data: fixture(),
        out: out.clone(),
        k: 5,
        content: Some(args(dir.path())),
        ..BuildArgs::default()
    })
    .unwrap();
    assert_eq!(report.content.as_ref().unwrap().movies_with_neighbours, 7);
    let summary = report.summary(true);
    assert!(
        summary.contains("malformed   2 metadata fields skipped"),
        "{summary}"
    );
    assert!(summary.contains("line 3, field \"keywords\""), "{summary}");

    let blob = Blob::decode(&std::fs::read(&out).unwrap()).unwrap();
    let info = blob.content.as_ref().unwrap();
    assert_eq!(info.weights.len(), 6);
    assert_eq!(info.weights[0], ("text".to_string(), 1.0));
    let why = reelgraph::explain::shared_features(&blob, 0, 6, 10);
    assert!(why.contains(&"pixar".to_string()), "{why:?}");
    assert!(why.contains(&"toy comes to life".to_string()), "{why:?}");
    assert!(why.contains(&"Animation".to_string()), "{why:?}");
    assert_eq!(blob.table(Model::Content).unwrap().k, 5);
}

#[test]
fn similar_prints_neighbours_scores_and_shared_features() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.blob");
    run_build(&BuildArgs {
        data: fixture(),
        out: out.clone(),
        k: 5,
        content: Some(args(dir.path())),
        ratings_k: 5,
        ..BuildArgs::default()
    })
    .unwrap();
    let run = |extra: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_build-tools"))
            .arg("similar")
            .args(extra)
            .arg("--blob")
            .arg(&out)
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (code, stdout, _) = run(&["toy story", "-n", "2"]);
    assert_eq!(code, Some(0));
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[0].starts_with("Toy Story (1995) [movieId 1] — Similar story (content, k = 5)"),
        "{stdout}"
    );
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(
        lines[1].contains("1. ") && lines[1].contains("Toy Story 2 (1999)"),
        "{stdout}"
    );
    assert!(lines[1].contains("shares: pixar"), "{stdout}");

    let (code, stdout, _) = run(&["Toy Story", "--model", "ratings"]);
    assert_eq!(code, Some(0));
    assert!(
        stdout.contains("Fans also liked (ratings, k = 5)"),
        "{stdout}"
    );
    assert!(stdout.contains("Toy Story 2 (1999)"), "{stdout}");

    let (code, stdout, _) = run(&["Toy Story", "--model", "best"]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("Best match (best, k = 5)"), "{stdout}");
    assert!(stdout.contains("Toy Story 2 (1999)"), "{stdout}");

    let (code, _, stderr) = run(&["no such film"]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("no movie title matches \"no such film\""),
        "{stderr}"
    );
}
