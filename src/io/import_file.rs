//! Reading a viewing-history file the visitor chose (IMDb or Letterboxd
//! export) and matching it against the catalogue, entirely in the browser:
//! the file never leaves the page.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::import::{parse_export, Matcher};
use crate::state::{AppState, ImportState};

/// Largest file read (bytes): far above any real export (an IMDb export of
/// 5,000 ratings is ≈ 1 MB), small enough to never stall the page.
pub const MAX_FILE_BYTES: f64 = 20_000_000.0;

/// Parses `text` as an export and matches it against the loaded catalogue,
/// setting `state.import` to the report (or to a message).
pub fn import_text(state: AppState, file_name: String, text: &str) {
    let Some(catalog) = state.ready_untracked() else {
        state.import.set(ImportState::Failed(
            "The movie catalogue is not loaded yet.".into(),
        ));
        return;
    };
    let next = match parse_export(text) {
        Ok(export) => ImportState::Matched {
            file: file_name,
            report: Arc::new(Matcher::new(&catalog.blob).match_export(export)),
        },
        Err(e) => ImportState::Failed(format!("Could not import {file_name}: {e}.")),
    };
    state.import.set(next);
}

/// Reads the chosen file as UTF-8 text, then imports it ([`import_text`]).
/// `state.import` is `Reading` meanwhile and a message if reading fails.
pub fn import_file(state: AppState, file: web_sys::File) {
    let name = file.name();
    if file.size() > MAX_FILE_BYTES {
        state.import.set(ImportState::Failed(format!(
            "{name} is too large ({:.0} MB) for a ratings export.",
            file.size() / 1e6
        )));
        return;
    }
    let Ok(reader) = web_sys::FileReader::new() else {
        state.import.set(ImportState::Failed(
            "This browser cannot read files.".into(),
        ));
        return;
    };
    state.import.set(ImportState::Reading(name.clone()));
    let done_reader = reader.clone();
    let done_name = name.clone();
    let on_load = Closure::once_into_js(move || {
        match done_reader.result().ok().and_then(|v| v.as_string()) {
            Some(text) => import_text(state, done_name, &text),
            None => state.import.set(ImportState::Failed(format!(
                "Could not read {done_name} as text."
            ))),
        }
    });
    let fail_name = name.clone();
    let on_error = Closure::once_into_js(move || {
        state
            .import
            .set(ImportState::Failed(format!("Could not read {fail_name}.")));
    });
    reader.set_onload(Some(on_load.unchecked_ref()));
    reader.set_onerror(Some(on_error.unchecked_ref()));
    if reader.read_as_text(&file).is_err() {
        state
            .import
            .set(ImportState::Failed(format!("Could not read {name}.")));
    }
}
