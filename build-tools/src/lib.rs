//! `build-tools`: the native data pipeline that turns a MovieLens-format
//! folder into Reelgraph's blob (see `reelgraph::blob`).
//!
//! The pipeline is a library so tests can run it directly; the `build-tools`
//! binary is a thin clap wrapper. One module per step:
//! [`ingest`] (CSV → typed rows) → [`clean`] (display titles, genres) →
//! [`ratings`] (sparse matrix) → [`ease`] (EASE, refitted top-k) or, for
//! very large catalogues, [`cf`] (item-item cosine, using [`neighbours`] for
//! top-k) → [`hybrid`] and [`shipped`] (blend with content, the tables to
//! ship) → [`blob_writer`] (assemble, encode, atomic write), orchestrated
//! and timed by [`build`]. [`eval`] measures every model offline;
//! [`popularity`] is its floor. The content branch
//! ([`content_stage`]): [`ingest`] (TMDB 5000, keywords, tags) → [`join`] →
//! [`text`] (tokenise, stop words, stem) → [`features`] and [`vectorize`]
//! (TF-IDF) → [`content`] (inverted-index top-k). [`synth`] writes synthetic
//! MovieLens-format data of any size; [`progress`] draws the stages' bars.
//! [`similar`] prints a built
//! blob's neighbours with their explanations.

pub mod blob_writer;
pub mod build;
pub mod cf;
pub mod clean;
pub mod content;
pub mod content_stage;
pub mod ease;
pub mod eval;
pub mod features;
pub mod hybrid;
pub mod ingest;
pub mod join;
pub mod neighbours;
pub mod popularity;
pub mod progress;
pub mod ratings;
pub mod shipped;
pub mod similar;
pub mod synth;
pub mod text;
pub mod vectorize;

pub use build::{run_build, BuildArgs, BuildReport};
