//! Native tests of the shared core: blob encoding, title search, scoring.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::sample_blob;
use reelgraph::blob::{Blob, BlobError, Model, FORMAT_VERSION, HEADER_LEN, MAX_TOP_FEATURES};
use reelgraph::explain::{describe, shared_features};
use reelgraph::score::{recommend, similar};
use reelgraph::search::TitleIndex;

#[test]
fn blob_round_trips() {
    let blob = sample_blob();
    let bytes = blob.encode().unwrap();
    assert_eq!(&bytes[..4], b"RLGB");
    let back = Blob::decode(&bytes).unwrap();
    assert_eq!(back.movies, blob.movies);
    assert_eq!(back.genres, blob.genres);
    let table = back.table(Model::RatingsCosine).unwrap();
    let toy_story: Vec<u32> = table.list(0).map(|(i, _)| i).collect();
    assert_eq!(toy_story, vec![2, 1, 3]);
    // One byte per score: the best keeps its value, the rest within 1/255.
    let scores: Vec<f32> = table.list(0).map(|(_, s)| s).collect();
    assert!((scores[0] - 0.8).abs() < 1e-6);
    assert!((scores[1] - 0.4).abs() < 0.8 / 255.0);
    assert_eq!(table.list(4).count(), 0);
    assert_eq!(
        table.list(99).count(),
        0,
        "out of range index gives nothing"
    );
}

#[test]
fn decode_rejects_other_versions_with_a_clear_message() {
    let mut bytes = sample_blob().encode().unwrap();
    bytes[4..6].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
    let err = Blob::decode(&bytes).unwrap_err();
    assert_eq!(
        err,
        BlobError::UnsupportedVersion {
            found: FORMAT_VERSION + 1,
            expected: FORMAT_VERSION
        }
    );
    let msg = err.to_string();
    assert!(
        msg.contains(&format!("format version {}", FORMAT_VERSION + 1))
            && msg.contains(&format!("reads version {FORMAT_VERSION}")),
        "{msg}"
    );
}

#[test]
fn decode_rejects_damaged_blobs() {
    let bytes = sample_blob().encode().unwrap();
    assert_eq!(Blob::decode(b"RL"), Err(BlobError::TooShort(2)));
    assert_eq!(Blob::decode(b"PK\x03\x04zipzip"), Err(BlobError::BadMagic));
    assert!(matches!(
        Blob::decode(&bytes[..bytes.len() - 3]),
        Err(BlobError::Truncated { .. })
    ));
    let mut flipped = bytes.clone();
    flipped[HEADER_LEN + 7] ^= 0x10;
    assert_eq!(Blob::decode(&flipped), Err(BlobError::Checksum));
}

#[test]
fn decode_rejects_a_nan_or_out_of_range_recall() {
    // Found by fuzzing (fuzz/fuzz_targets/blob_decode.rs): a payload with a
    // valid checksum whose Recall@20 is NaN decoded, and the app would have
    // shown "Recall@20 NaN".
    for bad in [f32::NAN, -0.5, 1.5, f32::INFINITY] {
        let mut blob = sample_blob();
        blob.info.recall_at_20 = Some(bad);
        assert!(
            matches!(blob.encode(), Err(BlobError::Invalid(ref m)) if m.contains("Recall@20")),
            "{bad}"
        );
        // Encoded by hand (encode refuses), as a damaged file would be.
        let payload = postcard_payload(&blob);
        let err = Blob::decode(&frame(&payload)).unwrap_err();
        assert!(err.to_string().contains("Recall@20"), "{bad}: {err}");
    }
    // The fuzzer's input (a payload; the target adds the header): its
    // `BuildInfo`, then an empty catalogue and table in the current format.
    let err = Blob::decode(&frame(&[FUZZ_NAN_RECALL, EMPTY_REST].concat())).unwrap_err();
    assert!(err.to_string().contains("Recall@20 NaN"), "{err}");
    let mut ok = sample_blob();
    ok.info.recall_at_20 = Some(0.25);
    assert!(Blob::decode(&ok.encode().unwrap()).is_ok());
}

#[test]
fn decode_rejects_a_flipped_length_field_and_a_truncated_header() {
    let bytes = sample_blob().encode().unwrap();
    let mut longer = bytes.clone();
    longer[6] ^= 0x01;
    assert!(matches!(
        Blob::decode(&longer),
        Err(BlobError::Truncated { .. })
    ));
    assert_eq!(
        Blob::decode(&bytes[..HEADER_LEN - 1]),
        Err(BlobError::TooShort(HEADER_LEN - 1))
    );
    let err = Blob::decode(&bytes[..bytes.len() / 2]).unwrap_err();
    assert!(err.to_string().contains("truncated"), "{err}");
}

/// fuzz/artifacts/blob_decode/crash-92772dfe…: decoded with Recall@20 NaN.
/// The `BuildInfo` part of that format-4 payload (the rest no longer
/// parses since format 5): empty names, a recommender of 10 bytes, then
/// `Some` and the NaN's four bytes.
const FUZZ_NAN_RECALL: &[u8] = &[
    0, 4, 127, 0, 10, 1, 0, 1, 0, 0, 0, 1, 0, 1, 1, 1, 1, 1, 247, 255,
];

/// The rest of a format-5 payload with no genres, no movies, an empty first
/// table (model 0, k 0, scale 0.0, six empty vectors), no other table and
/// no content information: all zero bytes.
const EMPTY_REST: &[u8] = &[0; 1 + 8 + 1 + 1 + 4 + 6 + 1 + 1];

/// The postcard payload of a blob, bypassing `encode`'s validation.
fn postcard_payload(blob: &Blob) -> Vec<u8> {
    // Encode a valid copy, then patch the one field: postcard writes
    // `Option<f32>` as a 1 tag and 4 little-endian bytes.
    let mut valid = blob.clone();
    let bad = valid.info.recall_at_20.take().unwrap();
    valid.info.recall_at_20 = Some(0.125);
    let bytes = valid.encode().unwrap();
    let mut payload = bytes[HEADER_LEN..].to_vec();
    let needle = [&[1u8][..], &0.125f32.to_le_bytes()].concat();
    let at = payload
        .windows(needle.len())
        .position(|w| w == needle.as_slice())
        .expect("the recall is in the payload");
    payload[at + 1..at + 5].copy_from_slice(&bad.to_le_bytes());
    payload
}

/// A correct header (version, length, CRC-32) around `payload`.
fn frame(payload: &[u8]) -> Vec<u8> {
    let mut out = b"RLGB".to_vec();
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

#[test]
fn encode_refuses_an_inconsistent_blob() {
    let mut blob = sample_blob();
    blob.tables[0].neighbours[0] = 42;
    assert!(matches!(blob.encode(), Err(BlobError::Invalid(_))));
}

#[test]
fn content_table_and_features_round_trip() {
    let blob = sample_blob();
    let back = Blob::decode(&blob.encode().unwrap()).unwrap();
    assert_eq!(back, blob, "offsets derived on decode equal those built");
    let table = back.table(Model::Content).unwrap();
    assert_eq!(Model::Content.label(), "Similar story");
    assert_eq!(table.list(0).map(|(i, _)| i).collect::<Vec<_>>(), vec![2]);
    let content = back.content.as_ref().unwrap();
    assert_eq!(content.weights[0], ("keywords".to_string(), 1.0));
    assert_eq!(content.top_features(0), &[1, 0]);
    assert_eq!(content.top_features(1), &[] as &[u32]);
    assert_eq!(content.top_features(99), &[] as &[u32]);
    assert_eq!(content.feature(1), Some("pixar"));
    assert_eq!(content.feature(9), None);
}

#[test]
fn decode_validates_every_content_field() {
    type Damage = fn(&mut Blob);
    let cases: Vec<(&str, Damage)> = vec![
        ("feature id out of range", |b| {
            b.content.as_mut().unwrap().top_features[0] = 3
        }),
        ("counts shorter than the catalogue", |b| {
            b.content.as_mut().unwrap().counts.pop();
        }),
        ("counts and ids disagree", |b| {
            b.content.as_mut().unwrap().top_features.push(0)
        }),
        ("too many features for a movie", |b| {
            let c = b.content.as_mut().unwrap();
            c.counts[1] = MAX_TOP_FEATURES + 1;
            c.top_features.splice(
                2..2,
                std::iter::repeat_n(0, usize::from(MAX_TOP_FEATURES) + 1),
            );
        }),
        ("a feature listed twice", |b| {
            b.content.as_mut().unwrap().top_features[1] = 1
        }),
        ("negative weight", |b| {
            b.content.as_mut().unwrap().weights[1].1 = -1.0
        }),
        ("two tables of one model", |b| {
            let t = b.tables[0].clone();
            b.tables.push(t);
        }),
    ];
    for (what, damage) in cases {
        let mut blob = sample_blob();
        damage(&mut blob);
        assert!(
            matches!(blob.encode(), Err(BlobError::Invalid(_))),
            "encode accepted: {what}"
        );
    }
    // Without content information a blob is still valid.
    let mut blob = sample_blob();
    blob.content = None;
    assert!(Blob::decode(&blob.encode().unwrap())
        .unwrap()
        .content
        .is_none());
}

#[test]
fn explanations_intersect_features_then_decade_then_genres() {
    let blob = sample_blob();
    // Toy Story (1995) and Toy Story 2 (1999): features in Toy Story's order,
    // the 1990s, then the genres both have.
    let both = shared_features(&blob, 0, 2, 10);
    assert_eq!(both, vec!["pixar", "toy", "1990s", "Animation", "Children"]);
    assert_eq!(shared_features(&blob, 2, 0, 10)[..2], ["toy", "pixar"]);
    assert_eq!(shared_features(&blob, 0, 2, 2), vec!["pixar", "toy"]);
    assert_eq!(
        describe(&shared_features(&blob, 0, 1, 10)),
        "shares: 1990s, Children"
    );
    // Amélie (2001) and Story of Us (1999): a feature, no decade, a genre.
    assert_eq!(shared_features(&blob, 3, 4, 10), vec!["paris", "Romance"]);
    assert!(shared_features(&blob, 0, 0, 10).is_empty());
    assert!(shared_features(&blob, 0, 99, 10).is_empty());
    let mut plain = blob.clone();
    plain.content = None;
    assert_eq!(
        shared_features(&plain, 0, 2, 10),
        vec!["1990s", "Animation", "Children"]
    );
    assert_eq!(describe(&[]), "");
}

#[test]
fn search_ranks_prefix_then_word_then_substring_then_popularity() {
    let blob = sample_blob();
    let index = TitleIndex::new(&blob.movies);
    // "Toy Story" (215 ratings) before "Toy Story 2" (97); "Story of Us"
    // starts with "story" so it beats the word matches of "story".
    assert_eq!(index.search("toy sto", 10), vec![0, 2]);
    assert_eq!(index.search("story", 10), vec![4, 0, 2]);
    assert_eq!(index.search("TORY", 10), vec![0, 2, 4]);
    assert_eq!(index.search("amelie", 10), vec![3], "accents fold");
    assert_eq!(index.search("toy story 1999", 10), vec![2], "year narrows");
    assert_eq!(index.search("toy", 1), vec![0], "limit applies");
    assert!(index.search("  !! ", 10).is_empty());
    assert!(index.search("zzz", 10).is_empty());
}

#[test]
fn recommend_sums_neighbour_scores_and_excludes_seen() {
    let blob = sample_blob();
    let table = blob.table(Model::RatingsCosine).unwrap();
    let top: Vec<u32> = similar(table, 0, 2).into_iter().map(|(i, _)| i).collect();
    assert_eq!(top, vec![2, 1]);
    // Liked Toy Story and Toy Story 2: Jumanji scores 0.4 + 0.3, Amélie 0.1.
    let picks = recommend(table, &[0, 2], &[], 10);
    let ids: Vec<u32> = picks.iter().map(|&(i, _)| i).collect();
    assert_eq!(ids, vec![1, 3]);
    assert!((picks[0].1 - 0.7).abs() < 0.01);
    // Dismissed movies never come back.
    let picks = recommend(table, &[0, 2], &[1], 10);
    assert_eq!(picks.iter().map(|&(i, _)| i).collect::<Vec<_>>(), vec![3]);
}
