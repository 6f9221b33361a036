//! Loading and error states of the blob download: a skeleton of the page
//! while it downloads, a clear message and a retry button if it failed.

use leptos::prelude::*;

use crate::io::blob_loader::{blob_url, load_into};
use crate::state::{AppState, LoadState};

/// Placeholder cards shown while loading (items).
const SKELETON_CARDS: usize = 6;

/// Shows a skeleton while the data downloads and a message with a retry
/// button if it failed; nothing once the data is ready.
#[component]
pub fn LoadStatus() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        match state.catalog.get() {
        LoadState::Loading => view! {
            <div class="status loading" role="status" aria-live="polite">
                <p class="visually-hidden">"Loading the movie catalogue…"</p>
                <div class="skeleton skeleton-label" aria-hidden="true"></div>
                <div class="skeleton skeleton-input" aria-hidden="true"></div>
                <div class="skeleton skeleton-title" aria-hidden="true"></div>
                <ul class="neighbour-list skeleton-grid" aria-hidden="true">
                    {(0..SKELETON_CARDS)
                        .map(|_| view! {
                            <li class="skeleton-card">
                                <div class="skeleton skeleton-poster"></div>
                                <div class="skeleton skeleton-line"></div>
                                <div class="skeleton skeleton-line short"></div>
                            </li>
                        })
                        .collect_view()}
                </ul>
            </div>
        }
        .into_any(),
        LoadState::Failed(message) => view! {
            <div class="status error" role="alert">
                <h2 class="error-title">"The movie catalogue did not load"</h2>
                <p class="error-message">{message}</p>
                <p class="error-help">"Check your connection and try again; nothing you saved is lost."</p>
                <button type="button" class="retry" on:click=move |_| load_into(state, blob_url())>
                    "Try again"
                </button>
            </div>
        }
        .into_any(),
        LoadState::Ready(_) => ().into_any(),
    }
    }
}
