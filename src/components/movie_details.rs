//! Details of the movie on screen from TMDB: poster, backdrop, tagline,
//! overview, release date, runtime, TMDB rating, director, top-billed cast
//! and a trailer link.
//!
//! The details are extras on top of the blob's data: without a key the
//! component says how to add one; when TMDB does not know the movie, or the
//! network fails, it steps aside quietly; a rejected key or an unreadable
//! answer gets one clear message. Everything from TMDB is rendered as text
//! nodes, and image paths and video keys are checked before they become
//! URLs (`crate::tmdb`). Requests go through [`TmdbClient`] (`crate::io::tmdb`).

use std::sync::Arc;

use leptos::prelude::*;

use crate::io::tmdb::{Auth, Priority, Status, TmdbClient};
use crate::state::AppState;
use crate::tmdb::{
    backdrop_urls, format_rating, format_release_date, format_runtime, poster_urls, youtube_url,
    Details, BACKDROP_SIZES, POSTER_SIZES,
};

/// TMDB details of the selected movie. Renders nothing without a
/// [`TmdbClient`] in context or when the movie has no TMDB id.
#[component]
pub fn MovieDetails() -> impl IntoView {
    let state = expect_context::<AppState>();
    let Some(tmdb) = use_context::<TmdbClient>() else {
        return ().into_any();
    };
    let tmdb_id = Memo::new(move |_| {
        let catalog = state.ready()?;
        catalog.movie(state.selected.get()?)?.tmdb_id
    });
    // Ask whenever the movie or the credential changes.
    Effect::new(move |_| {
        let has_credential = tmdb.credential().is_some();
        if let (Some(id), true) = (tmdb_id.get(), has_credential) {
            tmdb.request(id, Priority::High);
        }
    });
    let open_settings = move |_| tmdb.settings_open.set(true);

    (move || {
        let id = tmdb_id.get()?;
        if tmdb.credential().is_none() {
            return Some(
                view! {
                    <p class="tmdb-hint">
                        "Posters, cast and trailers come from TMDB and need a free TMDB API key. "
                        <button type="button" class="link-button tmdb-open-settings" on:click=open_settings>
                            "Add a TMDB key"
                        </button>
                    </p>
                }
                .into_any(),
            );
        }
        if tmdb.auth() == Auth::Rejected {
            return Some(
                view! {
                    <p class="tmdb-message tmdb-rejected" role="alert">
                        "TMDB rejected the API key or token, so posters and details are off. "
                        <button type="button" class="link-button tmdb-open-settings" on:click=open_settings>
                            "Check the TMDB key"
                        </button>
                    </p>
                }
                .into_any(),
            );
        }
        let retry = move |_| tmdb.retry(id);
        Some(match tmdb.status(id) {
            Status::Ready(details) => details_view(details, tmdb.image_base()).into_any(),
            Status::Idle | Status::Queued | Status::Loading => view! {
                <div class="tmdb-details tmdb-loading" role="status" aria-live="polite">
                    <div class="tmdb-poster skeleton"></div>
                    <p>"Loading details from TMDB…"</p>
                </div>
            }
            .into_any(),
            Status::Retrying { .. } => view! {
                <div class="tmdb-details tmdb-loading tmdb-retrying" role="status" aria-live="polite">
                    <div class="tmdb-poster skeleton"></div>
                    <p>"TMDB asked for a short pause; the details follow in a moment…"</p>
                </div>
            }
            .into_any(),
            // TMDB does not know this movie: the blob's data is all there is.
            Status::NotFound => ().into_any(),
            Status::Unavailable(reason) => view! {
                <p class="tmdb-note tmdb-unavailable" title=reason>
                    "Details from TMDB are unavailable right now. "
                    <button type="button" class="link-button tmdb-retry" on:click=retry>
                        "Try again"
                    </button>
                </p>
            }
            .into_any(),
            Status::Malformed(reason) => view! {
                <p class="tmdb-message tmdb-malformed" role="alert">
                    {format!("TMDB sent details Reelgraph could not read ({reason}). ")}
                    <button type="button" class="link-button tmdb-retry" on:click=retry>
                        "Try again"
                    </button>
                </p>
            }
            .into_any(),
        })
    })
    .into_any()
}

/// The fetched details, laid out beside the poster.
fn details_view(d: Arc<Details>, image_base: String) -> impl IntoView {
    let poster = d
        .poster_path
        .as_deref()
        .and_then(|p| poster_urls(&image_base, p))
        .map(|urls| {
            view! {
                <img
                    class="tmdb-poster"
                    src=urls.src
                    srcset=urls.srcset
                    sizes=POSTER_SIZES
                    width="185"
                    height="278"
                    loading="lazy"
                    decoding="async"
                    alt=format!("Poster of {}", d.title)
                />
            }
        });
    let backdrop = d
        .backdrop_path
        .as_deref()
        .and_then(|p| backdrop_urls(&image_base, p))
        .map(|urls| {
            view! {
                <img
                    class="tmdb-backdrop"
                    src=urls.src
                    srcset=urls.srcset
                    sizes=BACKDROP_SIZES
                    width="780"
                    height="439"
                    loading="lazy"
                    decoding="async"
                    alt=""
                />
            }
        });
    let mut facts = Vec::new();
    if let Some(date) = &d.release_date {
        facts.push(format!("Released {}", format_release_date(date)));
    }
    if let Some(minutes) = d.runtime_minutes {
        facts.push(format_runtime(minutes));
    }
    if let Some(rating) = d.rating {
        facts.push(format_rating(rating, d.vote_count));
    }
    let facts = (!facts.is_empty()).then(|| {
        view! { <p class="tmdb-facts">{facts.join(" · ")}</p> }
    });
    let tagline = (!d.tagline.is_empty()).then(|| {
        view! { <p class="tmdb-tagline">{d.tagline.clone()}</p> }
    });
    let overview = (!d.overview.is_empty()).then(|| {
        view! { <p class="tmdb-overview">{d.overview.clone()}</p> }
    });
    let director = (!d.directors.is_empty()).then(|| {
        let noun = if d.directors.len() > 1 {
            "Directors: "
        } else {
            "Director: "
        };
        view! {
            <p class="tmdb-director">
                {noun}
                <span class="tmdb-director-names">{d.directors.join(", ")}</span>
            </p>
        }
    });
    let cast = (!d.cast.is_empty()).then(|| {
        let members = d
            .cast
            .iter()
            .map(|c| {
                let character = (!c.character.is_empty()).then(|| {
                    view! { <span class="cast-character">{format!(" as {}", c.character)}</span> }
                });
                view! {
                    <li>
                        <span class="cast-name">{c.name.clone()}</span>
                        {character}
                    </li>
                }
            })
            .collect_view();
        view! {
            <div class="tmdb-cast">
                <h3>"Top-billed cast"</h3>
                <ul>{members}</ul>
            </div>
        }
    });
    let trailer = d
        .trailer_youtube_key
        .as_deref()
        .and_then(youtube_url)
        .map(|href| {
            view! {
                <a class="tmdb-trailer" href=href target="_blank" rel="noopener noreferrer">
                    "Watch the trailer on YouTube"
                </a>
            }
        });
    let tmdb_page = format!("https://www.themoviedb.org/movie/{}", d.tmdb_id);
    view! {
        <section class="tmdb-details" aria-label="Details from TMDB">
            {backdrop}
            <div class="tmdb-body">
                {poster}
                <div class="tmdb-text">
                    {tagline}
                    {facts}
                    {overview}
                    {director}
                    {cast}
                    <p class="tmdb-links">
                        {trailer}
                        <a class="tmdb-source" href=tmdb_page target="_blank" rel="noopener noreferrer">
                            "More on TMDB"
                        </a>
                    </p>
                </div>
            </div>
        </section>
    }
}
