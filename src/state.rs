//! App state shared by every component through Leptos context.
//!
//! Components read and write these signals; none of them does I/O. Loading
//! the blob lives in [`crate::io`], and the result lands here.

use std::sync::Arc;

use leptos::prelude::*;

use crate::blob::{Blob, Model, Movie, NeighbourTable};
use crate::import::MatchReport;
use crate::reason::recommendation_reason;
use crate::score::recommend;
use crate::search::TitleIndex;
use crate::taste::TasteSet;

/// Suggestions shown under the search box (items).
pub const SUGGESTION_LIMIT: usize = 8;
/// Neighbours shown for a movie (items).
pub const NEIGHBOUR_LIMIT: usize = 20;
/// Recommendations shown under "For you" (items).
pub const FOR_YOU_LIMIT: usize = 24;

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

    /// The models of the blob's neighbour tables, default first (what
    /// [`crate::route::LinkModel`] chooses among).
    pub fn models(&self) -> Vec<Model> {
        self.blob.tables.iter().map(|t| t.model).collect()
    }

    /// The default neighbour table: the blob's first (the evaluated model,
    /// which "For you" scores with).
    pub fn default_table(&self) -> Option<&NeighbourTable> {
        self.blob.tables.first()
    }

    /// The movie with this MovieLens id, if the catalogue has it.
    pub fn movie_by_id(&self, movie_id: u32) -> Option<&Movie> {
        self.blob.index_of(movie_id).and_then(|i| self.movie(i))
    }

    /// "For you": up to `n` movies recommended from the liked movieIds with
    /// [`recommend`] over the default table, never a liked or dismissed one,
    /// each with its reason ("Because you liked …"), as (index, reason).
    /// Ids the catalogue lacks are ignored.
    pub fn recommend_for(&self, liked: &[u32], dismissed: &[u32], n: usize) -> Vec<(u32, String)> {
        let Some(table) = self.default_table() else {
            return Vec::new();
        };
        let indices = |ids: &[u32]| -> Vec<u32> {
            ids.iter()
                .filter_map(|&id| self.blob.index_of(id))
                .collect()
        };
        let liked = indices(liked);
        recommend(table, &liked, &indices(dismissed), n)
            .into_iter()
            .map(|(i, _)| (i, recommendation_reason(&self.blob, table, &liked, i)))
            .collect()
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

/// Where reading an imported viewing history stands.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportState {
    /// No file chosen yet.
    Idle,
    /// The named file is being read.
    Reading(String),
    /// The file could not be read or is not an export: a message.
    Failed(String),
    /// The named file, matched against the catalogue.
    Matched {
        file: String,
        report: Arc<MatchReport>,
    },
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
    /// A movieId from a link (`#/movie/…`) that this catalogue lacks: the
    /// movie page says so instead of silently showing the start page.
    /// `None` whenever a movie is selected or another screen is shown.
    pub missing_movie: RwSignal<Option<u32>>,
    /// True while the "For you" screen is shown (instead of a movie).
    pub for_you: RwSignal<bool>,
    /// The visitor's liked and dismissed movies (persisted by
    /// [`crate::io::storage`]).
    pub taste: RwSignal<TasteSet>,
    /// A note about the taste set for the visitor, e.g. that movies unknown
    /// to this catalogue were dropped.
    pub taste_note: RwSignal<Option<String>>,
    /// Liked movieIds from a shared `#/for-you?like=…` link that differ from
    /// the visitor's own: "For you" then shows that taste until adopted or
    /// dismissed.
    pub shared_likes: RwSignal<Option<Vec<u32>>>,
    /// The viewing-history import in progress or done.
    pub import: RwSignal<ImportState>,
}

impl AppState {
    /// Fresh state: loading, nothing typed, nothing chosen, no taste.
    pub fn new() -> Self {
        AppState {
            catalog: RwSignal::new(LoadState::Loading),
            query: RwSignal::new(String::new()),
            selected: RwSignal::new(None),
            model: RwSignal::new(None),
            missing_movie: RwSignal::new(None),
            for_you: RwSignal::new(false),
            taste: RwSignal::new(TasteSet::new()),
            taste_note: RwSignal::new(None),
            shared_likes: RwSignal::new(None),
            import: RwSignal::new(ImportState::Idle),
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
