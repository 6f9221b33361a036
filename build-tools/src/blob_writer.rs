//! Assembling the [`Blob`] the app downloads, and writing it to disk
//! atomically.
//!
//! Atomic means: the bytes go to a temporary file in the destination's own
//! directory, are flushed to disk (fsync), and only then renamed over the
//! destination. A reader — the dev server, a deploy step, a person — sees
//! either the old blob or the complete new one, never a torn file; if
//! anything fails the old blob stays and the temporary file is removed.
//!
//! Beside the blob goes a gzip copy, `<blob>.gz`, which is what the site
//! ships (`scripts/fingerprint-blob.sh`; the app inflates it with the
//! browser's `DecompressionStream`), so the download is small whether or not
//! the static host compresses it. It is compressed with Zopfli (the best
//! gzip there is, and slow) up to [`ZOPFLI_MAX_BYTES`], with flate2 level 9
//! above. Both files are written in full to temporary files before either
//! is renamed into place, blob first: a failed write leaves both old files.

use std::io::Write;
use std::num::NonZeroU64;
use std::path::{Path, PathBuf};

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
    stage(path, bytes)?.commit()?;
    Ok(bytes.len() as u64)
}

/// A file written in full and flushed to disk under a temporary name in its
/// destination's directory, waiting to be renamed over the destination.
/// Dropped without [`Staged::commit`], the temporary file is deleted.
struct Staged<'a> {
    tmp: tempfile::NamedTempFile,
    path: &'a Path,
    dir: PathBuf,
}

/// Writes `bytes` to a temporary file beside `path` (see [`Staged`]).
fn stage<'a>(path: &'a Path, bytes: &[u8]) -> Result<Staged<'a>> {
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
    Ok(Staged {
        tmp,
        path,
        dir: dir.to_path_buf(),
    })
}

impl Staged<'_> {
    /// Renames the temporary file over the destination.
    fn commit(self) -> Result<()> {
        // On failure the returned error owns the temporary file and deletes
        // it when dropped.
        self.tmp
            .persist(self.path)
            .map_err(|e| e.error)
            .with_context(|| format!("{}: cannot replace the file", self.path.display()))?;
        sync_dir(&self.dir);
        Ok(())
    }
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

/// Above this many bytes of blob, the gzip copy is made with flate2 level 9
/// (well under a second) instead of Zopfli. Zopfli's time is linear in the
/// input, about 3 s per MB here (tools profile): the bundled 2.2 MB blob
/// takes ~6.5 s and comes out 5 % smaller than `gzip -9`; a 4 MiB blob
/// would take ~13 s, about the time a 25 M-rating build takes in all.
pub const ZOPFLI_MAX_BYTES: usize = 4 << 20;
/// Zopfli's iterations per block: its default. On the bundled blob 15 gives
/// 1,035,941 bytes in ~6.5 s, 10 gives +0.05 % in ~6.1 s, 5 +0.4 % in
/// ~4.6 s, 1 +1.4 % in ~3.9 s: the cost is mostly fixed, so keep the best.
pub const ZOPFLI_ITERATIONS: u64 = 15;
/// Zopfli compresses the input this many bytes at a time (the reference
/// implementation's "master block", each with up to 15 block splits). The
/// crate's own `compress` hands it a large input in one piece, which on the
/// bundled blob is 1.4 % larger.
const ZOPFLI_CHUNK: usize = 1_000_000;

/// The gzip copy's path: the blob's with `.gz` appended.
pub fn gz_path(blob: &Path) -> PathBuf {
    let mut name = blob.as_os_str().to_owned();
    name.push(".gz");
    PathBuf::from(name)
}

/// How the gzip copy was compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gzip {
    /// Zopfli with this many iterations.
    Zopfli { iterations: u64 },
    /// flate2 (miniz_oxide) at level 9, for blobs above [`ZOPFLI_MAX_BYTES`].
    Flate2Best,
}

impl std::fmt::Display for Gzip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Gzip::Zopfli { iterations } => write!(f, "zopfli, {iterations} iterations"),
            Gzip::Flate2Best => write!(
                f,
                "flate2 level 9 (blob above {} MiB: zopfli would be too slow)",
                ZOPFLI_MAX_BYTES >> 20
            ),
        }
    }
}

/// `bytes` in the gzip format: Zopfli up to [`ZOPFLI_MAX_BYTES`], flate2
/// level 9 above.
pub fn gzip(bytes: &[u8]) -> Result<(Vec<u8>, Gzip)> {
    let out = Vec::with_capacity(bytes.len() / 2);
    if bytes.len() <= ZOPFLI_MAX_BYTES {
        let options = zopfli::Options {
            iteration_count: NonZeroU64::new(ZOPFLI_ITERATIONS).expect("not zero"),
            ..zopfli::Options::default()
        };
        let mut encoder = zopfli::GzipEncoder::new(options, zopfli::BlockType::Dynamic, out)
            .context("zopfli failed")?;
        for chunk in bytes.chunks(ZOPFLI_CHUNK) {
            encoder.write_all(chunk).context("zopfli failed")?;
        }
        let out = encoder.finish().context("zopfli failed")?;
        Ok((
            out,
            Gzip::Zopfli {
                iterations: ZOPFLI_ITERATIONS,
            },
        ))
    } else {
        let mut encoder = flate2::write::GzEncoder::new(out, flate2::Compression::best());
        encoder.write_all(bytes).context("gzip failed")?;
        Ok((encoder.finish().context("gzip failed")?, Gzip::Flate2Best))
    }
}

/// What [`write_blob`] wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    /// The blob's size in bytes.
    pub blob_bytes: u64,
    /// The gzip copy's path ([`gz_path`]).
    pub gz_path: PathBuf,
    /// Its size in bytes.
    pub gz_bytes: u64,
    /// How it was compressed.
    pub gzip: Gzip,
    /// Time spent compressing.
    pub gzip_time: std::time::Duration,
}

/// Encodes `blob`, compresses it ([`gzip`]), and writes both atomically: the
/// blob to `path`, the gzip copy to [`gz_path`]`(path)`. Both are written in
/// full before either replaces its old file, so a failed write (full disk,
/// no permission) leaves both old files as they were.
pub fn write_blob(blob: &Blob, path: &Path) -> Result<Written> {
    let bar = crate::progress::spinner("write");
    bar.set_message("encoding the blob");
    let bytes = blob.encode().context("cannot encode the blob")?;
    bar.set_message(format!(
        "compressing {} bytes ({})",
        bytes.len(),
        if bytes.len() <= ZOPFLI_MAX_BYTES {
            "zopfli"
        } else {
            "flate2"
        }
    ));
    let started = std::time::Instant::now();
    let (gz, gzip) = gzip(&bytes).context("cannot compress the blob")?;
    let gzip_time = started.elapsed();
    bar.set_message(format!("writing {} + {} bytes", bytes.len(), gz.len()));
    let gz_path = gz_path(path);
    let written = stage(path, &bytes).and_then(|blob_file| {
        let gz_file = stage(&gz_path, &gz)?;
        // Blob first: if the second rename fails, the .gz left is older
        // than the blob, which scripts/fingerprint-blob.sh refuses to ship.
        blob_file.commit()?;
        gz_file.commit()
    });
    bar.finish_and_clear();
    written?;
    Ok(Written {
        blob_bytes: bytes.len() as u64,
        gz_bytes: gz.len() as u64,
        gz_path,
        gzip,
        gzip_time,
    })
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

    #[test]
    fn gzip_round_trips_with_zopfli_and_flate2() {
        use std::io::Read;
        let inflate = |gz: &[u8]| {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(gz)
                .read_to_end(&mut out)
                .unwrap();
            out
        };
        // (tests/real_data.rs covers a blob of several zopfli chunks.)
        let small: Vec<u8> = (0..20_000u32)
            .map(|i| ((i % 251) ^ (i / 4096)) as u8)
            .collect();
        let (gz, how) = gzip(&small).unwrap();
        assert_eq!(
            how,
            Gzip::Zopfli {
                iterations: ZOPFLI_ITERATIONS
            }
        );
        assert_eq!(inflate(&gz), small);
        let large = vec![7u8; ZOPFLI_MAX_BYTES + 1];
        let (gz, how) = gzip(&large).unwrap();
        assert_eq!(how, Gzip::Flate2Best);
        assert_eq!(inflate(&gz), large);
        assert_eq!(gz_path(Path::new("a/b.blob")), Path::new("a/b.blob.gz"));
    }

    #[test]
    fn a_failed_blob_write_leaves_the_old_gzip_copy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.blob");
        // A non-empty directory where the blob goes: the rename fails.
        std::fs::create_dir_all(path.join("in-the-way")).unwrap();
        std::fs::write(gz_path(&path), b"old gzip").unwrap();
        let blob = Blob {
            info: BuildInfo {
                dataset: "d".into(),
                ratings: 0,
                users: 0,
                generator: GENERATOR.into(),
                recommender: String::new(),
                recall_at_20: None,
            },
            genres: vec![],
            movies: vec![],
            tables: vec![],
            content: None,
        };
        assert!(write_blob(&blob, &path).is_err());
        assert_eq!(std::fs::read(gz_path(&path)).unwrap(), b"old gzip");
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["out.blob", "out.blob.gz"], "no temporary file left");
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
