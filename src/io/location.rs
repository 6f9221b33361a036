//! The address bar: `#/movie/<movieId>` names the movie on screen, so a link
//! can be shared, reloaded, and back/forward step through visited movies.
//!
//! Hash routing rather than paths: a static host (GitHub Pages under
//! `/<repo>/`) serves `index.html` for the site's root only, and a hash
//! never reaches the server, so any deep link works with no rewrite rules.
//! The URL holds MovieLens ids, stable across blob versions, never indices.

use leptos::prelude::*;

use crate::state::AppState;

/// The movie id in a location hash such as `#/movie/318`, if any.
pub fn movie_id_from_hash(hash: &str) -> Option<u32> {
    hash.strip_prefix("#/movie/")?.parse().ok()
}

fn current_hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// Shows the movie at `index` and records it in the URL (a new history
/// entry, so Back returns to the previous movie).
pub fn open_movie(state: AppState, index: u32) {
    state.selected.set(Some(index));
    let Some(movie_id) = state
        .ready_untracked()
        .and_then(|c| c.movie(index).map(|m| m.movie_id))
    else {
        return;
    };
    if movie_id_from_hash(&current_hash()) != Some(movie_id) {
        // Setting the same hash would add no entry; a failure only costs the link.
        let _ = window().location().set_hash(&format!("/movie/{movie_id}"));
        // A neighbour is clicked far down the page; its movie starts at the top.
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// Makes the state follow the URL: now (once the catalogue is loaded) and on
/// every hash change (back/forward, an edited or pasted link). Unknown ids
/// show the start page.
pub fn follow_url(state: AppState) {
    let apply = move || {
        let Some(catalog) = state.ready_untracked() else {
            return;
        };
        let index = movie_id_from_hash(&current_hash()).and_then(|id| catalog.blob.index_of(id));
        if state.selected.get_untracked() != index {
            state.selected.set(index);
        }
    };
    // Runs again when the catalogue arrives, so a deep link opens its movie.
    Effect::new(move |_| {
        if state.ready().is_some() {
            apply();
        }
    });
    let handle = window_event_listener(leptos::ev::hashchange, move |_| apply());
    on_cleanup(move || handle.remove());
}

/// Keeps the tab title on the movie on screen ("Toy Story (1995) — Reelgraph").
pub fn follow_title(state: AppState) {
    Effect::new(move |_| {
        let movie = state.ready().and_then(|c| {
            state
                .selected
                .get()
                .and_then(|i| c.movie(i).map(|m| m.label()))
        });
        let title = match movie {
            Some(label) => format!("{label} — Reelgraph"),
            None => "Reelgraph — find films like the ones you love".to_string(),
        };
        document().set_title(&title);
    });
}
