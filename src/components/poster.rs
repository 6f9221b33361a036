//! A poster-shaped tile for a movie: the title's initials on a colour
//! derived from the movieId (stable across visits and blob versions), with
//! the TMDB poster laid over it once one is known.
//!
//! **TMDB hook (wired):** `MovieCard` passes `image` when the visitor has a
//! TMDB credential (theirs or the site's): the card asks the `TmdbClient`
//! for its movie with `Priority::Low` once it comes near the viewport
//! (`TmdbClient::request_when_visible`, so the movie page's own details go
//! first and a long grid only costs what is seen; answers are cached), and
//! `image` follows `TmdbClient::poster`. The picture (`src`, `srcset` w185 +
//! w342, `sizes` = [`GRID_POSTER_SIZES`], `loading="lazy"`,
//! `decoding="async"`) covers the placeholder, which stays visible while it
//! loads, when TMDB has no poster or no such movie (404), when the image
//! fails, and without a credential or after a 401 (then nothing is asked).

use leptos::prelude::*;

use crate::tmdb::{ImageUrls, GRID_POSTER_SIZES, POSTER_SIZES};

/// Words skipped when taking initials ("The Godfather" → "G").
const SKIPPED: &[&str] = &[
    "the", "a", "an", "le", "la", "les", "el", "il", "der", "die", "das",
];

/// Words that never give the second initial.
const SMALL: &[&str] = &[
    "of", "the", "a", "an", "and", "in", "on", "to", "at", "for", "de", "la", "le",
];

/// Up to two initials of a title: first letters of its first two words,
/// a leading article and later small words skipped; digits count
/// ("Se7en" → "S", "2001: …" → "2").
pub fn initials(title: &str) -> String {
    let words: Vec<&str> = title
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    let start = match words.first() {
        Some(w) if words.len() > 1 && SKIPPED.contains(&w.to_lowercase().as_str()) => 1,
        _ => 0,
    };
    // After the first word, small words do not make an initial
    // ("The Last of the Mohicans" → "LM").
    let first = words.get(start).copied();
    let rest = words
        .iter()
        .skip(start + 1)
        .filter(|w| !SMALL.contains(&w.to_lowercase().as_str()));
    first
        .iter()
        .chain(rest)
        .take(2)
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect()
}

/// Placeholder colours (CSS classes `hue-0` … `hue-11` in style/main.css).
pub const HUES: u32 = 12;

/// The placeholder colour of a movie, 0..[`HUES`], spread by a
/// multiplicative hash of its movieId so neighbours in a grid rarely share
/// one. A class rather than an inline style: the page's CSP allows no
/// inline styles.
pub fn hue(movie_id: u32) -> u32 {
    (movie_id.wrapping_mul(2_654_435_761) >> 16) % HUES
}

/// The poster tile. Decorative (`aria-hidden`): the card around it names
/// the movie.
#[component]
pub fn Poster(
    /// The movie's display title (initials are taken from it).
    title: String,
    /// MovieLens movieId (picks the colour).
    movie_id: u32,
    /// The poster image, once one is known (the TMDB hook).
    #[prop(optional, into)]
    image: MaybeProp<ImageUrls>,
    /// The large variant, for the movie's own page.
    #[prop(optional)]
    large: bool,
) -> impl IntoView {
    let size = if large { " poster-large" } else { "" };
    let class = format!("poster hue-{}{size}", hue(movie_id));
    let sizes = if large {
        POSTER_SIZES
    } else {
        GRID_POSTER_SIZES
    };
    // An image that fails to load is hidden: the placeholder shows.
    let failed = RwSignal::new(false);
    view! {
        <div class=class aria-hidden="true">
            <span class="poster-initials">{initials(&title)}</span>
            {move || image.get().map(|urls| view! {
                <img
                    class="poster-image"
                    src=urls.src
                    srcset=urls.srcset
                    sizes=sizes
                    alt=""
                    loading="lazy"
                    decoding="async"
                    hidden=move || failed.get()
                    on:error=move |_| failed.set(true)
                />
            })}
        </div>
    }
}
