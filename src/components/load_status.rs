//! Loading and error states of the blob download, with a retry button.

use leptos::prelude::*;

use crate::io::blob_loader::{blob_url, load_into};
use crate::state::{AppState, LoadState};

/// Shows a skeleton while the data downloads and a message with a retry
/// button if it failed; nothing once the data is ready.
#[component]
pub fn LoadStatus() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || match state.catalog.get() {
        LoadState::Loading => view! {
            <div class="status loading" role="status" aria-live="polite">
                <div class="skeleton skeleton-input"></div>
                <p>"Loading the movie catalogue…"</p>
            </div>
        }
        .into_any(),
        LoadState::Failed(message) => view! {
            <div class="status error" role="alert">
                <p class="error-message">{message}</p>
                <button class="retry" on:click=move |_| load_into(state, blob_url())>
                    "Try again"
                </button>
            </div>
        }
        .into_any(),
        LoadState::Ready(_) => ().into_any(),
    }
}
