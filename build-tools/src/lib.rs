//! `build-tools`: the native data pipeline that turns a MovieLens-format
//! folder into Reelgraph's blob (see `reelgraph::blob`).
//!
//! The pipeline is a library so tests can run it directly; the `build-tools`
//! binary is a thin clap wrapper. One module per step:
//! [`ingest`] (CSV → typed rows) → [`clean`] (display titles, genres) →
//! [`ratings`] (sparse matrix) → [`cf`] (item-item cosine, using
//! [`neighbours`] for top-k) → [`blob_writer`] (assemble, encode, atomic
//! write), orchestrated and timed by [`build`].

pub mod blob_writer;
pub mod build;
pub mod cf;
pub mod clean;
pub mod ingest;
pub mod neighbours;
pub mod ratings;

pub use build::{run_build, BuildArgs, BuildReport};
