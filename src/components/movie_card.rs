//! One movie in a poster grid (neighbours, "For you"): poster, title,
//! genres and a one-line reason, as a link to the movie's own page.

use std::sync::Arc;

use leptos::ev::MouseEvent;
use leptos::prelude::*;

use crate::components::Poster;
use crate::io::location::{href, movie_route, open_movie};
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
        <li class="neighbour">
            <a class="neighbour-link" href=href(&movie_route(state, movie_id)) on:click=on_click>
                <Poster title=movie.title.clone() movie_id=movie_id />
                <span class="neighbour-title">{label.clone()}</span>
                <span class="neighbour-genres">{genres}</span>
                {(!reason.is_empty()).then(|| view! { <span class="neighbour-reason">{reason}</span> })}
            </a>
            {dismiss}
        </li>
    }
    .into_any()
}
