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
//! The payload is postcard too, but not of [`Blob`] as it is in memory: the
//! same content laid out to compress well under the gzip of the HTTP
//! transfer (format 5; every step is lossless: decoding gives back the very
//! [`Blob`] that was encoded, its lists in canonical order as
//! [`NeighbourTable::from_lists`] builds them):
//!
//! | part | stored as |
//! |---|---|
//! | `info`, `genres` | as in memory |
//! | `movies` | one column per field; `movie_id` as the gap from the previous one; titles as one text, each ended by a line break (`StoredMovies`) |
//! | first table | the lists as *sets*: movies renumbered along a breadth-first walk of the table's graph, each list's ids ascending as gaps, neighbours that name each other as one bit; scores in that order relative to the list's median (`StoredFirstTable`) |
//! | later tables | one bit per entry of the first table (is it in this list too?), the other neighbours spelled out (`StoredTable`) |
//! | `content` | as in memory |
//!
//! The first table is the big one (k = 50 for the evaluated default): as
//! sets its lists compress to about two thirds of what the ranked lists
//! did. Order within a list is not lost: it is canonical (quantised score
//! descending, then movie index ascending, see [`NeighbourTable`]), so the
//! decoder sorts each list back. On the bundled data the gzipped blob went
//! from 1,339,024 bytes (format 4) to 1,091,658 (BENCHMARKS.md has the
//! parts).
//!
//! The header lets the app refuse a file from another format version with a
//! clear message instead of decoding garbage, and the checksum catches a
//! truncated or corrupted download before postcard sees it.

use serde::{Deserialize, Serialize};

/// First four bytes of every blob.
pub const MAGIC: [u8; 4] = *b"RLGB";
/// Format version this code reads and writes. Bump it on any change to the
/// types below: postcard is not self-describing, so old readers must refuse.
pub const FORMAT_VERSION: u16 = 5;
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
        info.offsets = offsets(&info.counts).expect("fewer than 2^32 features");
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
///
/// Within a run, neighbours are in canonical best-first order: quantised
/// score descending, then movie index ascending. [`NeighbourTable::from_lists`]
/// builds it that way and decoding restores it, so that the first table,
/// which the blob stores by index rather than by rank, round-trips exactly.
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
    /// Builds a table from per-movie lists of `(movie index, score)`,
    /// quantising scores to one byte against the largest score, each list
    /// in canonical best-first order (quantised score descending, ties to
    /// the lower index). Negative scores are clamped to zero.
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
        let mut run = Vec::new();
        for list in lists {
            run.clear();
            run.extend(list.iter().map(|&(i, s)| entry(i, quantise(s, max_score))));
            canonicalise(&mut run);
            table.counts.push(run.len() as u16);
            table.neighbours.extend(run.iter().map(|&e| parts(e).0));
            table.scores.extend(run.iter().map(|&e| parts(e).1));
        }
        table.offsets = offsets(&table.counts).expect("fewer than 2^32 neighbours");
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

    /// Each movie's run as `(neighbours, scores)`, walked by `counts` (which
    /// [`Blob::validate`] has checked against the flat vectors).
    fn runs(&self) -> impl Iterator<Item = (&[u32], &[u8])> + '_ {
        let mut at = 0;
        self.counts.iter().map(move |&c| {
            let r = at..at + usize::from(c);
            at = r.end;
            (&self.neighbours[r.clone()], &self.scores[r])
        })
    }

    /// The same table with every run in canonical order and fresh offsets.
    fn canonical(&self) -> NeighbourTable {
        let mut out = self.clone();
        let mut run = Vec::new();
        let mut at = 0;
        for (ns, qs) in self.runs() {
            run.clear();
            run.extend(ns.iter().zip(qs).map(|(&j, &q)| entry(j, q)));
            canonicalise(&mut run);
            for (k, (j, q)) in run.iter().map(|&e| parts(e)).enumerate() {
                out.neighbours[at + k] = j;
                out.scores[at + k] = q;
            }
            at += run.len();
        }
        out.offsets = offsets(&out.counts).expect("fewer than 2^32 neighbours");
        out
    }
}

/// One neighbour as a sort key: movie index `j` with quantised score `q`,
/// such that canonical best-first order (score descending, then index
/// ascending) is ascending key order.
fn entry(j: u32, q: u8) -> u64 {
    (u64::from(!q) << 32) | u64::from(j)
}

/// The movie index and quantised score of an [`entry`].
fn parts(e: u64) -> (u32, u8) {
    (e as u32, !((e >> 32) as u8))
}

/// Sorts one run of [`entry`] keys into canonical best-first order.
///
/// A Shell sort (gaps 1, 4, 13, 40, …): lists are short, and it is a few
/// hundred bytes of wasm where the standard library's sort was 3 KB, about
/// as fast here.
fn canonicalise(run: &mut [u64]) {
    let mut gap = 1;
    while gap < run.len() / 3 {
        gap = 3 * gap + 1;
    }
    while gap > 0 {
        for i in gap..run.len() {
            let x = run[i];
            let mut j = i;
            while j >= gap && x < run[j - gap] {
                run[j] = run[j - gap];
                j -= gap;
            }
            run[j] = x;
        }
        gap /= 3;
    }
}

/// The first (default) [`NeighbourTable`] as stored: by movie index rather
/// than by rank, which compresses far better (a movie's neighbours are
/// neighbours of each other, so after renumbering the movies they sit close
/// together).
///
/// Movies are renumbered by `order`, a breadth-first walk of the table's
/// graph (edges taken both ways; each component starts from its least
/// rated movie): the movie at position `p` of the walk gets the *label*
/// `p`. The lists are stored in walk order. Before a list, `flags` holds one
/// bit (least significant first) for every earlier-stored movie whose list
/// names this movie, in storage order: set when this list names that movie
/// back (neighbourhoods are largely mutual: on the bundled data 147k of the
/// 487k neighbours cost one bit each this way). The rest of the list
/// follows in `gaps` as labels in ascending order, the first as is and each
/// next one as its distance minus one from the previous. `scores` holds one byte per
/// neighbour in the same order (flagged ones, then the gap-coded ones),
/// relative to the list's median in `centres`. The decoder sorts each list
/// back into canonical best-first order.
#[derive(Serialize, Deserialize)]
struct StoredFirstTable {
    model: Model,
    k: u16,
    max_score: f32,
    /// Per movie, catalogue order.
    counts: Vec<u16>,
    /// Catalogue index of each label as `width(n)` little-endian byte
    /// planes: the lowest byte of every entry, then the next byte of every
    /// entry, and so on.
    order: Vec<u8>,
    flags: Vec<u8>,
    gaps: Vec<u32>,
    /// Per movie, catalogue order: the median score of its list.
    centres: Vec<u8>,
    /// Each score minus its movie's centre, modulo 256.
    scores: Vec<u8>,
}

/// Bytes per entry of [`StoredFirstTable::order`] for `n` movies.
fn width(n: usize) -> usize {
    let mut w = 1;
    while w < 4 && n > 1 << (8 * w) {
        w += 1;
    }
    w
}

impl StoredFirstTable {
    /// `table` (in canonical order) as stored; `ratings` per movie choose
    /// where the walk starts.
    fn new(table: &NeighbourTable, ratings: &[u32]) -> Self {
        let n = table.counts.len();
        let lists: Vec<(&[u32], &[u8])> = table.runs().collect();
        // The walk: breadth first over edges both ways, each component from
        // its least rated movie (ties to the lower index).
        let mut both: Vec<Vec<u32>> = lists.iter().map(|(ns, _)| ns.to_vec()).collect();
        for (i, (ns, _)) in lists.iter().enumerate() {
            for &j in ns.iter() {
                if !lists[j as usize].0.contains(&(i as u32)) {
                    both[j as usize].push(i as u32);
                }
            }
        }
        let mut starts: Vec<u32> = (0..n as u32).collect();
        starts.sort_by_key(|&i| ratings.get(i as usize).copied().unwrap_or(0));
        let mut order: Vec<u32> = Vec::with_capacity(n);
        let mut seen = vec![false; n];
        for s in starts {
            if seen[s as usize] {
                continue;
            }
            seen[s as usize] = true;
            let mut head = order.len();
            order.push(s);
            while head < order.len() {
                for &j in &both[order[head] as usize] {
                    if !seen[j as usize] {
                        seen[j as usize] = true;
                        order.push(j);
                    }
                }
                head += 1;
            }
        }
        let mut label = vec![0u32; n];
        for (p, &u) in order.iter().enumerate() {
            label[u as usize] = p as u32;
        }
        let w = width(n);
        let mut stored = StoredFirstTable {
            model: table.model,
            k: table.k,
            max_score: table.max_score,
            counts: table.counts.clone(),
            order: (0..w)
                .flat_map(|b| order.iter().map(move |&u| (u >> (8 * b)) as u8))
                .collect(),
            flags: Vec::new(),
            gaps: Vec::new(),
            // The median of each (canonical, so sorted) list: lists differ
            // mostly in level, and scores relative to it compress better.
            centres: lists
                .iter()
                .map(|(_, qs)| qs.get(qs.len() / 2).copied().unwrap_or(0))
                .collect(),
            scores: Vec::with_capacity(table.scores.len()),
        };
        // The decoder's walk, mirrored: who has named each movie so far.
        let mut named_by: Vec<Vec<u32>> = vec![Vec::new(); n];
        let mut done = vec![false; n];
        let mut bits = 0usize;
        let mut rest: Vec<(u32, u8)> = Vec::new();
        for &u in &order {
            let (ns, qs) = lists[u as usize];
            let c = stored.centres[u as usize];
            let asked = std::mem::take(&mut named_by[u as usize]);
            for v in &asked {
                let at = ns.iter().position(|j| j == v);
                push_bit(&mut stored.flags, &mut bits, at.is_some());
                stored.scores.extend(at.map(|p| qs[p].wrapping_sub(c)));
            }
            rest.clear();
            rest.extend(
                ns.iter()
                    .zip(qs)
                    .filter(|(j, _)| !asked.contains(j))
                    .map(|(&j, &q)| (label[j as usize], q)),
            );
            rest.sort_unstable();
            let mut next = 0;
            for &(l, q) in &rest {
                stored.gaps.push(l - next);
                stored.scores.push(q.wrapping_sub(c));
                next = l + 1;
            }
            done[u as usize] = true;
            for &j in ns {
                if !done[j as usize] {
                    named_by[j as usize].push(u);
                }
            }
        }
        stored
    }

    /// The table back, in canonical order; checks every length, label and
    /// bit it relies on.
    fn restore(self, n: usize) -> Result<NeighbourTable, BlobError> {
        let model = self.model;
        let invalid = |msg: &str| BlobError::Invalid(format!("{model:?} table: {msg}"));
        if self.counts.len() != n {
            return Err(invalid("counts and catalogue disagree"));
        }
        let offsets = offsets(&self.counts).ok_or_else(|| invalid("too many neighbours"))?;
        let total = offsets[n] as usize;
        if self.scores.len() != total || self.centres.len() != n {
            return Err(invalid("scores and counts disagree"));
        }
        let w = width(n);
        if Some(self.order.len()) != n.checked_mul(w) {
            return Err(invalid("order and catalogue disagree"));
        }
        let mut order = vec![0u32; n];
        let mut seen = vec![false; n];
        for (p, u) in order.iter_mut().enumerate() {
            for b in 0..w {
                *u |= u32::from(self.order[b * n + p]) << (8 * b);
            }
            match seen.get_mut(*u as usize) {
                Some(s) if !*s => *s = true,
                _ => return Err(invalid("order is not a permutation of the catalogue")),
            }
        }
        let mut neighbours = vec![0u32; total];
        let mut scores = vec![0u8; total];
        let mut named_by: Vec<Vec<u32>> = vec![Vec::new(); n];
        let mut done = vec![false; n];
        let mut asked_of = vec![u32::MAX; n];
        let mut gaps = self.gaps.into_iter();
        let (mut bits, mut at) = (0usize, 0usize);
        let mut run: Vec<u64> = Vec::new();
        for &u in &order {
            let count = usize::from(self.counts[u as usize]);
            let c = self.centres[u as usize];
            run.clear();
            for v in std::mem::take(&mut named_by[u as usize]) {
                asked_of[v as usize] = u;
                if bit(&self.flags, bits).ok_or_else(|| invalid("flags end early"))? {
                    if run.len() == count {
                        return Err(invalid("more neighbours flagged than counted"));
                    }
                    run.push(entry(v, self.scores[at].wrapping_add(c)));
                    at += 1;
                }
                bits += 1;
            }
            let mut next = 0u32;
            while run.len() < count {
                let l = gaps
                    .next()
                    .and_then(|g| next.checked_add(g))
                    .filter(|&l| (l as usize) < n)
                    .ok_or_else(|| invalid("a neighbour label is missing or out of range"))?;
                let j = order[l as usize];
                if asked_of[j as usize] == u {
                    return Err(invalid("a list names a flagged movie again"));
                }
                run.push(entry(j, self.scores[at].wrapping_add(c)));
                at += 1;
                next = l + 1;
            }
            canonicalise(&mut run);
            let start = offsets[u as usize] as usize;
            for (k, (j, q)) in run.iter().map(|&e| parts(e)).enumerate() {
                neighbours[start + k] = j;
                scores[start + k] = q;
            }
            done[u as usize] = true;
            for (j, _) in run.iter().map(|&e| parts(e)) {
                if !done[j as usize] {
                    named_by[j as usize].push(u);
                }
            }
        }
        if gaps.next().is_some() {
            return Err(invalid("more labels than neighbours"));
        }
        if !bits_end(&self.flags, bits) {
            return Err(invalid("flags and lists disagree"));
        }
        Ok(NeighbourTable {
            model,
            k: self.k,
            max_score: self.max_score,
            counts: self.counts,
            neighbours,
            scores,
            offsets,
        })
    }
}

/// A later [`NeighbourTable`] as stored, relative to the first table (the
/// display tables are largely contained in the default one). `members`
/// holds one bit per entry of the first table, walked movie by movie in
/// its canonical order (least significant bit first): set when that
/// neighbour is in this table's list of the same movie. The rest of a list
/// follows in `neighbours` (catalogue indices). `scores` holds, per movie,
/// the members' scores in the first table's order, then the others' in
/// `neighbours` order; the decoder sorts each list back into canonical
/// order.
#[derive(Serialize, Deserialize)]
struct StoredTable {
    model: Model,
    k: u16,
    max_score: f32,
    counts: Vec<u16>,
    members: Vec<u8>,
    neighbours: Vec<u32>,
    scores: Vec<u8>,
}

impl StoredTable {
    /// `table` as stored after `base` (the first table, canonical).
    fn new(table: &NeighbourTable, base: &NeighbourTable) -> Self {
        let mut stored = StoredTable {
            model: table.model,
            k: table.k,
            max_score: table.max_score,
            counts: table.counts.clone(),
            members: Vec::new(),
            neighbours: Vec::new(),
            scores: Vec::with_capacity(table.scores.len()),
        };
        let mut bits = 0;
        for ((ns, qs), (in_base, _)) in table.runs().zip(base.runs()) {
            for j in in_base {
                let at = ns.iter().position(|n| n == j);
                push_bit(&mut stored.members, &mut bits, at.is_some());
                stored.scores.extend(at.map(|p| qs[p]));
            }
            for (j, &q) in ns.iter().zip(qs) {
                if !in_base.contains(j) {
                    stored.neighbours.push(*j);
                    stored.scores.push(q);
                }
            }
        }
        stored
    }

    /// The table back, resolving `members` against `base` (the first table,
    /// already restored); checks every length it relies on.
    fn restore(self, n_movies: usize, base: &NeighbourTable) -> Result<NeighbourTable, BlobError> {
        let model = self.model;
        let invalid = |msg: &str| BlobError::Invalid(format!("{model:?} table: {msg}"));
        if self.counts.len() != n_movies {
            return Err(invalid("counts and catalogue disagree"));
        }
        let offsets = offsets(&self.counts).ok_or_else(|| invalid("too many neighbours"))?;
        let total = offsets[n_movies] as usize;
        if self.scores.len() != total {
            return Err(invalid("scores and counts disagree"));
        }
        let mut spelled = self.neighbours.into_iter();
        let mut neighbours = Vec::with_capacity(total);
        let mut scores = self.scores;
        let mut run: Vec<u64> = Vec::new();
        let mut bits = 0;
        for (movie, (in_base, _)) in base.runs().enumerate() {
            let (start, end) = (offsets[movie] as usize, offsets[movie + 1] as usize);
            run.clear();
            for &j in in_base {
                if bit(&self.members, bits).ok_or_else(|| invalid("members end early"))? {
                    if start + run.len() == end {
                        return Err(invalid("more members than counted"));
                    }
                    run.push(entry(j, scores[start + run.len()]));
                }
                bits += 1;
            }
            while start + run.len() < end {
                let j = spelled
                    .next()
                    .ok_or_else(|| invalid("neighbours end early"))?;
                run.push(entry(j, scores[start + run.len()]));
            }
            canonicalise(&mut run);
            for (s, (j, q)) in scores[start..end]
                .iter_mut()
                .zip(run.iter().map(|&e| parts(e)))
            {
                neighbours.push(j);
                *s = q;
            }
        }
        if spelled.next().is_some() || !bits_end(&self.members, bits) {
            return Err(invalid("more neighbours or members than counted"));
        }
        Ok(NeighbourTable {
            model,
            k: self.k,
            max_score: self.max_score,
            counts: self.counts,
            neighbours,
            scores,
            offsets,
        })
    }
}

/// Appends `value` as bit number `*bits` of `bytes` (least significant
/// first) and counts it.
fn push_bit(bytes: &mut Vec<u8>, bits: &mut usize, value: bool) {
    if bits.is_multiple_of(8) {
        bytes.push(0);
    }
    if let Some(last) = bytes.last_mut() {
        *last |= u8::from(value) << (*bits % 8);
    }
    *bits += 1;
}

/// Bit number `at` of `bytes`, if there is one.
fn bit(bytes: &[u8], at: usize) -> Option<bool> {
    bytes.get(at / 8).map(|b| b >> (at % 8) & 1 == 1)
}

/// True when `bytes` holds exactly `bits` bits, the unused ones clear.
fn bits_end(bytes: &[u8], bits: usize) -> bool {
    bytes.len() == bits.div_ceil(8)
        && bytes
            .last()
            .is_none_or(|&b| bits.is_multiple_of(8) || b >> (bits % 8) == 0)
}

/// The catalogue as stored: one column per [`Movie`] field (columns of
/// alike values compress better than rows), `movie_id` as the difference
/// from the previous movie's (the catalogue is sorted by it; the first as
/// is), and the titles as one text, each ended by a line break (which no
/// title contains: [`Blob::validate`] refuses one).
#[derive(Serialize, Deserialize)]
struct StoredMovies {
    id_gaps: Vec<u32>,
    titles: String,
    years: Vec<Option<u16>>,
    genres: Vec<u32>,
    ratings: Vec<u32>,
    mean_rating_tenths: Vec<u8>,
    imdb_ids: Vec<Option<u32>>,
    tmdb_ids: Vec<Option<u32>>,
}

impl StoredMovies {
    fn new(movies: &[Movie]) -> Self {
        let mut prev = 0;
        StoredMovies {
            id_gaps: movies
                .iter()
                .map(|m| {
                    let gap = m.movie_id - prev;
                    prev = m.movie_id;
                    gap
                })
                .collect(),
            titles: movies.iter().flat_map(|m| [&m.title, "\n"]).collect(),
            years: movies.iter().map(|m| m.year).collect(),
            genres: movies.iter().map(|m| m.genres).collect(),
            ratings: movies.iter().map(|m| m.ratings).collect(),
            mean_rating_tenths: movies.iter().map(|m| m.mean_rating_tenths).collect(),
            imdb_ids: movies.iter().map(|m| m.imdb_id).collect(),
            tmdb_ids: movies.iter().map(|m| m.tmdb_id).collect(),
        }
    }

    fn restore(self) -> Result<Vec<Movie>, BlobError> {
        let n = self.id_gaps.len();
        let mut titles = Vec::with_capacity(n);
        let mut start = 0;
        for (i, b) in self.titles.bytes().enumerate() {
            if b == b'\n' {
                titles.extend(self.titles.get(start..i));
                start = i + 1;
            }
        }
        if start != self.titles.len()
            || [
                titles.len(),
                self.years.len(),
                self.genres.len(),
                self.ratings.len(),
                self.mean_rating_tenths.len(),
                self.imdb_ids.len(),
                self.tmdb_ids.len(),
            ]
            .iter()
            .any(|&len| len != n)
        {
            return Err(BlobError::Invalid("catalogue columns disagree".into()));
        }
        let mut movie_id = 0u32;
        let mut movies = Vec::with_capacity(n);
        for (i, title) in titles.into_iter().enumerate() {
            movie_id = movie_id
                .checked_add(self.id_gaps[i])
                .ok_or_else(|| BlobError::Invalid("a movieId beyond 2^32".into()))?;
            movies.push(Movie {
                movie_id,
                title: title.to_string(),
                year: self.years[i],
                genres: self.genres[i],
                ratings: self.ratings[i],
                mean_rating_tenths: self.mean_rating_tenths[i],
                imdb_id: self.imdb_ids[i],
                tmdb_id: self.tmdb_ids[i],
            });
        }
        Ok(movies)
    }
}

/// The payload: [`Blob`] with its catalogue and tables as stored.
#[derive(Serialize, Deserialize)]
struct StoredBlob {
    info: BuildInfo,
    genres: Vec<String>,
    movies: StoredMovies,
    first: StoredFirstTable,
    tables: Vec<StoredTable>,
    content: Option<ContentInfo>,
}

fn quantise(score: f32, max_score: f32) -> u8 {
    if max_score <= 0.0 || !score.is_finite() {
        return 0;
    }
    (score.max(0.0) / max_score * f32::from(SCORE_LEVELS)).round() as u8
}

/// Start of each run and the end of the last, or `None` past 2^32 entries.
fn offsets<C: Copy + Into<u32>>(counts: &[C]) -> Option<Vec<u32>> {
    let mut out = Vec::with_capacity(counts.len() + 1);
    let mut at = 0u32;
    out.push(0);
    for &c in counts {
        at = at.checked_add(c.into())?;
        out.push(at);
    }
    Some(out)
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
    /// Encodes the blob with its header (bytes ready to write to disk). The
    /// first table is stored in canonical order (see [`NeighbourTable`]);
    /// [`NeighbourTable::from_lists`] builds it so.
    pub fn encode(&self) -> Result<Vec<u8>, BlobError> {
        self.validate()?;
        let base = self.tables[0].canonical();
        let ratings: Vec<u32> = self.movies.iter().map(|m| m.ratings).collect();
        let stored = StoredBlob {
            info: self.info.clone(),
            genres: self.genres.clone(),
            movies: StoredMovies::new(&self.movies),
            first: StoredFirstTable::new(&base, &ratings),
            tables: self.tables[1..]
                .iter()
                .map(|t| StoredTable::new(t, &base))
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
        let movies = stored.movies.restore()?;
        let n = movies.len();
        let first = stored.first.restore(n)?;
        let mut tables = Vec::with_capacity(1 + stored.tables.len());
        for table in stored.tables {
            let restored = table.restore(n, &first)?;
            tables.push(restored);
        }
        tables.insert(0, first);
        let mut blob = Blob {
            info: stored.info,
            genres: stored.genres,
            movies,
            tables,
            content: stored.content,
        };
        blob.validate()?;
        if let Some(content) = &mut blob.content {
            content.offsets = offsets(&content.counts)
                .ok_or_else(|| BlobError::Invalid("too many content features".into()))?;
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
        if let Some(m) = self.movies.iter().find(|m| m.title.contains('\n')) {
            return invalid(format!(
                "the title of movieId {} has a line break",
                m.movie_id
            ));
        }
        if self.tables.is_empty() {
            return invalid("no neighbour table".into());
        }
        let n = self.movies.len();
        let mut named = vec![u32::MAX; n];
        for t in &self.tables {
            let total: u64 = t.counts.iter().map(|&c| u64::from(c)).sum();
            if t.counts.len() != n
                || t.neighbours.len() as u64 != total
                || t.scores.len() as u64 != total
            {
                return invalid(format!("{:?} table lengths disagree", t.model));
            }
            if let Some(&bad) = t.neighbours.iter().find(|&&i| i as usize >= n) {
                return invalid(format!("{:?} table refers to movie index {bad}", t.model));
            }
            named.fill(u32::MAX);
            for (movie, (ns, _)) in t.runs().enumerate() {
                for &j in ns {
                    if std::mem::replace(&mut named[j as usize], movie as u32) == movie as u32 {
                        return invalid(format!(
                            "{:?} table lists movie index {j} twice for movie index {movie}",
                            t.model
                        ));
                    }
                }
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
            let total: u64 = c.counts.iter().map(|&n| u64::from(n)).sum();
            if c.counts.len() != n || c.top_features.len() as u64 != total {
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

    fn movie(movie_id: u32, ratings: u32) -> Movie {
        Movie {
            movie_id,
            title: format!("Movie {movie_id}"),
            year: (!movie_id.is_multiple_of(3)).then_some(1900 + (movie_id % 120) as u16),
            genres: movie_id % 7,
            ratings,
            mean_rating_tenths: (movie_id % 51) as u8,
            imdb_id: (!movie_id.is_multiple_of(5)).then_some(movie_id * 31),
            tmdb_id: (!movie_id.is_multiple_of(4)).then_some(movie_id * 17),
        }
    }

    fn blob_of(movies: Vec<Movie>, tables: Vec<NeighbourTable>) -> Blob {
        Blob {
            info: BuildInfo {
                dataset: "test".into(),
                ratings: 1,
                users: 1,
                generator: "test".into(),
                recommender: "test".into(),
                recall_at_20: None,
            },
            genres: vec!["A".into(), "B".into(), "C".into()],
            movies,
            tables,
            content: None,
        }
    }

    /// A small deterministic generator (xorshift) for the larger cases.
    fn rng(seed: u64) -> impl FnMut(u32) -> u32 {
        let mut x = seed.max(1);
        move |bound| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % u64::from(bound)) as u32
        }
    }

    #[test]
    fn canonicalise_sorts_like_the_standard_library() {
        let mut r = rng(7);
        for len in [0, 1, 2, 3, 4, 5, 13, 14, 50, 200, 1000] {
            let pairs: Vec<(u32, u8)> = (0..len).map(|_| (r(100), r(4) as u8)).collect();
            let mut expected = pairs.clone();
            expected.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let mut run: Vec<u64> = pairs.iter().map(|&(j, q)| entry(j, q)).collect();
            canonicalise(&mut run);
            let got: Vec<(u32, u8)> = run.iter().map(|&e| parts(e)).collect();
            assert_eq!(got, expected, "{len} entries");
            assert!(pairs.iter().all(|&(j, q)| parts(entry(j, q)) == (j, q)));
        }
    }

    #[test]
    fn from_lists_orders_ties_by_index() {
        // 0.5 and 0.502 quantise to the same byte against 1.0.
        let t = NeighbourTable::from_lists(
            Model::Hybrid,
            4,
            &[vec![(3, 0.5), (1, 1.0), (2, 0.502), (0, 0.1)]],
        );
        assert_eq!(t.neighbours, [1, 2, 3, 0]);
        assert_eq!(t.scores[1], t.scores[2]);
        assert_eq!(t.list(0).map(|(i, _)| i).collect::<Vec<_>>(), [1, 2, 3, 0]);
    }

    #[test]
    fn the_first_table_is_stored_by_label_with_mutual_flags() {
        let base = base();
        let stored = StoredFirstTable::new(&base, &[10, 5, 1]);
        // The walk starts at the least rated movie 2, reaches 0 (which
        // names 2), then 1: labels 2 → 0, 0 → 1, 1 → 2.
        assert_eq!(stored.order, [2, 0, 1]);
        // Movie 0 names labels 0 (movie 2) and 2 (movie 1); movie 1, asked
        // whether it names 0 back, does: one set flag and nothing else.
        assert_eq!(stored.gaps, [0, 1]);
        assert_eq!(stored.flags, [1]);
        // Scores relative to each list's median: movie 0 lists 255 and
        // 142 (median 142), movie 1 lists 255.
        assert_eq!(stored.centres, [142, 255, 0]);
        assert_eq!(stored.scores, [0, 113, 0]);
        assert_eq!(stored.restore(3).unwrap(), base);
    }

    #[test]
    fn a_corrupt_first_table_is_an_error_not_a_panic() {
        let base = base();
        let broken = |edit: &dyn Fn(&mut StoredFirstTable)| {
            let mut s = StoredFirstTable::new(&base, &[10, 5, 1]);
            edit(&mut s);
            s.restore(3)
        };
        type Edit = fn(&mut StoredFirstTable);
        let cases: Vec<(&str, Edit)> = vec![
            ("not a permutation", |s| s.order = vec![2, 0, 0]),
            ("not a permutation", |s| s.order = vec![2, 0, 3]),
            ("order and catalogue", |s| s.order = vec![2, 0]),
            ("order and catalogue", |s| s.order = vec![2, 0, 1, 0, 0, 0]),
            ("out of range", |s| s.gaps = vec![0, u32::MAX]),
            ("out of range", |s| s.gaps = vec![0, 5]),
            ("missing", |s| s.gaps = vec![0]),
            ("more labels", |s| s.gaps = vec![0, 1, 0]),
            // Movie 1 declines the flag, then names movie 0 (label 1) anyway.
            ("flagged movie again", |s| {
                s.flags = vec![0];
                s.gaps = vec![0, 1, 1];
            }),
            ("flags end early", |s| s.flags.clear()),
            ("flags and lists", |s| s.flags.push(0)),
            ("flags and lists", |s| s.flags = vec![0b11]),
            ("more neighbours flagged", |s| {
                s.counts[1] = 0;
                s.scores.pop();
            }),
            ("scores and counts", |s| s.scores.push(0)),
            ("scores and counts", |s| {
                s.centres.pop();
            }),
            ("counts and catalogue", |s| s.counts.push(0)),
            ("scores and counts", |s| s.counts = vec![u16::MAX; 3]),
        ];
        assert!(offsets(&vec![u16::MAX; 65_538]).is_none(), "past 2^32");
        for (what, edit) in cases {
            match broken(&edit) {
                Err(BlobError::Invalid(m)) if m.contains(what) => {}
                other => panic!("{what}: {other:?}"),
            }
        }
        assert!(broken(&|_| ()).is_ok());
    }

    #[test]
    fn blobs_round_trip_exactly_with_ties_self_references_and_wide_labels() {
        // 300 movies (labels take two bytes), neighbours mostly nearby so
        // that many are mutual, scores from a few levels so that ties are
        // common, the odd self reference and empty list.
        for seed in 1..4 {
            let mut r = rng(seed);
            let n = 300u32;
            let movies: Vec<Movie> = (0..n).map(|i| movie(1 + 3 * i + i % 2, r(50))).collect();
            let lists = |r: &mut dyn FnMut(u32) -> u32, k: u32| -> Vec<Vec<(u32, f32)>> {
                (0..n)
                    .map(|i| {
                        let mut l: Vec<(u32, f32)> = Vec::new();
                        for _ in 0..r(k + 1) {
                            let j = if r(4) == 0 {
                                r(n)
                            } else {
                                (i + n + r(21) - 10) % n
                            };
                            if !l.iter().any(|&(x, _)| x == j) {
                                l.push((j, r(6) as f32 * 0.2));
                            }
                        }
                        l
                    })
                    .collect()
            };
            let first = lists(&mut r, 12);
            let mut second = lists(&mut r, 6);
            // Many later neighbours are in the first table, as in real data.
            for (l, f) in second.iter_mut().zip(&first) {
                for &(j, s) in f.iter().take(3) {
                    if !l.iter().any(|&(x, _)| x == j) {
                        l.push((j, s * 0.5));
                    }
                }
            }
            let blob = blob_of(
                movies,
                vec![
                    NeighbourTable::from_lists(Model::Hybrid, 12, &first),
                    NeighbourTable::from_lists(Model::Content, 9, &second),
                ],
            );
            let bytes = blob.encode().unwrap();
            let back = Blob::decode(&bytes).unwrap();
            assert_eq!(back, blob, "seed {seed}");
            assert_eq!(back.encode().unwrap(), bytes);
        }
    }

    #[test]
    fn a_first_table_out_of_canonical_order_is_stored_canonically() {
        let mut blob = blob_of(
            vec![movie(1, 3), movie(2, 2), movie(3, 1)],
            vec![
                NeighbourTable::from_lists(
                    Model::Hybrid,
                    3,
                    &[vec![(1, 0.9), (2, 0.5)], vec![(0, 0.9)], vec![]],
                ),
                NeighbourTable::from_lists(Model::Content, 2, &[vec![(2, 0.4)], vec![], vec![]]),
            ],
        );
        let canonical = blob.clone();
        // Swapped by hand: 2 before 1. The content table's reference to
        // movie 2 must still resolve to 2.
        blob.tables[0].neighbours.swap(0, 1);
        blob.tables[0].scores.swap(0, 1);
        let back = Blob::decode(&blob.encode().unwrap()).unwrap();
        assert_eq!(back, canonical);
    }

    #[test]
    fn a_neighbour_listed_twice_is_refused() {
        let mut blob = blob_of(
            vec![movie(1, 3), movie(2, 2), movie(3, 1)],
            vec![NeighbourTable::from_lists(
                Model::Hybrid,
                3,
                &[vec![(1, 0.9), (2, 0.5)], vec![(0, 0.9)], vec![]],
            )],
        );
        blob.tables[0].neighbours[1] = 1;
        let err = blob.encode().unwrap_err();
        assert!(err.to_string().contains("twice"), "{err}");
    }

    #[test]
    fn the_catalogue_is_stored_by_column_with_id_gaps() {
        let movies = vec![movie(1, 3), movie(5, 2), movie(12, 1)];
        let stored = StoredMovies::new(&movies);
        assert_eq!(stored.id_gaps, [1, 4, 7]);
        assert_eq!(stored.restore().unwrap(), movies);
        let mut s = StoredMovies::new(&movies);
        s.id_gaps[2] = u32::MAX;
        assert!(matches!(s.restore(), Err(BlobError::Invalid(_))));
        let mut s = StoredMovies::new(&movies);
        s.tmdb_ids.pop();
        assert!(matches!(s.restore(), Err(BlobError::Invalid(_))));
        let mut s = StoredMovies::new(&movies);
        s.titles.pop();
        assert!(matches!(s.restore(), Err(BlobError::Invalid(_))), "unended");
        let mut s = StoredMovies::new(&movies);
        s.titles.push('\n');
        assert!(
            matches!(s.restore(), Err(BlobError::Invalid(_))),
            "one too many"
        );
        let empty = StoredMovies::new(&[]);
        assert!(empty.titles.is_empty() && empty.restore().unwrap().is_empty());
        let blank = vec![Movie {
            title: String::new(),
            ..movie(1, 1)
        }];
        assert_eq!(StoredMovies::new(&blank).restore().unwrap(), blank);
        // A zero gap repeats an id: decoding refuses the unsorted catalogue.
        let mut blob = blob_of(
            movies.clone(),
            vec![NeighbourTable::from_lists(
                Model::Hybrid,
                1,
                &[vec![], vec![], vec![]],
            )],
        );
        blob.movies[1].movie_id = 1;
        assert!(matches!(blob.encode(), Err(BlobError::Invalid(_))));
        blob.movies[1].movie_id = 5;
        blob.movies[1].title = "Two\nlines".into();
        let err = blob.encode().unwrap_err();
        assert!(err.to_string().contains("line break"), "{err}");
    }

    #[test]
    fn later_tables_mark_members_of_the_first_and_spell_out_the_rest() {
        let base = base();
        let other = NeighbourTable::from_lists(
            Model::Content,
            2,
            &[vec![(2, 0.4), (1, 0.2)], vec![(2, 0.7)], vec![(0, 0.3)]],
        );
        let stored = StoredTable::new(&other, &base);
        // Movie 0: both base neighbours (1, 2) are members; movie 1: its
        // base neighbour 0 is not, 2 is spelled out; movie 2 has no base
        // list, 0 is spelled out.
        assert_eq!(stored.members, [0b011]);
        assert_eq!(stored.neighbours, [2, 0]);
        // Members' scores in the base order (1 then 2), then the others'.
        assert_eq!(stored.scores, [73, 146, 255, 109]);
        assert_eq!(stored.restore(3, &base).unwrap(), other);
    }

    #[test]
    fn broken_later_tables_are_errors_not_panics() {
        let base = base();
        let other = NeighbourTable::from_lists(
            Model::Content,
            2,
            &[vec![(2, 0.4), (1, 0.2)], vec![(2, 0.7)], vec![(0, 0.3)]],
        );
        let broken = |edit: &dyn Fn(&mut StoredTable)| {
            let mut s = StoredTable::new(&other, &base);
            edit(&mut s);
            s.restore(3, &base)
        };
        type Edit = fn(&mut StoredTable);
        let cases: Vec<(&str, Edit)> = vec![
            ("members end early", |s| s.members.clear()),
            ("more members than counted", |s| s.counts = vec![1, 1, 2]),
            ("neighbours end early", |s| {
                s.neighbours.pop();
            }),
            ("more neighbours or members", |s| s.neighbours.push(2)),
            ("more neighbours or members", |s| s.members.push(0)),
            ("more neighbours or members", |s| s.members = vec![0b1011]),
            ("scores and counts", |s| s.scores.push(0)),
            ("counts and catalogue", |s| {
                s.counts.pop();
            }),
        ];
        for (what, edit) in cases {
            match broken(&edit) {
                Err(BlobError::Invalid(m)) if m.contains(what) => {}
                other => panic!("{what}: {other:?}"),
            }
        }
        assert!(broken(&|_| ()).is_ok());
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
