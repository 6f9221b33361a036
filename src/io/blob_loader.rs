//! Downloads and decodes the blob, once per page load.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::blob::Blob;
use crate::io::perf::mark;
use crate::state::{AppState, Catalog, LoadState};

/// The blob's URL when the page does not name one: relative to the page's
/// base URL, so the site also works under a sub-path such as `/<repo>/`.
pub const BLOB_URL: &str = "data/reelgraph.blob";
/// `id` of the `<link rel="preload">` in index.html that names the blob.
pub const BLOB_LINK_ID: &str = "reelgraph-blob";

/// The blob's URL: the `href` of index.html's preload link, which the build
/// rewrites to a content-hashed file name, else [`BLOB_URL`]. Using the link
/// also lets the browser reuse the download it started while the wasm loaded.
pub fn blob_url() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(BLOB_LINK_ID))
        .and_then(|link| link.get_attribute("href"))
        .unwrap_or_else(|| BLOB_URL.to_string())
}

/// Fetches and decodes the blob at `url`. Every failure becomes a message for
/// the visitor: network error, HTTP status, or a blob that does not decode.
pub async fn fetch_catalog(url: &str) -> Result<Catalog, String> {
    let response = gloo_net::http::Request::get(url)
        .send()
        .await
        .map_err(|e| format!("Could not download the movie data ({url}): {e}"))?;
    if !response.ok() {
        return Err(format!(
            "Could not download the movie data ({url}): HTTP {} {}",
            response.status(),
            response.status_text()
        ));
    }
    let bytes = response
        .binary()
        .await
        .map_err(|e| format!("The movie data download was interrupted ({url}): {e}"))?;
    mark("reelgraph:blob-fetched");
    let blob = Blob::decode(&bytes).map_err(|e| format!("Could not read the movie data: {e}"))?;
    let catalog = Catalog::new(blob);
    mark("reelgraph:blob-decoded");
    Ok(catalog)
}

/// Starts loading the blob into `state.catalog` (Loading → Ready | Failed).
/// Safe to call again to retry after a failure.
pub fn load_into(state: AppState, url: String) {
    state.catalog.set(LoadState::Loading);
    spawn_local(async move {
        let next = match fetch_catalog(&url).await {
            Ok(catalog) => LoadState::Ready(std::sync::Arc::new(catalog)),
            Err(message) => LoadState::Failed(message),
        };
        state.catalog.set(next);
    });
}
