//! The `build-tools` binary: summary on success; on failure an error chain
//! on stderr and a non-zero exit code, never a panic.

mod common;

use std::process::Command;

fn build_tools() -> Command {
    Command::new(env!("CARGO_BIN_EXE_build-tools"))
}

#[test]
fn build_prints_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.blob");
    let output = build_tools()
        .args([
            "build",
            "--verbose",
            "-k",
            "3",
            "--no-tmdb",
            "--no-keywords",
            "--no-tags",
        ])
        .arg("--data")
        .arg(common::fixture("tiny"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.contains("movies      5 (1 with no ratings)"),
        "{stdout}"
    );
    assert!(stdout.contains("k = 3"), "{stdout}");
    assert!(
        stdout.contains("skipped"),
        "--verbose adds detail: {stdout}"
    );
    assert!(out.exists());
}

#[test]
fn bad_data_exits_non_zero_with_the_error_chain() {
    let dir = tempfile::tempdir().unwrap();
    let output = build_tools()
        .args(["build", "--data"])
        .arg(common::fixture("bad_rating"))
        .arg("--out")
        .arg(dir.path().join("x.blob"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error: cannot read the MovieLens data in"),
        "{stderr}"
    );
    assert!(
        stderr.contains("  caused by: ") && stderr.contains("line 4, field \"rating\""),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn k_outside_1_to_1000_is_a_usage_error() {
    for k in ["0", "1001", "many"] {
        let output = build_tools().args(["build", "-k", k]).output().unwrap();
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("-k <N>"), "{k}: {stderr}");
    }
}
