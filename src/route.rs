//! What the address bar says is on screen, as a value: the pure half of
//! `crate::io::location` (which reads and writes the real URL).
//!
//! Hash routes, so a static host serves every link (see `io::location`):
//!
//! | hash | screen |
//! |---|---|
//! | `#/` or nothing | the start page |
//! | `#/?q=toy%20story` | the start page with that search text |
//! | `#/movie/318` | the movie with MovieLens id 318, default neighbour table |
//! | `#/movie/318?model=content` | the same movie, "Similar story" lists ([`LinkModel`]) |
//! | `#/for-you` | "For you", from the visitor's own taste set |
//! | `#/for-you?like=1,318,2571` | "For you" from those liked movieIds (a shared taste) |
//!
//! Parsing never fails: anything unknown is the start page, an unknown
//! `model=` value is the default table. Shared core: no web dependency,
//! tested natively.

use crate::blob::Model;

/// A screen and what it needs to be restored from a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The start page; `query` is the search text (possibly empty).
    Home { query: String },
    /// A movie's page, by MovieLens movieId; `model` names the neighbour
    /// table shown, `None` for the blob's default.
    Movie {
        movie_id: u32,
        model: Option<LinkModel>,
    },
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
                Ok(movie_id) => Route::Movie {
                    movie_id,
                    model: param("model").and_then(|m| LinkModel::parse(&m)),
                },
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
            Route::Movie {
                movie_id,
                model: None,
            } => format!("#/movie/{movie_id}"),
            Route::Movie {
                movie_id,
                model: Some(model),
            } => format!("#/movie/{movie_id}?model={}", model.name()),
            Route::ForYou { like: None } => "#/for-you".to_string(),
            Route::ForYou { like: Some(ids) } => format!(
                "#/for-you?like={}",
                ids.iter().map(u32::to_string).collect::<Vec<_>>().join(",")
            ),
        }
    }
}

/// A neighbour table as a link names it: the names of `build-tools similar
/// --model`, not [`Model`] itself, because a link must outlive the blob it
/// was made with — "ratings" names whichever rating model a blob carries
/// ([`Model::RatingsEase`] or, for very large catalogues,
/// [`Model::RatingsCosine`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkModel {
    /// [`Model::Hybrid`] ("Best match"); the default in every blob
    /// build-tools writes today, so links rarely carry it.
    Best,
    /// A rating model ("Fans also liked").
    Ratings,
    /// [`Model::Content`] ("Similar story").
    Content,
}

impl LinkModel {
    /// The model a `model=` value names; `None` for anything else (the
    /// default table then, never an error).
    pub fn parse(name: &str) -> Option<LinkModel> {
        match name {
            "best" => Some(LinkModel::Best),
            "ratings" => Some(LinkModel::Ratings),
            "content" => Some(LinkModel::Content),
            _ => None,
        }
    }

    /// The `model=` value.
    pub fn name(self) -> &'static str {
        match self {
            LinkModel::Best => "best",
            LinkModel::Ratings => "ratings",
            LinkModel::Content => "content",
        }
    }

    /// How a link names a table of `model`.
    pub fn of(model: Model) -> LinkModel {
        match model {
            Model::Hybrid => LinkModel::Best,
            Model::RatingsCosine | Model::RatingsEase => LinkModel::Ratings,
            Model::Content => LinkModel::Content,
        }
    }

    /// The model to choose for a link naming `link`, given the blob's
    /// tables' models in the blob's order (the first is the default):
    /// `None` — the default — when the link names no model, the default
    /// itself, or a table this blob lacks.
    pub fn choose(link: Option<LinkModel>, tables: &[Model]) -> Option<Model> {
        let link = link?;
        let position = tables.iter().position(|&m| LinkModel::of(m) == link)?;
        (position > 0).then(|| tables[position])
    }

    /// How a link names what is shown when `chosen` is chosen (the
    /// inverse of [`LinkModel::choose`]): `None` when that is the default
    /// table, i.e. nothing or a model the blob lacks is chosen.
    pub fn shown(chosen: Option<Model>, tables: &[Model]) -> Option<LinkModel> {
        let chosen = chosen?;
        let position = tables.iter().position(|&m| m == chosen)?;
        (position > 0).then(|| LinkModel::of(chosen))
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

    fn movie(movie_id: u32, model: Option<LinkModel>) -> Route {
        Route::Movie { movie_id, model }
    }

    #[test]
    fn movie_model_round_trips() {
        for (hash, route) in [
            ("#/movie/318", movie(318, None)),
            (
                "#/movie/318?model=content",
                movie(318, Some(LinkModel::Content)),
            ),
            (
                "#/movie/1?model=ratings",
                movie(1, Some(LinkModel::Ratings)),
            ),
            ("#/movie/1?model=best", movie(1, Some(LinkModel::Best))),
        ] {
            assert_eq!(Route::parse(hash), route, "{hash}");
            assert_eq!(route.to_hash(), hash);
        }
        for model in [LinkModel::Best, LinkModel::Ratings, LinkModel::Content] {
            assert_eq!(LinkModel::parse(model.name()), Some(model));
        }
        // Without the `#`, a trailing slash, among other parameters.
        assert_eq!(
            Route::parse("/movie/318/?x=1&model=content"),
            movie(318, Some(LinkModel::Content))
        );
    }

    #[test]
    fn unknown_or_empty_model_is_the_default() {
        for hash in [
            "#/movie/318?model=",
            "#/movie/318?model=Content",
            "#/movie/318?model=hybrid",
            "#/movie/318?model=content2",
            "#/movie/318?model=%FF",
            "#/movie/318?model",
            "#/movie/318?",
        ] {
            assert_eq!(Route::parse(hash), movie(318, None), "{hash}");
        }
        // A bad id still wins: the start page, whatever the model.
        assert_eq!(Route::parse("#/movie/x?model=content"), Route::home());
        // The parameter belongs to movie pages only.
        assert_eq!(Route::parse("#/?model=content"), Route::home());
    }

    #[test]
    fn links_choose_tables_the_blob_has() {
        use Model::*;
        let v4 = [Hybrid, RatingsEase, Content];
        let choose = |link| LinkModel::choose(link, &v4);
        assert_eq!(choose(None), None);
        assert_eq!(choose(Some(LinkModel::Content)), Some(Content));
        assert_eq!(choose(Some(LinkModel::Ratings)), Some(RatingsEase));
        // Naming the default is the default.
        assert_eq!(choose(Some(LinkModel::Best)), None);

        // "ratings" names a cosine table too; a missing table is the default.
        let large = [RatingsCosine, Content];
        assert_eq!(
            LinkModel::choose(Some(LinkModel::Ratings), &large),
            None,
            "the default"
        );
        assert_eq!(
            LinkModel::choose(Some(LinkModel::Best), &large),
            None,
            "no hybrid table"
        );
        assert_eq!(LinkModel::choose(Some(LinkModel::Content), &[Hybrid]), None);
        assert_eq!(LinkModel::choose(Some(LinkModel::Content), &[]), None);

        // What is shown round-trips through the link.
        for tables in [&v4[..], &large[..], &[Hybrid][..], &[]] {
            for chosen in [
                None,
                Some(Hybrid),
                Some(RatingsEase),
                Some(RatingsCosine),
                Some(Content),
            ] {
                let link = LinkModel::shown(chosen, tables);
                let back = LinkModel::choose(link, tables);
                assert_eq!(
                    LinkModel::shown(back, tables),
                    link,
                    "{tables:?} {chosen:?}"
                );
                let expected = chosen.filter(|m| tables.iter().skip(1).any(|t| t == m));
                assert_eq!(back, expected, "{tables:?} {chosen:?}");
            }
        }
        assert_eq!(
            LinkModel::shown(Some(Content), &v4),
            Some(LinkModel::Content)
        );
        assert_eq!(LinkModel::shown(Some(Hybrid), &v4), None);
        assert_eq!(
            LinkModel::shown(Some(RatingsEase), &large),
            None,
            "not in the blob"
        );
    }
}
