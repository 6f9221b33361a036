//! The blob: everything the app knows, in one compact binary file.
//!
//! `build-tools` writes it once; the browser downloads and decodes it once and
//! answers every question locally. Layout on disk:
//!
//! | bytes | field |
//! |---|---|
//! | 4 | magic `RLGB` |
//! | 2 | format version, little endian ([`FORMAT_VERSION`]) |
//! | 4 | payload length in bytes, little endian |
//! | 4 | CRC-32 of the payload, little endian |
//! | n | payload: [`Blob`] encoded with postcard |
//!
//! The payload is the blob as written in memory, with one saving: a table
//! after the first names each neighbour by its position in the first
//! table's list of the same movie when it is there (one byte, which
//! compresses well), and spells out only the others. The display tables are
//! largely contained in the default one (the content table's 20 neighbours
//! almost all are, see `docs/eval/README.md`), so this takes about a fifth
//! off the gzipped download with no change to what the app reads.
//!
//! The header lets the app refuse a file from another format version with a
//! clear message instead of decoding garbage, and the checksum catches a
//! truncated or corrupted download before postcard sees it.

use serde::{Deserialize, Serialize};

/// First four bytes of every blob.
pub const MAGIC: [u8; 4] = *b"RLGB";
/// Format version this code reads and writes. Bump it on any change to the
/// types below: postcard is not self-describing, so old readers must refuse.
pub const FORMAT_VERSION: u16 = 4;
/// Header size in bytes (magic, version, payload length, checksum).
pub const HEADER_LEN: usize = 4 + 2 + 4 + 4;
/// Largest neighbour score after quantisation (scores are stored in one byte).
pub const SCORE_LEVELS: u8 = u8::MAX;
/// Most explanation features stored per movie ([`ContentInfo`]).
pub const MAX_TOP_FEATURES: u8 = 8;

/// CRC-32 (IEEE 802.3, the zlib/PNG one: reflected, polynomial 0xEDB88320)
/// of `bytes`, four bytes per step ("slice-by-4").
///
/// Written out rather than taken from `crc32fast`, whose portable code
/// carries a 16 KB precomputed table into the wasm download (16 KB gzipped
/// too: tables of checksums do not compress). The four 256-entry tables
/// here are computed on the stack at each call (a few thousand operations,
/// nothing beside the megabytes of a blob), so they cost no download.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut table = [[0u32; 256]; 4];
    for (n, entry) in table[0].iter_mut().enumerate() {
        let mut c = n as u32;
        for _ in 0..8 {
            c = if c & 1 == 1 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
        *entry = c;
    }
    for n in 0..256 {
        for k in 1..4 {
            let prev = table[k - 1][n];
            table[k][n] = (prev >> 8) ^ table[0][(prev & 0xFF) as usize];
        }
    }
    let mut crc = !0u32;
    let mut chunks = bytes.chunks_exact(4);
    for chunk in &mut chunks {
        let x = crc ^ u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        crc = table[3][(x & 0xFF) as usize]
            ^ table[2][((x >> 8) & 0xFF) as usize]
            ^ table[1][((x >> 16) & 0xFF) as usize]
            ^ table[0][(x >> 24) as usize];
    }
    for &b in chunks.remainder() {
        crc = (crc >> 8) ^ table[0][((crc ^ u32::from(b)) & 0xFF) as usize];
    }
    !crc
}

/// The whole data set shipped to the browser.
#[derive(Debug, Clone, PartialEq)]
pub struct Blob {
    /// Where the data came from and how it was built.
    pub info: BuildInfo,
    /// Genre names; [`Movie::genres`] is a bit set over this list (≤ 32).
    pub genres: Vec<String>,
    /// The catalogue, sorted by `movie_id` ascending. A movie's position here
    /// is its *index*, which neighbour lists refer to.
    pub movies: Vec<Movie>,
    /// Neighbour lists, one table per model (at least one, at most one per
    /// model).
    pub tables: Vec<NeighbourTable>,
    /// How the content model was built and what explains its neighbours;
    /// `None` when the blob was built without the content stage.
    pub content: Option<ContentInfo>,
}

/// Provenance of a blob, shown in the app's footer and by `build-tools`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BuildInfo {
    /// Name of the source data set, e.g. "ml-latest-small".
    pub dataset: String,
    /// Number of ratings that went into the models (items).
    pub ratings: u32,
    /// Number of distinct users behind those ratings (items).
    pub users: u32,
    /// Version of the tool that wrote the blob.
    pub generator: String,
    /// The model behind the first (default) neighbour table, which "For
    /// you" scores with [`crate::score::recommend`], and its parameters,
    /// e.g. "hybrid: EASE λ = 0.25 × users, refit on top-50 + content …".
    pub recommender: String,
    /// Recall@20 that `build-tools eval` measured for that configuration
    /// (5-fold, seed 0, through this very scoring), if it was measured on
    /// this data set; `None` for data the evaluation has not seen.
    pub recall_at_20: Option<f32>,
}

/// One movie of the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Movie {
    /// MovieLens movieId: stable across data releases, used in URLs and
    /// anything the visitor stores.
    pub movie_id: u32,
    /// Display title without the year ("Toy Story").
    pub title: String,
    /// Release year, when the source gives one.
    pub year: Option<u16>,
    /// Bit `i` set means the movie has genre `Blob::genres[i]`.
    pub genres: u32,
    /// Number of ratings (items): the popularity used to rank suggestions.
    pub ratings: u32,
    /// Mean rating in tenths of a star (0–50); 0 when unrated.
    pub mean_rating_tenths: u8,
    /// IMDb id (the number of "tt0114709"), if known.
    pub imdb_id: Option<u32>,
    /// TMDB id, if known: the key for posters and details.
    pub tmdb_id: Option<u32>,
}

impl Movie {
    /// "Toy Story (1995)", or the bare title when the year is unknown.
    pub fn label(&self) -> String {
        match self.year {
            Some(year) => format!("{} ({year})", self.title),
            None => self.title.clone(),
        }
    }
}

/// Which signal a neighbour table was learnt from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Model {
    /// Item-item cosine similarity over the rating matrix (the rating model
    /// for catalogues too large for EASE).
    RatingsCosine,
    /// Cosine similarity of TF-IDF vectors of the movies' metadata
    /// (overview, genres, keywords, tags, decade).
    Content,
    /// EASE on the binarised ratings, each movie's k largest weights refitted
    /// on that support (rating signal only).
    RatingsEase,
    /// The rating lists blended with the content lists, so that rarely rated
    /// movies still get good neighbours: the evaluated default.
    Hybrid,
}

impl Model {
    /// A short human label for the app and the CLI.
    pub fn label(self) -> &'static str {
        match self {
            Model::RatingsCosine | Model::RatingsEase => "Fans also liked",
            Model::Content => "Similar story",
            Model::Hybrid => "Best match",
        }
    }

    /// True for the models learnt from ratings alone.
    pub fn from_ratings(self) -> bool {
        matches!(self, Model::RatingsCosine | Model::RatingsEase)
    }
}

/// What the content model used, and the features that explain its
/// neighbours. Per movie, its few highest-weighted descriptive features
/// (keywords, tags, overview words) as ids into `features`, stored flat like
/// [`NeighbourTable`]: `counts[i]` ids of movie `i` follow those of movie
/// `i - 1` in `top_features`. Two movies' lists intersect into "shares: heist,
/// bank robbery" (see `crate::explain`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContentInfo {
    /// Each feature field and its weight as used, e.g. `("keywords", 1.0)`.
    pub weights: Vec<(String, f32)>,
    /// Display strings of the explanation features ("space travel").
    pub features: Vec<String>,
    /// Number of features of each movie (≤ [`MAX_TOP_FEATURES`]), one entry
    /// per movie.
    pub counts: Vec<u8>,
    /// Feature ids (positions in `features`), best first within each movie.
    pub top_features: Vec<u32>,
    /// Start of each movie's run; derived on decode, never stored.
    #[serde(skip)]
    offsets: Vec<u32>,
}

impl ContentInfo {
    /// Builds the record from per-movie lists of feature ids (best first),
    /// each cut to [`MAX_TOP_FEATURES`].
    pub fn from_lists(
        weights: Vec<(String, f32)>,
        features: Vec<String>,
        lists: &[Vec<u32>],
    ) -> Self {
        let max = usize::from(MAX_TOP_FEATURES);
        let mut info = ContentInfo {
            weights,
            features,
            counts: Vec::with_capacity(lists.len()),
            top_features: Vec::new(),
            offsets: Vec::new(),
        };
        for list in lists {
            let kept = &list[..list.len().min(max)];
            info.counts.push(kept.len() as u8);
            info.top_features.extend_from_slice(kept);
        }
        info.offsets = offsets(info.counts.iter().map(|&c| u16::from(c)));
        info
    }

    /// The feature ids of the movie at `index`, best first; empty for an
    /// index out of range.
    pub fn top_features(&self, index: u32) -> &[u32] {
        let i = index as usize;
        match (self.offsets.get(i), self.offsets.get(i + 1)) {
            (Some(&s), Some(&e)) => &self.top_features[s as usize..e as usize],
            _ => &[],
        }
    }

    /// The display string of feature `id`, if it exists.
    pub fn feature(&self, id: u32) -> Option<&str> {
        self.features.get(id as usize).map(String::as_str)
    }
}

/// The top-k neighbours of every movie for one model, stored flat so it
/// encodes small: `counts[i]` neighbours of movie `i` follow those of movie
/// `i - 1` in `neighbours` and `scores`.
#[derive(Debug, Clone, PartialEq)]
pub struct NeighbourTable {
    /// The model that produced these lists.
    pub model: Model,
    /// The k the lists were cut to (items); a list may be shorter.
    pub k: u16,
    /// Scale of the quantised scores: score = `q / 255 * max_score`.
    pub max_score: f32,
    /// Number of neighbours of each movie (items), one entry per movie.
    pub counts: Vec<u16>,
    /// Movie indices, best neighbour first within each movie's run.
    pub neighbours: Vec<u32>,
    /// Quantised scores, parallel to `neighbours`.
    pub scores: Vec<u8>,
    /// Start of each movie's run; derived on decode, never stored.
    offsets: Vec<u32>,
}

impl NeighbourTable {
    /// The neighbour indices of the movie at `index`, best first; empty for
    /// an index out of range.
    fn run(&self, index: usize) -> &[u32] {
        match (self.offsets.get(index), self.offsets.get(index + 1)) {
            (Some(&s), Some(&e)) => self.neighbours.get(s as usize..e as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Builds a table from per-movie lists of `(movie index, score)`, best
    /// first, quantising scores to one byte against the largest score.
    /// Negative scores are clamped to zero.
    pub fn from_lists(model: Model, k: u16, lists: &[Vec<(u32, f32)>]) -> Self {
        let max_score = lists
            .iter()
            .flatten()
            .map(|&(_, s)| s)
            .fold(0.0f32, f32::max);
        let total: usize = lists.iter().map(Vec::len).sum();
        let mut table = NeighbourTable {
            model,
            k,
            max_score,
            counts: Vec::with_capacity(lists.len()),
            neighbours: Vec::with_capacity(total),
            scores: Vec::with_capacity(total),
            offsets: Vec::new(),
        };
        for list in lists {
            table.counts.push(list.len() as u16);
            for &(idx, score) in list {
                table.neighbours.push(idx);
                table.scores.push(quantise(score, max_score));
            }
        }
        table.offsets = offsets(table.counts.iter().copied());
        table
    }

    /// Neighbours of the movie at `index` as `(movie index, score)`, best
    /// first; empty for an index out of range.
    pub fn list(&self, index: u32) -> impl Iterator<Item = (u32, f32)> + '_ {
        let i = index as usize;
        let (start, end) = match (self.offsets.get(i), self.offsets.get(i + 1)) {
            (Some(&s), Some(&e)) => (s as usize, e as usize),
            _ => (0, 0),
        };
        let scale = self.max_score / f32::from(SCORE_LEVELS);
        self.neighbours[start..end]
            .iter()
            .zip(&self.scores[start..end])
            .map(move |(&n, &q)| (n, f32::from(q) * scale))
    }
}

/// A [`NeighbourTable`] as stored in the payload. For every table but the
/// first, `refs` holds one byte per neighbour: `p + 1` when it is the
/// neighbour at position `p` of the same movie's list in the first table,
/// `0` when it is the next entry of `neighbours`. The first table has no
/// `refs` and spells out every neighbour.
#[derive(Serialize, Deserialize)]
struct StoredTable {
    model: Model,
    k: u16,
    max_score: f32,
    counts: Vec<u16>,
    refs: Vec<u8>,
    neighbours: Vec<u32>,
    scores: Vec<u8>,
}

/// The payload: [`Blob`] with its tables as [`StoredTable`]s.
#[derive(Serialize, Deserialize)]
struct StoredBlob {
    info: BuildInfo,
    genres: Vec<String>,
    movies: Vec<Movie>,
    tables: Vec<StoredTable>,
    content: Option<ContentInfo>,
}

impl StoredTable {
    /// `table` as stored after `base` (the first table), or as the first
    /// table when `base` is `None`.
    fn new(table: &NeighbourTable, base: Option<&NeighbourTable>) -> Self {
        let mut stored = StoredTable {
            model: table.model,
            k: table.k,
            max_score: table.max_score,
            counts: table.counts.clone(),
            refs: Vec::new(),
            neighbours: Vec::new(),
            scores: table.scores.clone(),
        };
        let Some(base) = base else {
            stored.neighbours = table.neighbours.clone();
            return stored;
        };
        stored.refs.reserve(table.neighbours.len());
        for movie in 0..table.counts.len() {
            let in_base = base.run(movie);
            for &j in table.run(movie) {
                match in_base.iter().position(|&b| b == j) {
                    Some(p) if p < usize::from(u8::MAX) => stored.refs.push(p as u8 + 1),
                    _ => {
                        stored.refs.push(0);
                        stored.neighbours.push(j);
                    }
                }
            }
        }
        stored
    }

    /// The table back, resolving `refs` against `base` (the first table,
    /// already restored); checks every length and position it relies on.
    fn restore(
        self,
        n_movies: usize,
        base: Option<&NeighbourTable>,
    ) -> Result<NeighbourTable, BlobError> {
        let invalid = |msg: String| BlobError::Invalid(format!("{:?} table: {msg}", self.model));
        if self.counts.len() != n_movies {
            return Err(invalid(format!(
                "{} counts for {n_movies} movies",
                self.counts.len()
            )));
        }
        let total: usize = self.counts.iter().map(|&c| usize::from(c)).sum();
        if self.scores.len() != total {
            return Err(invalid("scores and counts disagree".into()));
        }
        let offsets = offsets(self.counts.iter().copied());
        let neighbours = if self.refs.is_empty() {
            self.neighbours
        } else {
            let Some(base) = base else {
                return Err(invalid("the first table cannot refer to another".into()));
            };
            if self.refs.len() != total {
                return Err(invalid("references and counts disagree".into()));
            }
            let mut spelled = self.neighbours.into_iter();
            let mut out = Vec::with_capacity(total);
            for movie in 0..n_movies {
                let in_base = base.run(movie);
                let run = &self.refs[offsets[movie] as usize..offsets[movie + 1] as usize];
                for &r in run {
                    let j = match r {
                        0 => spelled.next(),
                        p => in_base.get(usize::from(p) - 1).copied(),
                    };
                    out.push(j.ok_or_else(|| {
                        invalid(format!("movie index {movie} refers to a missing neighbour"))
                    })?);
                }
            }
            if spelled.next().is_some() {
                return Err(invalid("more neighbours than references".into()));
            }
            out
        };
        if neighbours.len() != total {
            return Err(invalid("neighbours and counts disagree".into()));
        }
        Ok(NeighbourTable {
            model: self.model,
            k: self.k,
            max_score: self.max_score,
            counts: self.counts,
            neighbours,
            scores: self.scores,
            offsets,
        })
    }
}

fn quantise(score: f32, max_score: f32) -> u8 {
    if max_score <= 0.0 || !score.is_finite() {
        return 0;
    }
    (score.max(0.0) / max_score * f32::from(SCORE_LEVELS)).round() as u8
}

fn offsets(counts: impl ExactSizeIterator<Item = u16>) -> Vec<u32> {
    let mut out = Vec::with_capacity(counts.len() + 1);
    let mut at = 0u32;
    out.push(0);
    for c in counts {
        at += u32::from(c);
        out.push(at);
    }
    out
}

/// Why a byte string is not a usable blob. Messages are written for the
/// person who sees them in the app or the terminal.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum BlobError {
    #[error("the data file is too short to be a Reelgraph blob ({0} bytes)")]
    TooShort(usize),
    #[error("this is not a Reelgraph data file (wrong magic number)")]
    BadMagic,
    #[error(
        "the data file has format version {found} but this app reads version {expected}; \
         rebuild the data with a matching build-tools or reload the page"
    )]
    UnsupportedVersion { found: u16, expected: u16 },
    #[error("the data file is truncated: header announces {expected} bytes, {actual} arrived")]
    Truncated { expected: usize, actual: usize },
    #[error("the data file is corrupted (checksum mismatch)")]
    Checksum,
    #[error("the data file could not be decoded: {0}")]
    Decode(String),
    #[error("the data file is inconsistent: {0}")]
    Invalid(String),
}

impl Blob {
    /// Encodes the blob with its header (bytes ready to write to disk).
    pub fn encode(&self) -> Result<Vec<u8>, BlobError> {
        self.validate()?;
        let base = self.tables.first();
        let stored = StoredBlob {
            info: self.info.clone(),
            genres: self.genres.clone(),
            movies: self.movies.clone(),
            tables: self
                .tables
                .iter()
                .enumerate()
                .map(|(i, t)| StoredTable::new(t, if i == 0 { None } else { base }))
                .collect(),
            content: self.content.clone(),
        };
        let payload =
            postcard::to_allocvec(&stored).map_err(|e| BlobError::Decode(e.to_string()))?;
        let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
        out.extend_from_slice(&MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
        out.extend_from_slice(&crc32(&payload).to_le_bytes());
        out.extend_from_slice(&payload);
        Ok(out)
    }

    /// Decodes and checks a blob: header, checksum, then every index and
    /// length, so the app can trust it afterwards without bounds surprises.
    pub fn decode(bytes: &[u8]) -> Result<Blob, BlobError> {
        if bytes.len() < 6 {
            return Err(BlobError::TooShort(bytes.len()));
        }
        if bytes[..4] != MAGIC {
            return Err(BlobError::BadMagic);
        }
        let version = u16::from_le_bytes([bytes[4], bytes[5]]);
        if version != FORMAT_VERSION {
            return Err(BlobError::UnsupportedVersion {
                found: version,
                expected: FORMAT_VERSION,
            });
        }
        if bytes.len() < HEADER_LEN {
            return Err(BlobError::TooShort(bytes.len()));
        }
        let le_u32 = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
        let expected = le_u32(6) as usize;
        let payload = &bytes[HEADER_LEN..];
        if payload.len() != expected {
            return Err(BlobError::Truncated {
                expected,
                actual: payload.len(),
            });
        }
        if crc32(payload) != le_u32(10) {
            return Err(BlobError::Checksum);
        }
        let stored: StoredBlob =
            postcard::from_bytes(payload).map_err(|e| BlobError::Decode(e.to_string()))?;
        let n = stored.movies.len();
        let mut tables: Vec<NeighbourTable> = Vec::with_capacity(stored.tables.len());
        for table in stored.tables {
            let restored = table.restore(n, tables.first())?;
            tables.push(restored);
        }
        let mut blob = Blob {
            info: stored.info,
            genres: stored.genres,
            movies: stored.movies,
            tables,
            content: stored.content,
        };
        blob.validate()?;
        if let Some(content) = &mut blob.content {
            content.offsets = offsets(content.counts.iter().map(|&c| u16::from(c)));
        }
        Ok(blob)
    }

    /// Index of the movie with this MovieLens id, if it is in the catalogue.
    pub fn index_of(&self, movie_id: u32) -> Option<u32> {
        self.movies
            .binary_search_by_key(&movie_id, |m| m.movie_id)
            .ok()
            .map(|i| i as u32)
    }

    /// The table of a model, if the blob has one.
    pub fn table(&self, model: Model) -> Option<&NeighbourTable> {
        self.tables.iter().find(|t| t.model == model)
    }

    /// Genre names of a movie, in the blob's genre order.
    pub fn genre_names(&self, movie: &Movie) -> Vec<&str> {
        self.genres
            .iter()
            .enumerate()
            .filter(|(i, _)| movie.genres & (1 << i) != 0)
            .map(|(_, g)| g.as_str())
            .collect()
    }

    fn validate(&self) -> Result<(), BlobError> {
        let invalid = |msg: String| Err(BlobError::Invalid(msg));
        if let Some(r) = self.info.recall_at_20 {
            // NaN fails `contains` too (found by fuzzing the decoder).
            if !(0.0..=1.0).contains(&r) {
                return invalid(format!("Recall@20 {r} is not between 0 and 1"));
            }
        }
        if self.genres.len() > 32 {
            return invalid(format!("{} genres, at most 32 fit", self.genres.len()));
        }
        if let Some(w) = self
            .movies
            .windows(2)
            .find(|w| w[0].movie_id >= w[1].movie_id)
        {
            return invalid(format!(
                "movies not sorted by id at movieId {}",
                w[1].movie_id
            ));
        }
        if self.tables.is_empty() {
            return invalid("no neighbour table".into());
        }
        let n = self.movies.len();
        for t in &self.tables {
            let total: usize = t.counts.iter().map(|&c| usize::from(c)).sum();
            if t.counts.len() != n || t.neighbours.len() != total || t.scores.len() != total {
                return invalid(format!("{:?} table lengths disagree", t.model));
            }
            if let Some(&bad) = t.neighbours.iter().find(|&&i| i as usize >= n) {
                return invalid(format!("{:?} table refers to movie index {bad}", t.model));
            }
            if !t.max_score.is_finite() || t.max_score < 0.0 {
                return invalid(format!("{:?} table has scale {}", t.model, t.max_score));
            }
        }
        if let Some((i, t)) = self
            .tables
            .iter()
            .enumerate()
            .find(|(i, t)| self.tables[..*i].iter().any(|u| u.model == t.model))
        {
            return invalid(format!(
                "two {:?} tables (the second at position {i})",
                t.model
            ));
        }
        if let Some(c) = &self.content {
            let total: usize = c.counts.iter().map(|&n| usize::from(n)).sum();
            if c.counts.len() != n || c.top_features.len() != total {
                return invalid("content feature lengths disagree".into());
            }
            if let Some(&bad) = c.counts.iter().find(|&&k| k > MAX_TOP_FEATURES) {
                return invalid(format!(
                    "a movie has {bad} content features, at most {MAX_TOP_FEATURES} are stored"
                ));
            }
            if let Some(&bad) = c
                .top_features
                .iter()
                .find(|&&f| f as usize >= c.features.len())
            {
                return invalid(format!("content feature {bad} does not exist"));
            }
            let mut at = 0;
            for (movie, &k) in c.counts.iter().enumerate() {
                let run = &c.top_features[at..at + usize::from(k)];
                if run.iter().enumerate().any(|(i, f)| run[..i].contains(f)) {
                    return invalid(format!("movie index {movie} lists a content feature twice"));
                }
                at += usize::from(k);
            }
            if let Some((name, w)) = c.weights.iter().find(|(_, w)| !w.is_finite() || *w < 0.0) {
                return invalid(format!("content weight {name} = {w}"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod stored_tests {
    use super::*;

    fn base() -> NeighbourTable {
        NeighbourTable::from_lists(
            Model::Hybrid,
            3,
            &[vec![(1, 0.9), (2, 0.5)], vec![(0, 0.9)], vec![]],
        )
    }

    #[test]
    fn later_tables_refer_to_the_first_and_spell_out_the_rest() {
        let base = base();
        let other = NeighbourTable::from_lists(
            Model::Content,
            2,
            &[vec![(2, 0.4), (1, 0.2)], vec![(2, 0.7)], vec![(0, 0.3)]],
        );
        let stored = StoredTable::new(&other, Some(&base));
        // Movie 0: 2 is base position 1, 1 is position 0; movie 1: 2 is not
        // in its base list; movie 2: its base list is empty.
        assert_eq!(stored.refs, [2, 1, 0, 0]);
        assert_eq!(stored.neighbours, [2, 0]);
        assert_eq!(stored.restore(3, Some(&base)).unwrap(), other);
        let first = StoredTable::new(&base, None);
        assert!(first.refs.is_empty());
        assert_eq!(first.restore(3, None).unwrap(), base);
    }

    #[test]
    fn broken_references_are_errors_not_panics() {
        let base = base();
        let other =
            NeighbourTable::from_lists(Model::Content, 1, &[vec![(1, 0.4)], vec![], vec![]]);
        let broken = |edit: &dyn Fn(&mut StoredTable)| {
            let mut s = StoredTable::new(&other, Some(&base));
            edit(&mut s);
            s.restore(3, Some(&base)).unwrap_err()
        };
        assert!(matches!(broken(&|s| s.refs[0] = 3), BlobError::Invalid(_)));
        assert!(matches!(broken(&|s| s.refs[0] = 0), BlobError::Invalid(_)));
        assert!(matches!(
            broken(&|s| s.neighbours.push(2)),
            BlobError::Invalid(_)
        ));
        assert!(matches!(broken(&|s| s.refs.push(1)), BlobError::Invalid(_)));
        assert!(matches!(
            broken(&|s| s.counts.pop().map(|_| ()).unwrap()),
            BlobError::Invalid(_)
        ));
        let s = StoredTable::new(&other, Some(&base));
        assert!(matches!(s.restore(3, None), Err(BlobError::Invalid(_))));
    }

    #[test]
    fn crc32_matches_crc32fast() {
        assert_eq!(super::crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(super::crc32(b""), 0);
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 7919 % 251) as u8).collect();
        for len in [1, 2, 3, 4, 5, 7, 8, 9, 255, 1000] {
            assert_eq!(
                super::crc32(&data[..len]),
                crc32fast::hash(&data[..len]),
                "{len} bytes"
            );
        }
    }
}
