//! Browser tests (wasm-bindgen-test in headless Chromium) of the app beyond
//! search: the taste set (add, remove, persist in localStorage, survive a
//! new catalogue), "For you", importing a history, and the routing state
//! (URL ↔ screen).

#![cfg(target_arch = "wasm32")]

mod common;

use common::sample_blob;
use leptos::prelude::*;
use reelgraph::app::Page;
use reelgraph::blob::Model;
use reelgraph::io::import_file::import_text;
use reelgraph::io::location::{apply_route, follow_url, open_movie};
use reelgraph::io::storage::{clear_taste, follow_taste, TASTE_KEY};
use reelgraph::route::Route;
use reelgraph::state::{AppState, Catalog, ImportState, LoadState};
use reelgraph::taste::TasteSet;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

fn document() -> web_sys::Document {
    window().document().unwrap()
}

fn ready_state() -> AppState {
    let state = AppState::new();
    state
        .catalog
        .set(LoadState::Ready(Arc::new(Catalog::new(sample_blob()))));
    state
}

/// Mounts the page on `state`; `wire` runs inside the reactive owner first
/// (the app's own wiring: storage, URL).
fn mount(state: AppState, wire: fn(AppState)) -> (web_sys::HtmlElement, impl Sized) {
    let host: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone(), move || {
        provide_context(state);
        wire(state);
        view! { <Page /> }
    });
    (host, handle)
}

/// Lets effects and the DOM catch up.
async fn settle() {
    for _ in 0..3 {
        leptos::task::tick().await;
    }
}

fn texts(host: &web_sys::HtmlElement, selector: &str) -> Vec<String> {
    let nodes = host.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .map(|i| nodes.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

fn click(host: &web_sys::HtmlElement, selector: &str) {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("{selector} is on the page"))
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
}

fn stored() -> Option<String> {
    window()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item(TASTE_KEY)
        .unwrap()
}

fn hash() -> String {
    window().location().hash().unwrap()
}

#[wasm_bindgen_test]
async fn liking_adds_chips_and_for_you_excludes_liked_and_dismissed() {
    let state = ready_state();
    state.selected.set(Some(0));
    let (host, _handle) = mount(state, |_| {});
    settle().await;

    let like = host.query_selector("button.like").unwrap().unwrap();
    assert_eq!(like.get_attribute("aria-pressed").as_deref(), Some("false"));
    click(&host, "button.like");
    settle().await;
    assert_eq!(like.get_attribute("aria-pressed").as_deref(), Some("true"));
    assert_eq!(state.taste.get_untracked().liked(), &[1]);

    // Jumanji: not interested.
    state.selected.set(Some(1));
    settle().await;
    click(&host, "button.dismiss");
    settle().await;
    assert_eq!(state.taste.get_untracked().dismissed(), &[2]);

    state.for_you.set(true);
    settle().await;
    assert_eq!(
        texts(&host, ".liked-chips .chip-title"),
        vec!["Toy Story (1995)"]
    );
    // Toy Story's neighbours minus Jumanji (dismissed).
    assert_eq!(
        texts(&host, ".for-you-list .neighbour-title"),
        vec!["Toy Story 2 (1999)", "Amélie (2001)"]
    );
    assert_eq!(
        texts(&host, ".for-you-list .neighbour-reason")[0],
        "Because you liked Toy Story (1995)"
    );
    assert_eq!(
        texts(&host, ".dismissed summary"),
        vec!["Not interested (1)"]
    );

    // Dismissing a recommendation takes it out of the list.
    click(&host, ".for-you-list .card-dismiss");
    settle().await;
    assert_eq!(
        texts(&host, ".for-you-list .neighbour-title"),
        vec!["Amélie (2001)"]
    );

    // Removing the only liked movie empties "For you".
    click(&host, ".liked-chips .chip-remove");
    settle().await;
    assert!(state.taste.get_untracked().liked().is_empty());
    assert!(texts(&host, ".for-you-list .neighbour-title").is_empty());
    assert_eq!(texts(&host, ".for-you-empty").len(), 1);
    host.remove();
}

#[wasm_bindgen_test]
async fn the_taste_set_persists_and_survives_a_new_catalogue() {
    clear_taste();
    let state = ready_state();
    let (host, handle) = mount(state, follow_taste);
    settle().await;
    state.taste.update(|t| {
        t.like(3114);
        t.dismiss(2);
    });
    settle().await;
    assert_eq!(
        stored().as_deref(),
        Some("reelgraph-taste v1\nliked 3114\ndismissed 2\n")
    );
    drop(handle);
    host.remove();

    // A "reload": a fresh state reads it back.
    let again = ready_state();
    let (host, handle) = mount(again, follow_taste);
    settle().await;
    assert_eq!(again.taste.get_untracked().liked(), &[3114]);
    assert_eq!(again.taste.get_untracked().dismissed(), &[2]);
    drop(handle);
    host.remove();

    // A new blob without movie 424242: dropped with a note, not a crash.
    window()
        .local_storage()
        .unwrap()
        .unwrap()
        .set_item(TASTE_KEY, "reelgraph-taste v1\nliked 424242 1\n")
        .unwrap();
    let next = ready_state();
    next.for_you.set(true);
    let (host, _handle) = mount(next, follow_taste);
    settle().await;
    assert_eq!(next.taste.get_untracked().liked(), &[1]);
    let note = texts(&host, ".taste .note p");
    assert_eq!(note.len(), 1, "{note:?}");
    assert!(note[0].contains("424242"), "{note:?}");
    assert_eq!(
        stored().as_deref(),
        Some("reelgraph-taste v1\nliked 1\ndismissed\n")
    );
    host.remove();
    clear_taste();
}

#[wasm_bindgen_test]
async fn routes_set_the_screen_and_the_screen_sets_the_url() {
    let state = ready_state();
    let (host, _handle) = mount(state, |_| {});
    settle().await;

    apply_route(state, Route::parse("#/movie/3114"));
    settle().await;
    assert_eq!(state.selected.get_untracked(), Some(2));
    assert_eq!(texts(&host, "#movie-title"), vec!["Toy Story 2 (1999)"]);

    // A shared taste differs from the visitor's own (empty): shown as shared.
    apply_route(state, Route::parse("#/for-you?like=1"));
    settle().await;
    assert!(state.for_you.get_untracked());
    assert_eq!(state.shared_likes.get_untracked(), Some(vec![1]));
    assert_eq!(texts(&host, ".shared-banner").len(), 1);
    assert_eq!(
        texts(&host, ".for-you-list .neighbour-title"),
        vec!["Toy Story 2 (1999)", "Jumanji (1995)", "Amélie (2001)"]
    );
    click(&host, ".adopt-shared");
    settle().await;
    assert_eq!(state.taste.get_untracked().liked(), &[1]);
    assert!(texts(&host, ".shared-banner").is_empty());

    apply_route(state, Route::parse("#/?q=toy"));
    settle().await;
    assert!(!state.for_you.get_untracked());
    assert_eq!(state.query.get_untracked(), "toy");
    assert_eq!(state.selected.get_untracked(), None);
    host.remove();
}

#[wasm_bindgen_test]
async fn the_url_follows_the_screen_and_back_restores_it() {
    window().location().set_hash("/movie/4973").unwrap();
    let state = ready_state();
    let (host, _handle) = mount(state, follow_url);
    settle().await;
    // The deep link is read, not overwritten.
    assert_eq!(state.selected.get_untracked(), Some(3));
    assert_eq!(hash(), "#/movie/4973");

    open_movie(state, 0);
    settle().await;
    assert_eq!(hash(), "#/movie/1");

    // The start page: typing rewrites the URL in place.
    state.selected.set(None);
    state.query.set("toy sto".into());
    settle().await;
    assert_eq!(hash(), "#/?q=toy%20sto");

    // "For you" carries the taste in the link.
    state.taste.set(TasteSet::from_liked(&[1, 3114]));
    state.for_you.set(true);
    settle().await;
    assert_eq!(hash(), "#/for-you?like=1,3114");
    state.taste.update(|t| {
        t.unlike(1);
    });
    settle().await;
    assert_eq!(hash(), "#/for-you?like=3114");
    host.remove();
    window().location().set_hash("").unwrap();
}

#[wasm_bindgen_test]
async fn a_movie_link_names_the_model_and_a_missing_movie_is_said() {
    // The sample blob's tables: RatingsCosine (the default), then Content.
    window()
        .location()
        .set_hash("/movie/1?model=content")
        .unwrap();
    let state = ready_state();
    let (host, _handle) = mount(state, follow_url);
    settle().await;
    assert_eq!(state.model.get_untracked(), Some(Model::Content));
    assert_eq!(texts(&host, "#neighbours-heading"), vec!["Similar story"]);
    assert_eq!(hash(), "#/movie/1?model=content", "the deep link is kept");

    // Switching to the default rewrites the link without its parameter.
    click(&host, "#model-0");
    settle().await;
    assert_eq!(state.model.get_untracked(), None);
    assert_eq!(hash(), "#/movie/1");
    click(&host, "#model-1");
    settle().await;
    assert_eq!(hash(), "#/movie/1?model=content");

    // An unknown value, or "ratings" naming this blob's default, is the default.
    for link in ["#/movie/3114?model=bogus", "#/movie/3114?model=ratings"] {
        state.model.set(Some(Model::Content));
        apply_route(state, Route::parse(link));
        settle().await;
        assert_eq!(state.model.get_untracked(), None, "{link}");
        assert_eq!(texts(&host, "#neighbours-heading"), vec!["Fans also liked"]);
        assert_eq!(hash(), "#/movie/3114", "{link}");
    }

    // A movie the catalogue lacks: a message, the link kept, search at hand.
    apply_route(state, Route::parse("#/movie/999999999?model=content"));
    settle().await;
    assert_eq!(state.selected.get_untracked(), None);
    let note = texts(&host, ".missing-movie");
    assert_eq!(note.len(), 1, "{note:?}");
    assert!(
        note[0].contains("No movie with id 999999999 in this catalogue"),
        "{note:?}"
    );
    assert!(texts(&host, ".hint").is_empty());
    assert_eq!(texts(&host, "#search-input").len(), 1);
    assert_eq!(hash(), "#/movie/999999999?model=content");

    // Opening a movie from there clears the message and keeps the model.
    open_movie(state, 0);
    settle().await;
    assert!(texts(&host, ".missing-movie").is_empty());
    assert_eq!(hash(), "#/movie/1?model=content");
    host.remove();
    window().location().set_hash("").unwrap();
}

#[wasm_bindgen_test]
async fn an_import_reports_matches_and_adds_films_above_the_threshold() {
    let state = ready_state();
    state.for_you.set(true);
    let (host, _handle) = mount(state, |_| {});
    settle().await;
    let text = "Date,Name,Year,Letterboxd URI,Rating\n\
                2024-01-01,Toy Story,1995,u,5\n\
                2024-01-02,\"Jumanji\",1995,u,3\n\
                2024-01-03,Amelie,2001,u,4\n\
                2024-01-04,Not In The Catalogue,2020,u,5\n";
    import_text(state, "ratings.csv".into(), text);
    settle().await;
    assert!(matches!(
        state.import.get_untracked(),
        ImportState::Matched { .. }
    ));
    assert_eq!(texts(&host, ".import-matched-count"), vec!["3"]);
    assert_eq!(
        texts(&host, ".import-unmatched li"),
        vec!["Not In The Catalogue (2020) — 5★"]
    );
    assert_eq!(texts(&host, ".import-add"), vec!["Add 2 films to my taste"]);
    click(&host, ".import-add");
    settle().await;
    assert_eq!(state.taste.get_untracked().liked(), &[1, 4973]);
    assert_eq!(
        texts(&host, ".import-added"),
        vec!["Added 2 films to your taste."]
    );

    import_text(state, "notes.txt".into(), "just some text\n");
    settle().await;
    let error = texts(&host, ".import-error");
    assert_eq!(error.len(), 1);
    assert!(error[0].contains("does not look like"), "{error:?}");
    host.remove();
}

#[wasm_bindgen_test]
async fn the_start_page_shows_a_glimpse_of_for_you_once_something_is_liked() {
    let state = ready_state();
    let (host, _handle) = mount(state, |_| {});
    settle().await;
    assert!(host.query_selector(".teaser").unwrap().is_none());
    state.taste.set(TasteSet::from_liked(&[3114]));
    settle().await;
    assert_eq!(
        texts(&host, ".teaser-list .neighbour-title"),
        vec!["Toy Story (1995)", "Jumanji (1995)"]
    );
    host.remove();
}
