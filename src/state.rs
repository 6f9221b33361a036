//! App state shared by every component through Leptos context.
//!
//! Components read and write these signals; none of them does I/O. Loading
//! the blob lives in [`crate::io`], and the result lands here.

use std::sync::Arc;

use leptos::prelude::*;

use crate::blob::{Blob, Model, Movie, NeighbourTable};
use crate::search::TitleIndex;

/// Suggestions shown under the search box (items).
pub const SUGGESTION_LIMIT: usize = 8;
/// Neighbours shown for a movie (items).
pub const NEIGHBOUR_LIMIT: usize = 20;

/// The decoded blob plus what is derived from it once at load time.
#[derive(Debug)]
pub struct Catalog {
    pub blob: Blob,
    pub titles: TitleIndex,
}

impl Catalog {
    /// Wraps a decoded blob, building the title index (≈ ms per 10k titles).
    pub fn new(blob: Blob) -> Self {
        let titles = TitleIndex::new(&blob.movies);
        Catalog { blob, titles }
    }

    /// The movie at a catalogue index, if any.
    pub fn movie(&self, index: u32) -> Option<&Movie> {
        self.blob.movies.get(index as usize)
    }

    /// The neighbour table to show: the chosen model's if the blob has it,
    /// else the blob's first (build-tools writes its default first).
    pub fn table(&self, model: Option<Model>) -> Option<&NeighbourTable> {
        model
            .and_then(|m| self.blob.table(m))
            .or_else(|| self.blob.tables.first())
    }

    /// "Adventure · Animation · Comedy" for display.
    pub fn genre_line(&self, movie: &Movie) -> String {
        self.blob.genre_names(movie).join(" · ")
    }
}

/// Where the blob download stands.
#[derive(Debug, Clone)]
pub enum LoadState {
    Loading,
    Ready(Arc<Catalog>),
    Failed(String),
}

/// Signals shared by the whole app; `Copy`, so components take it by value.
#[derive(Debug, Clone, Copy)]
pub struct AppState {
    /// The catalogue, once downloaded and decoded.
    pub catalog: RwSignal<LoadState>,
    /// What is typed in the search box.
    pub query: RwSignal<String>,
    /// Index of the movie on screen, if one is chosen.
    pub selected: RwSignal<Option<u32>>,
    /// Which neighbour lists to show; `None` is the blob's default.
    pub model: RwSignal<Option<Model>>,
}

impl AppState {
    /// Fresh state: loading, nothing typed, nothing chosen.
    pub fn new() -> Self {
        AppState {
            catalog: RwSignal::new(LoadState::Loading),
            query: RwSignal::new(String::new()),
            selected: RwSignal::new(None),
            model: RwSignal::new(None),
        }
    }

    /// The catalogue if it is loaded (tracks the signal).
    pub fn ready(&self) -> Option<Arc<Catalog>> {
        match self.catalog.get() {
            LoadState::Ready(c) => Some(c),
            _ => None,
        }
    }

    /// The catalogue if it is loaded, without tracking (for event handlers).
    pub fn ready_untracked(&self) -> Option<Arc<Catalog>> {
        match self.catalog.get_untracked() {
            LoadState::Ready(c) => Some(c),
            _ => None,
        }
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}
