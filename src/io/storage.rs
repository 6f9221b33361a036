//! The taste set in `localStorage`, so it survives reloads and new data.
//!
//! Read once at start-up ([`follow_taste`]), checked against the catalogue
//! when it arrives (movies a new blob lacks are dropped, with a note for the
//! visitor), and written back on every change. Stored as the plain text of
//! [`TasteSet::encode`], by MovieLens movieId. Storage can be missing or
//! full (private windows, quotas): the app then works without memory and
//! says so once, never fails.

use leptos::prelude::*;

use crate::state::AppState;
use crate::taste::TasteSet;

/// The `localStorage` key of the taste set.
pub const TASTE_KEY: &str = "reelgraph.taste";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Reads the saved taste set. `Ok(None)` when nothing is saved; `Err` with
/// a message for the visitor when storage is unavailable or the saved text
/// is unreadable.
pub fn read_taste() -> Result<Option<TasteSet>, String> {
    let storage = local_storage().ok_or(
        "This browser does not let the page remember your taste; it lasts until you leave.",
    )?;
    let Some(text) = storage.get_item(TASTE_KEY).ok().flatten() else {
        return Ok(None);
    };
    TasteSet::decode(&text)
        .map(|d| Some(d.set))
        .map_err(|e| format!("Your saved taste could not be read ({e}); starting afresh."))
}

/// Saves the taste set; `Err` with a message when storage refuses.
pub fn write_taste(taste: &TasteSet) -> Result<(), String> {
    let storage = local_storage().ok_or("no storage")?;
    storage.set_item(TASTE_KEY, &taste.encode()).map_err(|_| {
        "Your taste could not be saved in this browser (storage full or blocked).".to_string()
    })
}

/// Forgets the saved taste set (tests, "Clear").
pub fn clear_taste() {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(TASTE_KEY);
    }
}

/// Loads the saved taste into `state.taste` now, drops the movies the
/// catalogue lacks once it is loaded (noting how many in
/// `state.taste_note`), and saves every later change.
pub fn follow_taste(state: AppState) {
    match read_taste() {
        Ok(Some(taste)) => state.taste.set(taste),
        Ok(None) => {}
        Err(message) => state.taste_note.set(Some(message)),
    }
    // Once per catalogue: movieIds are stable, but a new data release may
    // lack some movies.
    Effect::new(move |checked: Option<bool>| {
        if checked == Some(true) {
            return true;
        }
        let Some(catalog) = state.ready() else {
            return false;
        };
        let mut dropped = Vec::new();
        state.taste.update(|t| {
            dropped = t.retain_known(|id| catalog.blob.index_of(id).is_some());
        });
        if !dropped.is_empty() {
            let list = dropped
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            let n = dropped.len();
            let (films, are) = if n == 1 {
                ("film", "is")
            } else {
                ("films", "are")
            };
            state.taste_note.set(Some(format!(
                "{n} saved {films} {are} not in this version of the catalogue and were \
                 removed from your taste (MovieLens ids {list})."
            )));
        }
        true
    });
    Effect::new(move |_| {
        let result = state.taste.with(write_taste);
        if let Err(message) = result {
            if state.taste_note.get_untracked().is_none() {
                state.taste_note.set(Some(message));
            }
        }
    });
}
