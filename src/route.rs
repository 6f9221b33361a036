//! What the address bar says is on screen, as a value: the pure half of
//! `crate::io::location` (which reads and writes the real URL).
//!
//! Hash routes, so a static host serves every link (see `io::location`):
//!
//! | hash | screen |
//! |---|---|
//! | `#/` or nothing | the start page |
//! | `#/?q=toy%20story` | the start page with that search text |
//! | `#/movie/318` | the movie with MovieLens id 318 |
//! | `#/for-you` | "For you", from the visitor's own taste set |
//! | `#/for-you?like=1,318,2571` | "For you" from those liked movieIds (a shared taste) |
//!
//! Parsing never fails: anything unknown is the start page. Shared core: no
//! web dependency, tested natively.

/// A screen and what it needs to be restored from a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The start page; `query` is the search text (possibly empty).
    Home { query: String },
    /// A movie's page, by MovieLens movieId.
    Movie { movie_id: u32 },
    /// "For you"; `like` lists the liked movieIds when the link carries them.
    ForYou { like: Option<Vec<u32>> },
}

/// Most movieIds read from a `like=` list (items): a link is no place for
/// a whole viewing history.
pub const MAX_LINK_LIKES: usize = 500;

impl Route {
    /// The start page with nothing typed.
    pub fn home() -> Self {
        Route::Home {
            query: String::new(),
        }
    }

    /// Reads a location hash (`#/movie/318`, with or without the `#`).
    pub fn parse(hash: &str) -> Route {
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        let hash = hash.strip_prefix('/').unwrap_or(hash);
        let (path, query) = hash.split_once('?').unwrap_or((hash, ""));
        let param = |name: &str| {
            query
                .split('&')
                .filter_map(|pair| pair.split_once('='))
                .find(|(k, _)| *k == name)
                .map(|(_, v)| percent_decode(v))
        };
        let path = path.trim_end_matches('/');
        if let Some(id) = path.strip_prefix("movie/") {
            return match id.parse() {
                Ok(movie_id) => Route::Movie { movie_id },
                Err(_) => Route::home(),
            };
        }
        match path {
            "for-you" => Route::ForYou {
                like: param("like").map(|list| parse_ids(&list)),
            },
            _ => Route::Home {
                query: param("q").unwrap_or_default(),
            },
        }
    }

    /// The hash for this route, with its `#` (`#/for-you?like=1,318`).
    pub fn to_hash(&self) -> String {
        match self {
            Route::Home { query } if query.is_empty() => "#/".to_string(),
            Route::Home { query } => format!("#/?q={}", percent_encode(query)),
            Route::Movie { movie_id } => format!("#/movie/{movie_id}"),
            Route::ForYou { like: None } => "#/for-you".to_string(),
            Route::ForYou { like: Some(ids) } => format!(
                "#/for-you?like={}",
                ids.iter().map(u32::to_string).collect::<Vec<_>>().join(",")
            ),
        }
    }
}

/// MovieIds from "1,318,2571": entries that are not numbers are skipped,
/// duplicates dropped, at most [`MAX_LINK_LIKES`] kept.
pub fn parse_ids(list: &str) -> Vec<u32> {
    let mut ids: Vec<u32> = Vec::new();
    for id in list.split(',').filter_map(|s| s.trim().parse().ok()) {
        if !ids.contains(&id) && ids.len() < MAX_LINK_LIKES {
            ids.push(id);
        }
    }
    ids
}

/// Percent-encodes `text` for a URL query value: ASCII letters, digits and
/// `-._~` stay, everything else becomes `%XX` per UTF-8 byte.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes and `+` (a space in query strings). Malformed
/// escapes stay as they are; invalid UTF-8 becomes U+FFFD.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |at: usize| {
            bytes
                .get(at)
                .and_then(|&b| char::from(b).to_digit(16))
                .map(|d| d as u8)
        };
        match bytes[i] {
            b'%' => match (hex(i + 1), hex(i + 2)) {
                (Some(hi), Some(lo)) => {
                    out.push(hi << 4 | lo);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_round_trip() {
        for s in ["toy story", "Amélie", "50% & more", "a+b", ""] {
            assert_eq!(percent_decode(&percent_encode(s)), s);
        }
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
