//! Helpers shared by the integration tests: fixture paths and small data
//! folders written on the fly.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// A fixture folder under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The bundled MovieLens data at the workspace root.
pub fn real_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/ml-latest-small")
}

/// A file or folder of the bundled data at the workspace root (`data/…`).
pub fn bundled(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../data")
        .join(rel)
}

/// Writes `lines` to `dir/name` with CRLF line endings, like MovieLens.
pub fn write_csv(dir: &Path, name: &str, lines: &[&str]) {
    let mut text = lines.join("\r\n");
    text.push_str("\r\n");
    std::fs::write(dir.join(name), text).unwrap();
}

/// A minimal valid movies.csv / links.csv pair (movies 1 and 2) in `dir`.
pub fn write_catalogue(dir: &Path) {
    write_csv(
        dir,
        "movies.csv",
        &[
            "movieId,title,genres",
            "1,Toy Story (1995),Animation|Comedy",
            "2,Jumanji (1995),Adventure",
        ],
    );
    write_csv(
        dir,
        "links.csv",
        &["movieId,imdbId,tmdbId", "1,0114709,862", "2,0113497,8844"],
    );
}
