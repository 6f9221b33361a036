//! Fuzzes `Blob::decode`, the first thing the app does with downloaded
//! bytes: any input must give `Ok` or a `BlobError`, never a panic, and a
//! blob that decodes must be safe to use (every list, every feature) and
//! encode back to bytes that decode to the same blob.
//!
//! Input that starts with the magic `RLGB` is decoded as it is (header
//! checks); anything else is taken as a payload and given a correct header
//! (length and CRC-32) first, so that mutations reach the postcard decoder
//! and the validation behind the checksum.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reelgraph::blob::{Blob, FORMAT_VERSION, MAGIC};

fuzz_target!(|data: &[u8]| {
    let framed;
    let bytes = if data.starts_with(&MAGIC) {
        data
    } else {
        let mut v = MAGIC.to_vec();
        v.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        v.extend_from_slice(&(data.len() as u32).to_le_bytes());
        v.extend_from_slice(&crc32fast::hash(data).to_le_bytes());
        v.extend_from_slice(data);
        framed = v;
        &framed
    };
    let Ok(blob) = Blob::decode(bytes) else {
        return;
    };
    for table in &blob.tables {
        for i in 0..=blob.movies.len() as u32 {
            for (j, score) in table.list(i) {
                assert!((j as usize) < blob.movies.len());
                assert!(score.is_finite());
            }
        }
    }
    if let Some(content) = &blob.content {
        for i in 0..=blob.movies.len() as u32 {
            for &f in content.top_features(i) {
                let _ = content.feature(f);
            }
        }
    }
    for movie in &blob.movies {
        let _ = blob.genre_names(movie);
        let _ = movie.label();
    }
    // Compared as bytes: a float field may legitimately hold NaN.
    let bytes = blob.encode().expect("a decoded blob encodes");
    let again = Blob::decode(&bytes).expect("and decodes");
    assert_eq!(again.encode().expect("again"), bytes);
});
