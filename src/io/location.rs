//! The address bar: the URL names what is on screen — a movie and the
//! neighbour table shown (`#/movie/318`, `#/movie/318?model=content`), a
//! movie id this catalogue lacks (said so on the page), the search text
//! (`#/?q=toy`) or "For you" with the taste it was computed from
//! (`#/for-you?like=1,318,2571`) — so a link can be shared or reloaded, and
//! back/forward step through visited screens.
//! The routes themselves, as values, are [`crate::route::Route`].
//!
//! Hash routing rather than paths: a static host (GitHub Pages under
//! `/<repo>/`) serves `index.html` for the site's root only, and a hash
//! never reaches the server, so any deep link works with no rewrite rules.
//! The URL holds MovieLens ids, stable across blob versions, never indices.
//!
//! Opening a screen adds a history entry ([`open_movie`], [`open_for_you`],
//! [`open_home`]); typing, changing the taste set and switching the model
//! only rewrite the current entry ([`follow_url`]), so Back is not a
//! keystroke undo and goes back to the previous movie, not the previous
//! model.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::route::{LinkModel, Route};
use crate::state::AppState;

/// The movie id in a location hash such as `#/movie/318`, if any.
pub fn movie_id_from_hash(hash: &str) -> Option<u32> {
    match Route::parse(hash) {
        Route::Movie { movie_id, .. } => Some(movie_id),
        _ => None,
    }
}

/// The route in the address bar now.
pub fn current_route() -> Route {
    Route::parse(&current_hash())
}

fn current_hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// A link to `route` on this page: path and query as they are, then the
/// route's hash. Absolute on purpose: a bare `#/…` would resolve against
/// `<base>`, which may differ from the page's own URL.
pub fn href(route: &Route) -> String {
    let location = window().location();
    format!(
        "{}{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default(),
        route.to_hash()
    )
}

/// Puts `route` in the address bar as a new history entry (fires
/// `hashchange`); nothing if it is already there.
fn push(route: &Route) {
    if current_route() != *route {
        // A failure only costs the link; the screen has changed anyway.
        let hash = route.to_hash();
        let _ = window().location().set_hash(&hash[1..]);
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// Rewrites the current history entry to `route` (no `hashchange`, no new
/// entry). The URL keeps its path and query, so this works under a
/// sub-path and whatever `<base>` says.
fn replace(route: &Route) {
    let url = href(route);
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// The route of the page of `movie_id` under the model chosen now
/// (untracked): the model stays chosen from one movie to the next, so
/// links to movies carry it.
pub fn movie_route(state: AppState, movie_id: u32) -> Route {
    let model = state
        .ready_untracked()
        .and_then(|catalog| LinkModel::shown(state.model.get_untracked(), &catalog.models()));
    Route::Movie { movie_id, model }
}

/// Shows the movie at `index` and records it in the URL (a new history
/// entry, so Back returns to the previous screen).
pub fn open_movie(state: AppState, index: u32) {
    state.for_you.set(false);
    state.missing_movie.set(None);
    state.selected.set(Some(index));
    if let Some(movie_id) = state
        .ready_untracked()
        .and_then(|c| c.movie(index).map(|m| m.movie_id))
    {
        push(&movie_route(state, movie_id));
    }
}

/// Shows "For you" from the visitor's own taste set (a new history entry).
pub fn open_for_you(state: AppState) {
    state.shared_likes.set(None);
    state.missing_movie.set(None);
    state.selected.set(None);
    state.for_you.set(true);
    push(&route_of(state));
}

/// Shows the start page, keeping the search text (a new history entry).
pub fn open_home(state: AppState) {
    state.for_you.set(false);
    state.missing_movie.set(None);
    state.selected.set(None);
    push(&route_of(state));
}

/// The route that describes the screen in `state` now (untracked).
fn route_of(state: AppState) -> Route {
    if state.for_you.get_untracked() {
        let like = state
            .shared_likes
            .get_untracked()
            .unwrap_or_else(|| state.taste.with_untracked(|t| t.liked().to_vec()));
        return Route::ForYou {
            like: (!like.is_empty()).then_some(like),
        };
    }
    let movie_id = state.ready_untracked().and_then(|c| {
        state
            .selected
            .get_untracked()
            .and_then(|i| c.movie(i).map(|m| m.movie_id))
    });
    // A missing movie keeps its link, so the visitor sees what was asked
    // for and a reload says the same.
    match movie_id.or_else(|| state.missing_movie.get_untracked()) {
        Some(movie_id) => movie_route(state, movie_id),
        None => Route::Home {
            query: state.query.get_untracked(),
        },
    }
}

/// Sets the state to what `route` names. A movie id the catalogue lacks
/// is noted in [`AppState::missing_movie`] (the movie page says so, and
/// the link stays); a `model=` the blob lacks, or none, is the default
/// table; a `like=` list other than the visitor's own taste is shown as a
/// shared taste ([`AppState::shared_likes`]).
pub fn apply_route(state: AppState, route: Route) {
    let Some(catalog) = state.ready_untracked() else {
        return;
    };
    match route {
        Route::Home { query } => {
            state.for_you.set(false);
            state.missing_movie.set(None);
            state.selected.set(None);
            if state.query.get_untracked() != query {
                state.query.set(query);
            }
        }
        Route::Movie { movie_id, model } => {
            state.for_you.set(false);
            let model = LinkModel::choose(model, &catalog.models());
            if state.model.get_untracked() != model {
                state.model.set(model);
            }
            let index = catalog.blob.index_of(movie_id);
            let missing = index.is_none().then_some(movie_id);
            if state.missing_movie.get_untracked() != missing {
                state.missing_movie.set(missing);
            }
            if state.selected.get_untracked() != index {
                state.selected.set(index);
            }
        }
        Route::ForYou { like } => {
            let own = state.taste.with_untracked(|t| t.liked().to_vec());
            let shared = like.filter(|ids| *ids != own);
            if state.shared_likes.get_untracked() != shared {
                state.shared_likes.set(shared);
            }
            state.missing_movie.set(None);
            state.selected.set(None);
            state.for_you.set(true);
        }
    }
}

/// Keeps the URL and the state in step. The state follows the URL now
/// (once the catalogue is loaded) and on every hash change (back/forward,
/// an edited or pasted link); after that first reading, the URL follows
/// what changes without a new screen — the search text typed on the start
/// page, the taste set behind "For you", the model switched on a movie page,
/// a `model=` value this blob cannot show or an unknown one (back to the
/// default) — by rewriting the current history entry.
pub fn follow_url(state: AppState) {
    // False until the URL has been read: a deep link must not be rewritten
    // before it is applied.
    let synced = RwSignal::new(false);
    Effect::new(move |_| {
        if state.ready().is_some() {
            apply_route(state, current_route());
            synced.set(true);
        }
    });
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        let before = route_of(state);
        apply_route(state, current_route());
        // A new screen starts at its top (an edited or pasted link, a chip).
        if route_of(state) != before {
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
        // An edited link may change no signal (`?model=nonsense` on the
        // default), so the effect below would not run to tidy it.
        if synced.get_untracked() {
            rewrite(state);
        }
    });
    on_cleanup(move || handle.remove());
    Effect::new(move |_| {
        // Track everything the route depends on.
        let ready = synced.get() && state.ready().is_some();
        state.for_you.track();
        state.selected.track();
        state.model.track();
        state.missing_movie.track();
        state.query.track();
        state.taste.track();
        state.shared_likes.track();
        if ready {
            rewrite(state);
        }
    });
}

/// Rewrites the current history entry to the route of the screen shown,
/// unless the address bar says exactly that already. Compared as text, not
/// as parsed routes: parsing forgets what it does not know, and
/// `#/movie/1?model=nonsense` must not stay in the bar over the default
/// lists. A bare address (no hash) is left alone on the start page.
fn rewrite(state: AppState) {
    let route = route_of(state);
    let hash = current_hash();
    let bare_home = hash.len() <= 1 && route == Route::home();
    if hash != route.to_hash() && !bare_home {
        replace(&route);
    }
}

/// Keeps the tab title on the screen shown ("Toy Story (1995) — Reelgraph").
pub fn follow_title(state: AppState) {
    Effect::new(move |_| {
        let movie = state.ready().and_then(|c| {
            state
                .selected
                .get()
                .and_then(|i| c.movie(i).map(|m| m.label()))
        });
        let title = match movie {
            _ if state.for_you.get() => "For you — Reelgraph".to_string(),
            Some(label) => format!("{label} — Reelgraph"),
            None if state.missing_movie.get().is_some() => "No such movie — Reelgraph".to_string(),
            None => "Reelgraph — find films like the ones you love".to_string(),
        };
        document().set_title(&title);
    });
}
