//! Browser tests (wasm-bindgen-test in headless Chromium): decoding a blob,
//! inflating a gzipped one, title search, fetching, and mounting the app's
//! components.

#![cfg(target_arch = "wasm32")]

mod common;

use common::sample_blob;
use leptos::prelude::*;
use reelgraph::app::Page;
use reelgraph::blob::{Blob, BlobError, FORMAT_VERSION};
use reelgraph::io::blob_loader::{decode_download, fetch_catalog};
use reelgraph::search::TitleIndex;
use reelgraph::state::{AppState, Catalog, LoadState};
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn decodes_a_blob_in_the_browser() {
    let bytes = sample_blob().encode().unwrap();
    let blob = Blob::decode(&bytes).unwrap();
    assert_eq!(blob.movies.len(), 5);
    assert_eq!(blob.movies[3].title, "Amélie");
    let mut newer = bytes.clone();
    newer[4] = (FORMAT_VERSION + 1) as u8;
    assert!(matches!(
        Blob::decode(&newer),
        Err(BlobError::UnsupportedVersion { .. })
    ));
}

#[wasm_bindgen_test]
fn search_runs_in_the_browser() {
    let blob = sample_blob();
    let index = TitleIndex::new(&blob.movies);
    assert_eq!(index.search("toy sto", 8), vec![0, 2]);
    assert_eq!(index.search("AMÉLIE", 8), vec![3]);
}

#[wasm_bindgen_test]
async fn a_missing_blob_is_a_clear_error() {
    let err = fetch_catalog("no-such-file.blob").await.unwrap_err();
    assert!(err.contains("HTTP 404"), "{err}");
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[wasm_bindgen_test]
async fn gzip_downloads_are_inflated_and_plain_ones_decoded() {
    let bytes = sample_blob().encode().unwrap();
    let gz = gzip(&bytes);
    assert_ne!(gz, bytes);
    let blob = decode_download(gz).await.unwrap();
    assert_eq!(blob, Blob::decode(&bytes).unwrap());
    // A host that sent it with Content-Encoding: gzip: already inflated.
    let blob = decode_download(bytes).await.unwrap();
    assert_eq!(blob.movies[3].title, "Amélie");
}

#[wasm_bindgen_test]
async fn corrupt_or_truncated_gzip_is_a_message_not_a_panic() {
    let gz = gzip(&sample_blob().encode().unwrap());
    let mut corrupt = gz.clone();
    for b in &mut corrupt[12..gz.len() - 8] {
        *b ^= 0x5a;
    }
    let truncated = gz[..gz.len() / 2].to_vec();
    for bad in [corrupt, truncated, vec![0x1f, 0x8b]] {
        let err = decode_download(bad).await.unwrap_err();
        assert!(
            err.starts_with("Could not read the movie data: the download is not valid gzip ("),
            "{err}"
        );
    }
    let err = decode_download(b"not a blob".to_vec()).await.unwrap_err();
    assert!(err.starts_with("Could not read the movie data: "), "{err}");
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn mount_page(state: AppState) -> (web_sys::HtmlElement, impl Sized) {
    let host: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone(), move || {
        provide_context(state);
        view! { <Page /> }
    });
    (host, handle)
}

fn texts(host: &web_sys::HtmlElement, selector: &str) -> Vec<String> {
    let nodes = host.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .map(|i| nodes.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn typing_suggests_and_choosing_lists_neighbours() {
    let state = AppState::new();
    state
        .catalog
        .set(LoadState::Ready(Arc::new(Catalog::new(sample_blob()))));
    let (host, _handle) = mount_page(state);
    leptos::task::tick().await;

    let input: web_sys::HtmlInputElement = host
        .query_selector("#search-input")
        .unwrap()
        .expect("search box is mounted")
        .unchecked_into();
    input.set_value("toy sto");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    leptos::task::tick().await;

    let suggestions = texts(&host, ".suggestion .suggestion-title");
    assert_eq!(suggestions, vec!["Toy Story (1995)", "Toy Story 2 (1999)"]);
    assert_eq!(
        input.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );

    let first = host.query_selector(".suggestion").unwrap().unwrap();
    let mouse = web_sys::MouseEventInit::new();
    mouse.set_bubbles(true);
    first
        .dispatch_event(
            &web_sys::MouseEvent::new_with_mouse_event_init_dict("mousedown", &mouse).unwrap(),
        )
        .unwrap();
    leptos::task::tick().await;

    assert_eq!(texts(&host, "#movie-title"), vec!["Toy Story (1995)"]);
    assert_eq!(
        texts(&host, ".neighbour-title"),
        vec!["Toy Story 2 (1999)", "Jumanji (1995)", "Amélie (2001)"]
    );
    assert_eq!(state.selected.get_untracked(), Some(0));

    // A neighbour opens its own page.
    let jumanji = host
        .query_selector_all(".neighbour-link")
        .unwrap()
        .item(1)
        .unwrap();
    jumanji.unchecked_into::<web_sys::HtmlElement>().click();
    leptos::task::tick().await;
    assert_eq!(texts(&host, "#movie-title"), vec!["Jumanji (1995)"]);
    host.remove();
}

#[wasm_bindgen_test]
async fn a_failed_load_shows_the_message_and_a_retry_button() {
    let state = AppState::new();
    state.catalog.set(LoadState::Failed(
        "Could not read the movie data: truncated".into(),
    ));
    let (host, _handle) = mount_page(state);
    leptos::task::tick().await;
    assert_eq!(
        texts(&host, "[role=alert] .error-message"),
        vec!["Could not read the movie data: truncated"]
    );
    assert_eq!(texts(&host, "button.retry"), vec!["Try again"]);
    assert!(host.query_selector("#search-input").unwrap().is_none());
    host.remove();
}

#[wasm_bindgen_test]
async fn the_model_switch_changes_the_list_and_reasons_are_shown() {
    let state = AppState::new();
    state
        .catalog
        .set(LoadState::Ready(Arc::new(Catalog::new(sample_blob()))));
    state.selected.set(Some(0));
    let (host, _handle) = mount_page(state);
    leptos::task::tick().await;

    assert_eq!(
        texts(&host, ".model-option"),
        vec!["Fans also liked", "Similar story"]
    );
    assert_eq!(texts(&host, "#neighbours-heading"), vec!["Fans also liked"]);
    let reasons = texts(&host, ".neighbour-reason");
    assert_eq!(reasons[0], "Fans of Toy Story (1995) also liked this");

    let content: web_sys::HtmlElement = host
        .query_selector_all(".model-option input")
        .unwrap()
        .item(1)
        .unwrap()
        .unchecked_into();
    content.click();
    leptos::task::tick().await;
    assert_eq!(texts(&host, "#neighbours-heading"), vec!["Similar story"]);
    assert_eq!(texts(&host, ".neighbour-title"), vec!["Toy Story 2 (1999)"]);
    let reasons = texts(&host, ".neighbour-reason");
    assert!(reasons[0].starts_with("shares: pixar"), "{reasons:?}");
    host.remove();
}
