//! Browser I/O: everything that talks to the network. Components never fetch
//! themselves; they call these functions from actions and read the results
//! from [`crate::state`].

pub mod blob_loader;
