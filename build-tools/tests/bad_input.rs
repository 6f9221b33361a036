//! The corpus of broken inputs in `tests/fixtures/bad/<case>/`, one test
//! per case, each through the real `build-tools` binary: a fatal problem
//! exits with code 1 and an error chain naming the file, the line and the
//! field, never a panic, and leaves a pre-existing blob byte for byte; a
//! problem the README documents as skippable builds, and the summary counts
//! it. (`errors.rs` checks many more variants of the same messages through
//! the library, on inline data.)

mod common;

use std::path::PathBuf;
use std::process::Output;

/// What a run left behind.
struct Run {
    output: Output,
    stdout: String,
    stderr: String,
    /// The case's folder.
    data: PathBuf,
    /// The blob that existed before, and whether it is still byte-identical.
    blob_unchanged: bool,
    /// Files in the output folder after the run.
    left: Vec<String>,
}

/// The bytes a "previous build" left at the destination.
fn old_blob() -> Vec<u8> {
    (0..=255u8).rev().cycle().take(3000).collect()
}

/// Runs `build --data <case> --out <tmp>/reelgraph.blob <args>` over an
/// existing blob.
fn run(case: &str, args: &[&str]) -> Run {
    let data = common::fixture("bad").join(case);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reelgraph.blob");
    std::fs::write(&out, old_blob()).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_build-tools"))
        .arg("build")
        .arg("--data")
        .arg(&data)
        .arg("--out")
        .arg(&out)
        .args(
            args.iter()
                .map(|a| a.replace("{data}", &data.display().to_string())),
        )
        .output()
        .unwrap();
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    left.sort();
    Run {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        blob_unchanged: std::fs::read(&out).unwrap() == old_blob(),
        output,
        data,
        left,
    }
}

/// Asserts a fatal failure whose error chain contains `file: <want>`.
fn assert_fatal(run: &Run, file: &str, want: &str) {
    let file = run.data.join(file);
    let expected = format!("{}: {want}", file.display());
    assert_eq!(run.output.status.code(), Some(1), "{}", run.stderr);
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    assert!(
        run.stderr.contains(&expected),
        "want {expected}\n{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(run.blob_unchanged, "the old blob must stay byte for byte");
    assert_eq!(run.left, vec!["reelgraph.blob"], "no temporary file left");
}

/// Asserts a successful build that replaced the blob with a valid one.
fn assert_built(run: &Run) {
    assert!(run.output.status.success(), "{}", run.stderr);
    assert!(!run.blob_unchanged);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

const NO_CONTENT: &[&str] = &["--no-content"];

#[test]
fn missing_file() {
    let r = run("missing_links", NO_CONTENT);
    assert_fatal(&r, "links.csv", "cannot open the file");
    assert!(r.stderr.contains("No such file"), "{}", r.stderr);
}

#[test]
fn renamed_column() {
    let r = run("renamed_column", NO_CONTENT);
    assert_fatal(
        &r,
        "movies.csv",
        "line 1: missing column(s) \"movieId\" in the header (found \"movie_id\", \"title\", \"genres\")",
    );
}

#[test]
fn wrong_delimiter() {
    let r = run("semicolons", NO_CONTENT);
    assert_fatal(
        &r,
        "ratings.csv",
        "line 1: missing column(s) \"userId\", \"movieId\", \"rating\" in the header",
    );
    assert!(
        r.stderr.contains("seems to be separated by ';'"),
        "{}",
        r.stderr
    );
}

#[test]
fn row_with_too_few_fields() {
    let r = run("too_few_fields", NO_CONTENT);
    assert_fatal(
        &r,
        "movies.csv",
        "line 5: expected 3 fields like the header, found 2 (no field \"genres\")",
    );
}

#[test]
fn non_utf8_bytes() {
    let r = run("not_utf8", NO_CONTENT);
    assert_fatal(
        &r,
        "movies.csv",
        "line 5, field \"title\": the text is not valid UTF-8",
    );
}

#[test]
fn rating_nan() {
    let r = run("rating_nan", NO_CONTENT);
    assert_fatal(
        &r,
        "ratings.csv",
        "line 7, field \"rating\": \"NaN\" is not a valid rating (expected 0.5 to 5.0 stars)",
    );
}

#[test]
fn rating_negative() {
    let r = run("rating_negative", NO_CONTENT);
    assert_fatal(
        &r,
        "ratings.csv",
        "line 7, field \"rating\": \"-3.5\" is not a valid rating",
    );
}

#[test]
fn rating_out_of_range() {
    let r = run("rating_out_of_range", NO_CONTENT);
    assert_fatal(
        &r,
        "ratings.csv",
        "line 7, field \"rating\": \"10\" is not a valid rating",
    );
}

#[test]
fn id_not_a_number() {
    let r = run("id_not_a_number", NO_CONTENT);
    assert_fatal(
        &r,
        "ratings.csv",
        "line 7, field \"movieId\": \"two\" is not a whole number",
    );
}

#[test]
fn duplicate_movie_with_another_title() {
    let r = run("duplicate_movie", NO_CONTENT);
    assert_fatal(
        &r,
        "movies.csv",
        "line 5, field \"movieId\": movie 2 is already listed on line 3",
    );
}

#[test]
fn empty_ratings_file() {
    let r = run("empty_ratings", NO_CONTENT);
    assert_fatal(&r, "ratings.csv", "the file has no data rows");
}

#[test]
fn truncated_gzip() {
    let r = run(
        "truncated_gzip",
        &[
            "--keywords",
            "{data}/keywords.csv.gz",
            "--no-tmdb",
            "--no-tags",
        ],
    );
    assert_fatal(&r, "keywords.csv.gz", "line ");
    assert!(
        r.stderr
            .contains("the compressed data is truncated or corrupt"),
        "{}",
        r.stderr
    );
}

#[test]
fn duplicate_user_movie_rating_is_skipped_and_counted() {
    let r = run("duplicate_rating", &["--no-content", "--verbose"]);
    assert_built(&r);
    assert!(
        r.stdout
            .contains("repeated (user, movie) ratings, last kept: 1"),
        "{}",
        r.stdout
    );
    // Five distinct (user, movie) pairs.
    assert!(
        r.stdout.contains("ratings     5 by 2 users"),
        "{}",
        r.stdout
    );
}

#[test]
fn rating_of_a_movie_not_in_movies_csv_is_skipped_and_counted() {
    let r = run("unknown_movie", &["--no-content", "--verbose"]);
    assert_built(&r);
    assert!(
        r.stdout.contains("ratings of movies not in movies.csv: 1;"),
        "{}",
        r.stdout
    );
    let first = format!(
        "first: {}: line 7, field \"movieId\": movie 99 is not in movies.csv",
        r.data.join("ratings.csv").display()
    );
    assert!(r.stdout.contains(&first), "{}", r.stdout);
}

#[test]
fn json_field_that_does_not_parse_is_skipped_and_counted() {
    let r = run(
        "bad_json",
        &[
            "--tmdb",
            "{data}/tmdb.csv",
            "--no-keywords",
            "--no-tags",
            "--verbose",
        ],
    );
    assert_built(&r);
    assert!(
        r.stdout.contains("malformed   1 metadata fields skipped"),
        "{}",
        r.stdout
    );
    let example = format!(
        "skipped     {}: line 3, field \"genres\": not a JSON list",
        r.data.join("tmdb.csv").display()
    );
    assert!(r.stdout.contains(&example), "{}", r.stdout);
}

#[test]
fn every_case_has_a_test() {
    // The corpus and this file stay in step.
    let source = include_str!("bad_input.rs");
    for entry in std::fs::read_dir(common::fixture("bad")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(
            source.contains(&format!("run(\"{name}\"")) || source.contains(&format!("\"{name}\",")),
            "no test for tests/fixtures/bad/{name}"
        );
    }
}
