//! Assembling the [`Blob`] the app downloads, and writing it to disk
//! atomically.
//!
//! Atomic means: the bytes go to a temporary file in the destination's own
//! directory, are flushed to disk (fsync), and only then renamed over the
//! destination. A reader — the dev server, a deploy step, a person — sees
//! either the old blob or the complete new one, never a torn file; if
//! anything fails the old blob stays and the temporary file is removed.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};
use reelgraph::blob::{Blob, BuildInfo, Movie, NeighbourTable};

use crate::clean;
use crate::ingest::Dataset;
use crate::ratings::RatingMatrix;
use crate::shipped::Table;

/// What the tool puts in [`BuildInfo::generator`].
pub const GENERATOR: &str = concat!("build-tools ", env!("CARGO_PKG_VERSION"));

/// What [`assemble`] records about the default table in [`BuildInfo`].
#[derive(Debug, Clone, PartialEq)]
pub struct Recommender {
    /// The default table's model and parameters, one line.
    pub description: String,
    /// Its Recall@20 as `eval` measured it on this data, if it did.
    pub recall_at_20: Option<f32>,
}

/// Builds the blob: the catalogue from `dataset` (display titles and years
/// via [`clean`], genre bit sets, rating counts and means from `matrix`,
/// external ids) and the neighbour `tables` in order, the default first
/// (each indexed like `dataset.movies`, cut to its k). `dataset_name` names
/// the source in [`BuildInfo`].
///
/// Genres are numbered in order of first appearance in catalogue (movieId)
/// order; more than 32 distinct genres is an error since they are a `u32`
/// bit set.
pub fn assemble(
    dataset_name: &str,
    dataset: &Dataset,
    matrix: &RatingMatrix,
    tables: &[Table],
    recommender: Recommender,
) -> Result<Blob> {
    if let Some(t) = tables
        .iter()
        .find(|t| t.lists.len() != dataset.movies.len())
    {
        bail!(
            "internal error: {} movies but {} {:?} neighbour lists",
            dataset.movies.len(),
            t.lists.len(),
            t.model
        );
    }
    if matrix.n_items() != dataset.movies.len() {
        bail!(
            "internal error: {} movies but {} matrix items",
            dataset.movies.len(),
            matrix.n_items()
        );
    }
    let mut genre_names: Vec<String> = Vec::new();
    let mut movies = Vec::with_capacity(dataset.movies.len());
    for (index, row) in dataset.movies.iter().enumerate() {
        let mut bits = 0u32;
        for genre in clean::genres(&row.genres) {
            let bit = match genre_names.iter().position(|g| g == genre) {
                Some(bit) => bit,
                None => {
                    genre_names.push(genre.to_string());
                    genre_names.len() - 1
                }
            };
            if bit >= 32 {
                bail!(
                    "movie {} brings the number of distinct genres above 32 (\"{genre}\"); \
                     the blob stores genres as a 32-bit set",
                    row.movie_id
                );
            }
            bits |= 1 << bit;
        }
        let (title, year) = clean::title_and_year(&row.title);
        let item = index as u32;
        movies.push(Movie {
            movie_id: row.movie_id,
            title,
            year,
            genres: bits,
            ratings: matrix.item_count(item),
            mean_rating_tenths: matrix.item_mean(item).map_or(0, mean_tenths),
            imdb_id: row.imdb_id,
            tmdb_id: row.tmdb_id,
        });
    }
    Ok(Blob {
        info: BuildInfo {
            dataset: dataset_name.to_string(),
            ratings: u32::try_from(matrix.n_ratings()).context("more than 4 billion ratings")?,
            users: u32::try_from(matrix.n_users()).context("more than 4 billion users")?,
            generator: GENERATOR.to_string(),
            recommender: recommender.description,
            recall_at_20: recommender.recall_at_20,
        },
        genres: genre_names,
        movies,
        tables: tables
            .iter()
            .map(|t| NeighbourTable::from_lists(t.model, t.k, &t.lists))
            .collect(),
        content: None,
    })
}

/// A mean in stars as tenths of a star, rounded, clamped to 0..=50.
fn mean_tenths(mean: f32) -> u8 {
    (mean * 10.0).round().clamp(0.0, 50.0) as u8
}

/// Writes `bytes` to `path` atomically (see the module docs), creating the
/// parent directory if needed. Returns the number of bytes written.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<u64> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .with_context(|| format!("{}: not a file name", path.display()))?;
    std::fs::create_dir_all(dir)
        .with_context(|| format!("{}: cannot create the directory", dir.display()))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{}.", name.to_string_lossy()))
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("{}: cannot create a temporary file", dir.display()))?;
    tmp.write_all(bytes)
        .and_then(|()| set_permissions(tmp.as_file(), path))
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("{}: cannot write", tmp.path().display()))?;
    // On failure the returned error owns the temporary file and deletes it
    // when dropped.
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("{}: cannot replace the file", path.display()))?;
    sync_dir(dir);
    Ok(bytes.len() as u64)
}

/// Temporary files are created owner-only (0600); the blob is public data a
/// web server must read, so keep the permissions of the file being replaced
/// or, for a new file, use rw-r--r-- (0644).
fn set_permissions(file: &std::fs::File, dest: &Path) -> std::io::Result<()> {
    let perms = match std::fs::metadata(dest) {
        Ok(meta) if meta.is_file() => meta.permissions(),
        _ => default_permissions(file)?,
    };
    file.set_permissions(perms)
}

#[cfg(unix)]
fn default_permissions(_file: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions(file: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    Ok(file.metadata()?.permissions())
}

/// Makes the rename itself durable. Best effort: not every platform or file
/// system can open or fsync a directory, and the data is already safe.
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Encodes `blob` and writes it atomically to `path`; returns its size in bytes.
pub fn write_blob(blob: &Blob, path: &Path) -> Result<u64> {
    let bar = crate::progress::spinner("write");
    bar.set_message("encoding the blob");
    let bytes = blob.encode().context("cannot encode the blob")?;
    bar.set_message(format!("writing {} bytes", bytes.len()));
    let written = write_atomic(path, &bytes);
    bar.finish_and_clear();
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn means_round_to_tenths() {
        assert_eq!(mean_tenths(3.94), 39);
        assert_eq!(mean_tenths(3.96), 40);
        assert_eq!(mean_tenths(5.0), 50);
        assert_eq!(mean_tenths(0.5), 5);
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/out.blob");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out.blob")]);
    }

    #[cfg(unix)]
    #[test]
    fn new_file_is_world_readable_and_replacing_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.blob");
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        write_atomic(&path, b"new").unwrap();
        assert_eq!(mode(&path), 0o644);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, b"again").unwrap();
        assert_eq!(mode(&path), 0o640);
    }
}
