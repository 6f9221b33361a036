//! Reelgraph: a movie recommender that runs entirely in the browser.
//!
//! The library has two halves:
//! - the **shared core** — [`blob`] (the data format written by `build-tools` and
//!   read by the app), [`fold`] and [`search`] (title search) and [`score`]
//!   (recommendations from neighbour lists) and [`tmdb`] (the pure half of the
//!   TMDB client: response types, URLs, cache expiry), [`taste`] (liked and
//!   dismissed movies), [`import`] (IMDb and Letterboxd exports) and [`route`]
//!   (what a link names). It compiles for native and wasm32
//!   and depends on no web crate, so `build-tools` links it with
//!   `default-features = false` and the offline evaluation measures exactly
//!   what the browser computes;
//! - the **web app** (feature `web`, on by default) — Leptos components, app
//!   state and browser I/O.

pub mod blob;
pub mod explain;
pub mod fold;
pub mod import;
pub mod reason;
pub mod route;
pub mod score;
pub mod search;
pub mod taste;
pub mod tmdb;

#[cfg(feature = "web")]
pub mod app;
#[cfg(feature = "web")]
pub mod components;
#[cfg(feature = "web")]
pub mod io;
#[cfg(feature = "web")]
pub mod state;
