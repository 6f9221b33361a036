//! Downloads and decodes the blob, once per page load.
//!
//! The site ships the blob gzipped (`reelgraph-<hash>.blob.gz`, written by
//! `build-tools build` with Zopfli), so the download is small whether or not
//! the static host compresses it. The app inflates it with the browser's own
//! `DecompressionStream` (no inflate code in the wasm). A host that serves
//! the file with `Content-Encoding: gzip` has the browser inflate it
//! already; the bytes then start with the blob's magic and decode as they
//! are.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;

use crate::blob::Blob;
use crate::io::perf::mark;
use crate::state::{AppState, Catalog, LoadState};

/// The blob's URL when the page does not name one: relative to the page's
/// base URL, so the site also works under a sub-path such as `/<repo>/`.
pub const BLOB_URL: &str = "data/reelgraph.blob.gz";
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
    let blob = decode_download(bytes).await?;
    let catalog = Catalog::new(blob);
    mark("reelgraph:blob-decoded");
    Ok(catalog)
}

/// The first two bytes of a gzip stream (RFC 1952).
pub const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Decodes the downloaded bytes: gzip (by its magic) is inflated first;
/// anything else — the blob itself, inflated by the browser already — is
/// decoded as it is. Failures are messages for the visitor.
pub async fn decode_download(bytes: Vec<u8>) -> Result<Blob, String> {
    let bytes = if bytes.starts_with(&GZIP_MAGIC) {
        gunzip(bytes).await.map_err(|e| {
            format!("Could not read the movie data: the download is not valid gzip ({e})")
        })?
    } else {
        bytes
    };
    Blob::decode(&bytes).map_err(|e| format!("Could not read the movie data: {e}"))
}

#[wasm_bindgen]
extern "C" {
    /// The browser's `DecompressionStream` (web-sys has it only behind an
    /// unstable cfg). Every call catches, so a JS exception is an `Err`.
    type DecompressionStream;
    #[wasm_bindgen(catch, constructor)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
    /// A `ReadableStream`, for a `pipeThrough` that catches.
    #[wasm_bindgen(js_name = ReadableStream)]
    type Stream;
    #[wasm_bindgen(catch, method, js_name = pipeThrough)]
    fn pipe_through(this: &Stream, transform: &DecompressionStream) -> Result<Stream, JsValue>;
}

/// Inflates gzip `bytes` with the browser's `DecompressionStream`:
/// `new Response(new Response(bytes).body.pipeThrough(ds)).arrayBuffer()`.
/// A corrupt or truncated stream rejects, with the browser's message.
async fn gunzip(mut bytes: Vec<u8>) -> Result<Vec<u8>, String> {
    let js = |e: JsValue| {
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| e.as_string())
            .unwrap_or_else(|| format!("{e:?}"))
    };
    let source = web_sys::Response::new_with_opt_u8_array(Some(&mut bytes)).map_err(js)?;
    drop(bytes);
    let stream: Stream = source.body().ok_or("no body")?.unchecked_into();
    let inflated = stream
        .pipe_through(&DecompressionStream::new("gzip").map_err(js)?)
        .map_err(js)?;
    let response = web_sys::Response::new_with_opt_readable_stream(Some(inflated.unchecked_ref()))
        .map_err(js)?;
    gloo_net::http::Response::from(response)
        .binary()
        .await
        .map_err(|e| e.to_string())
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
