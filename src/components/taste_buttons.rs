//! "I like this" and "Not interested" for one movie: toggle buttons that
//! edit the visitor's taste set (saved by `io::storage`).

use leptos::prelude::*;

use crate::state::AppState;

/// The two taste toggles for the movie with MovieLens id `movie_id`.
#[component]
pub fn TasteButtons(movie_id: u32) -> impl IntoView {
    let state = expect_context::<AppState>();
    let liked = move || state.taste.with(|t| t.is_liked(movie_id));
    let dismissed = move || state.taste.with(|t| t.is_dismissed(movie_id));
    let toggle_like = move |_| {
        state.taste.update(|t| {
            if !t.unlike(movie_id) {
                t.like(movie_id);
            }
        })
    };
    let toggle_dismiss = move |_| {
        state.taste.update(|t| {
            if !t.undismiss(movie_id) {
                t.dismiss(movie_id);
            }
        })
    };
    view! {
        <div class="taste-buttons" role="group" aria-label="Your taste">
            <button
                type="button"
                class="like"
                aria-pressed=move || liked().to_string()
                on:click=toggle_like
            >
                <span aria-hidden="true">{move || if liked() { "♥ " } else { "♡ " }}</span>
                "I like this"
            </button>
            <button
                type="button"
                class="dismiss"
                aria-pressed=move || dismissed().to_string()
                on:click=toggle_dismiss
            >
                "Not interested"
            </button>
        </div>
    }
}
