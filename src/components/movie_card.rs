//! One movie in a poster grid (neighbours, "For you"): poster, title,
//! genres and a one-line reason, as a link to the movie's own page.
//!
//! With a TMDB credential, a card whose movie has a TMDB id asks the
//! [`TmdbClient`] for it (`Priority::Low`) when it comes near the viewport,
//! and shows the poster over the placeholder (`Poster`). Without one, or
//! after a 401, nothing is asked and the placeholder stays.

use std::sync::Arc;

use leptos::ev::MouseEvent;
use leptos::prelude::*;

use crate::components::Poster;
use crate::io::location::{href, movie_route, open_movie};
use crate::io::tmdb::{Auth, TmdbClient};
use crate::state::{AppState, Catalog};

/// A grid cell for the movie at `index`. With `dismissable`, a "Not
/// interested" button under the link takes it out of "For you".
#[component]
pub fn MovieCard(
    catalog: Arc<Catalog>,
    /// Catalogue index of the movie.
    index: u32,
    /// The one-line reason shown under the title (may be empty).
    reason: String,
    #[prop(optional)] dismissable: bool,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let Some(movie) = catalog.movie(index) else {
        return ().into_any();
    };
    let movie_id = movie.movie_id;
    let card = NodeRef::<leptos::html::Li>::new();
    let tmdb = use_context::<TmdbClient>().zip(movie.tmdb_id);
    let image = tmdb.map(|(tmdb, tmdb_id)| {
        // A credential is in use and TMDB has not rejected it (tracked).
        let usable = move || tmdb.credential().is_some() && tmdb.auth() != Auth::Rejected;
        // Watch the card while usable (again after the credential
        // changes); the client asks once, when the card is seen.
        Effect::new(move |_| {
            if let (true, Some(element)) = (usable(), card.get()) {
                tmdb.request_when_visible(&element, tmdb_id);
            }
        });
        on_cleanup(move || {
            if let Some(element) = card.try_get_untracked().flatten() {
                tmdb.stop_watching(&element);
            }
        });
        Signal::derive(move || usable().then(|| tmdb.poster(tmdb_id)).flatten())
    });
    let image: MaybeProp<_> = image.map(MaybeProp::from).unwrap_or_default();
    let label = movie.label();
    let genres = catalog.genre_line(movie);
    let on_click = move |ev: MouseEvent| {
        // Let the browser open new tabs and windows itself.
        if ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.button() != 0 {
            return;
        }
        ev.prevent_default();
        open_movie(state, index);
    };
    let dismiss = dismissable.then(|| {
        let aria = format!("Not interested in {label}");
        view! {
            <button
                type="button"
                class="card-dismiss"
                aria-label=aria
                on:click=move |_| state.taste.update(|t| {
                    t.dismiss(movie_id);
                })
            >
                "Not interested"
            </button>
        }
    });
    view! {
        <li class="neighbour" node_ref=card>
            <a class="neighbour-link" href=href(&movie_route(state, movie_id)) on:click=on_click>
                <Poster title=movie.title.clone() movie_id=movie_id image=image />
                <span class="neighbour-title">{label.clone()}</span>
                <span class="neighbour-genres">{genres}</span>
                {(!reason.is_empty()).then(|| view! { <span class="neighbour-reason">{reason}</span> })}
            </a>
            {dismiss}
        </li>
    }
    .into_any()
}
