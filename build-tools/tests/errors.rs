//! Failures: every message names the file, the line and the column where
//! there is one, and a failed build leaves an existing blob untouched.

mod common;

use std::path::Path;

use reelgraph_build_tools::{run_build, BuildArgs};

/// Runs a build and returns its error as the CLI shows it (whole chain).
fn build_error(data: &Path, out: &Path) -> String {
    let err = run_build(&BuildArgs {
        data: data.to_path_buf(),
        out: out.to_path_buf(),
        k: 50,
        content: None,
        ..BuildArgs::default()
    })
    .expect_err("the build should fail");
    format!("{err:#}")
}

/// A data folder with a valid catalogue and the given ratings lines.
fn with_ratings(lines: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::write_catalogue(dir.path());
    common::write_csv(dir.path(), "ratings.csv", lines);
    dir
}

fn ratings_error(lines: &[&str]) -> String {
    let dir = with_ratings(lines);
    let out = dir.path().join("out.blob");
    let msg = build_error(dir.path(), &out);
    let file = dir.path().join("ratings.csv");
    assert!(msg.contains(&format!("{}: line ", file.display())), "{msg}");
    assert!(!out.exists(), "no blob after a failed build");
    msg
}

const HEADER: &str = "userId,movieId,rating,timestamp";

#[test]
fn missing_file_is_named() {
    let data = common::fixture("missing_ratings");
    let dir = tempfile::tempdir().unwrap();
    let msg = build_error(&data, &dir.path().join("out.blob"));
    let file = data.join("ratings.csv");
    assert!(
        msg.contains(&format!("{}: cannot open the file", file.display())),
        "{msg}"
    );
    assert!(msg.contains("No such file"), "{msg}");
}

#[test]
fn bad_rating_fixture_names_file_line_and_field() {
    let data = common::fixture("bad_rating");
    let dir = tempfile::tempdir().unwrap();
    let msg = build_error(&data, &dir.path().join("out.blob"));
    let expected = format!(
        "{}: line 4, field \"rating\": \"7.5\" is not a valid rating (expected 0.5 to 5.0 stars)",
        data.join("ratings.csv").display()
    );
    assert!(msg.contains(&expected), "{msg}");
}

#[test]
fn rating_that_is_not_a_number() {
    let msg = ratings_error(&[HEADER, "1,1,4.0,1", "1,2,abc,2"]);
    assert!(
        msg.contains("line 3, field \"rating\": \"abc\" is not a number"),
        "{msg}"
    );
}

#[test]
fn nan_negative_zero_and_too_high_ratings() {
    for bad in ["NaN", "-1", "0", "0.4", "5.5", "inf"] {
        let row = format!("7,2,{bad},2");
        let msg = ratings_error(&[HEADER, "1,1,4.0,1", &row]);
        let want = format!("line 3, field \"rating\": \"{bad}\" is not a valid rating");
        assert!(msg.contains(&want), "{bad}: {msg}");
    }
}

#[test]
fn empty_rating_and_bad_ids() {
    let msg = ratings_error(&[HEADER, "1,1,,1"]);
    assert!(
        msg.contains("line 2, field \"rating\": the value is empty"),
        "{msg}"
    );
    let msg = ratings_error(&[HEADER, "1,1,4,1", "1,2,4,1", "u5,1,4,1"]);
    assert!(
        msg.contains("line 4, field \"userId\": \"u5\" is not a whole number"),
        "{msg}"
    );
    let msg = ratings_error(&[HEADER, "1,-3,4,1"]);
    assert!(msg.contains("line 2, field \"movieId\": \"-3\""), "{msg}");
}

#[test]
fn row_with_wrong_number_of_fields() {
    let msg = ratings_error(&[HEADER, "1,1,4.0,1", "1,2,3.0"]);
    assert!(
        msg.contains("line 3: expected 4 fields like the header, found 3"),
        "{msg}"
    );
}

#[test]
fn missing_columns_are_listed() {
    let dir = with_ratings(&["userId,film,timestamp", "1,1,1"]);
    let msg = build_error(dir.path(), &dir.path().join("out.blob"));
    assert!(
        msg.contains("line 1: missing column(s) \"movieId\", \"rating\" in the header"),
        "{msg}"
    );
    assert!(
        msg.contains("found \"userId\", \"film\", \"timestamp\""),
        "{msg}"
    );
}

#[test]
fn duplicate_movie_and_bad_link() {
    let dir = tempfile::tempdir().unwrap();
    common::write_catalogue(dir.path());
    common::write_csv(dir.path(), "ratings.csv", &[HEADER, "1,1,4,1"]);
    common::write_csv(
        dir.path(),
        "movies.csv",
        &[
            "movieId,title,genres",
            "1,A (2000),Drama",
            "2,B (2001),Drama",
            "1,C (2002),Drama",
        ],
    );
    let msg = build_error(dir.path(), &dir.path().join("out.blob"));
    assert!(
        msg.contains("movies.csv: line 4, field \"movieId\": movie 1 is already listed on line 2"),
        "{msg}"
    );

    common::write_catalogue(dir.path());
    common::write_csv(
        dir.path(),
        "links.csv",
        &["movieId,imdbId,tmdbId", "1,0114709,862", "2,0113497,n/a"],
    );
    let msg = build_error(dir.path(), &dir.path().join("out.blob"));
    assert!(
        msg.contains("links.csv: line 3, field \"tmdbId\": \"n/a\" is not a whole number"),
        "{msg}"
    );
}

#[test]
fn k_out_of_range_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for k in [0, 1001] {
        let err = run_build(&BuildArgs {
            data: common::fixture("tiny"),
            out: dir.path().join("out.blob"),
            k,
            content: None,
            ..BuildArgs::default()
        })
        .unwrap_err();
        assert!(
            err.to_string().contains("k must be between 1 and 1000"),
            "{err}"
        );
    }
}

#[test]
fn failed_build_leaves_the_old_blob_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reelgraph.blob");
    let old: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
    std::fs::write(&out, &old).unwrap();
    build_error(&common::fixture("bad_rating"), &out);
    assert_eq!(std::fs::read(&out).unwrap(), old);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, vec!["reelgraph.blob"], "nothing else was written");
}

#[test]
fn failed_write_leaves_no_temporary_file() {
    // The destination is a non-empty directory, so the final rename fails
    // after the temporary file was written.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reelgraph.blob");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("keep"), b"x").unwrap();
    let msg = build_error(&common::fixture("tiny"), &out);
    assert!(msg.contains("cannot write the blob to"), "{msg}");
    assert!(msg.contains("cannot replace the file"), "{msg}");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, vec!["reelgraph.blob"]);
    assert_eq!(std::fs::read(out.join("keep")).unwrap(), b"x");
}
