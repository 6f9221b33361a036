//! Fuzzes the MovieLens ingest end to end on arbitrary bytes: the input is
//! split at 0xFF bytes into `movies.csv`, `ratings.csv` and `links.csv`
//! (written to a private temporary folder), read with `ingest::load`, and,
//! if that succeeds, turned into a rating matrix and neighbour lists. Any
//! input must give a result or an `IngestError` whose message names the
//! file, never a panic.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use reelgraph_build_tools::{cf, ingest, ratings::RatingMatrix};

fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = if std::path::Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let dir = base.join(format!("reelgraph-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let dir = dir();
    let mut parts = data.splitn(3, |&b| b == 0xFF);
    for name in ["movies.csv", "ratings.csv", "links.csv"] {
        std::fs::write(dir.join(name), parts.next().unwrap_or_default()).unwrap();
    }
    match ingest::load(dir) {
        Ok(mut dataset) => {
            let triples = std::mem::take(&mut dataset.ratings);
            let matrix = RatingMatrix::from_triples(dataset.movies.len(), triples);
            let lists = cf::cosine_top_k(&matrix, 3);
            assert_eq!(lists.len(), dataset.movies.len());
        }
        Err(err) => {
            let message = err.to_string();
            assert!(message.starts_with(&dir.display().to_string()), "{message}");
        }
    }
});
