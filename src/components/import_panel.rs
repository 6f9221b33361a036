//! Importing a viewing history: a file input for an IMDb ratings export or
//! a Letterboxd `ratings.csv`, read in the browser (`io::import_file`), and
//! what came of it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::ImportReport;
use crate::io::import_file::import_file;
use crate::state::{AppState, ImportState};

/// The import form and its outcome.
#[component]
pub fn ImportPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            import_file(state, file);
        }
        // Choosing the same file again must fire `change` again.
        input.set_value("");
    };
    let outcome = move || match state.import.get() {
        ImportState::Idle => ().into_any(),
        ImportState::Reading(file) => {
            view! { <p class="import-status" role="status">{format!("Reading {file}…")}</p> }
                .into_any()
        }
        ImportState::Failed(message) => {
            view! { <p class="import-error" role="alert">{message}</p> }.into_any()
        }
        ImportState::Matched { file, report } => {
            view! { <ImportReport file=file report=report /> }.into_any()
        }
    };
    view! {
        <section class="import" aria-labelledby="import-heading">
            <h3 id="import-heading">"Import your ratings"</h3>
            <p class="import-help">
                "An IMDb ratings export (Your ratings → Export) or a Letterboxd "
                <code>"ratings.csv"</code>
                " (Settings → Data → Export). The file is read here, in your browser; nothing is uploaded."
            </p>
            <label class="file-label" for="import-file">"Ratings file (CSV)"</label>
            <input
                id="import-file"
                class="file-input"
                type="file"
                accept=".csv,text/csv"
                on:change=on_change
            />
            {outcome}
        </section>
    }
}
