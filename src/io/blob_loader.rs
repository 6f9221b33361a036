//! Downloads and decodes the blob, once per page load.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::blob::Blob;
use crate::state::{AppState, Catalog, LoadState};

/// Where the blob is, relative to the page's base URL (so the site works
/// under a sub-path such as GitHub Pages' `/<repo>/`).
pub const BLOB_URL: &str = "data/reelgraph.blob";

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
    let blob = Blob::decode(&bytes).map_err(|e| format!("Could not read the movie data: {e}"))?;
    Ok(Catalog::new(blob))
}

/// Starts loading the blob into `state.catalog` (Loading → Ready | Failed).
/// Safe to call again to retry after a failure.
pub fn load_into(state: AppState, url: &'static str) {
    state.catalog.set(LoadState::Loading);
    spawn_local(async move {
        let next = match fetch_catalog(url).await {
            Ok(catalog) => LoadState::Ready(std::sync::Arc::new(catalog)),
            Err(message) => LoadState::Failed(message),
        };
        state.catalog.set(next);
    });
}
