//! Why two movies are neighbours, in words: "shares: heist, bank robbery,
//! 1970s, Crime".
//!
//! One function, [`shared_features`], used by the app and by
//! `build-tools similar`, so both always show the same explanation. It reads
//! only the blob: the descriptive features `build-tools` stored per movie
//! ([`ContentInfo`]: keywords, tags, overview words, best first), the decade
//! of each movie's year and the genre bit sets. Native and wasm32, no web
//! dependency.

use crate::blob::{Blob, ContentInfo};

/// The decade of a year as shown and as used as a content feature:
/// 1995 → "1990s".
pub fn decade(year: u16) -> String {
    format!("{}s", year / 10 * 10)
}

/// What the movies at indices `a` and `b` have in common, most telling
/// first, at most `max` items: the stored descriptive features both have (in
/// `a`'s order, best first), then their common decade, then their common
/// genres (in the blob's genre order). Empty when they share nothing, when an
/// index is out of range, or when `a == b`.
pub fn shared_features(blob: &Blob, a: u32, b: u32, max: usize) -> Vec<String> {
    let (Some(ma), Some(mb)) = (blob.movies.get(a as usize), blob.movies.get(b as usize)) else {
        return Vec::new();
    };
    if a == b {
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    if let Some(content) = &blob.content {
        out.extend(shared_top_features(content, a, b).map(str::to_string));
    }
    if let (Some(ya), Some(yb)) = (ma.year, mb.year) {
        if ya / 10 == yb / 10 {
            out.push(decade(ya));
        }
    }
    let common = ma.genres & mb.genres;
    out.extend(
        blob.genres
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < 32 && common & (1 << i) != 0)
            .map(|(_, g)| g.clone()),
    );
    // A keyword may read like a genre or decade ("comedy", "1970s").
    let mut seen: Vec<String> = Vec::new();
    out.retain(|s| {
        let key = s.to_lowercase();
        let new = !seen.contains(&key);
        seen.push(key);
        new
    });
    out.truncate(max);
    out
}

/// The explanation as one line, "shares: heist, 1970s"; empty when nothing
/// is shared.
pub fn describe(shared: &[String]) -> String {
    if shared.is_empty() {
        String::new()
    } else {
        format!("shares: {}", shared.join(", "))
    }
}

fn shared_top_features(content: &ContentInfo, a: u32, b: u32) -> impl Iterator<Item = &str> {
    let theirs = content.top_features(b);
    content
        .top_features(a)
        .iter()
        .filter(move |f| theirs.contains(f))
        .filter_map(|&f| content.feature(f))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decades() {
        assert_eq!(decade(1995), "1990s");
        assert_eq!(decade(2000), "2000s");
        assert_eq!(decade(1909), "1900s");
    }

    #[test]
    fn describe_joins() {
        assert_eq!(describe(&[]), "");
        assert_eq!(
            describe(&["heist".into(), "1970s".into()]),
            "shares: heist, 1970s"
        );
    }
}
