//! Browser I/O: everything that talks to the network or the page's APIs.
//! Components never fetch themselves; they call these functions from event
//! handlers and read the results from [`crate::state`].

pub mod blob_loader;
pub mod import_file;
pub mod location;
pub mod perf;
pub mod storage;
pub mod tmdb;
