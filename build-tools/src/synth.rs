//! `build-tools synth`: synthetic MovieLens-format data (`movies.csv`,
//! `ratings.csv`, `links.csv`) of any size, for benchmarks and tests.
//!
//! Real data sets large enough to test scale (ML-25M: 25 M ratings, 162 k
//! users, 62 k movies) cannot be bundled, and uniform random data would be
//! the wrong benchmark: its cost and its neighbours look nothing like real
//! ratings. So the generator reproduces the shape that matters:
//! - **heavy-tailed item popularity**: every movie gets a popularity rank
//!   (a seeded shuffle) and the weight `(rank + 25)^-1.4`, so a few movies
//!   are rated by a large share of users and most by few;
//! - **heavy-tailed user activity**: ratings per user are log-normal
//!   (σ = 1.2) above a floor of 20 (as MovieLens keeps only users with 20 or
//!   more ratings, when the requested mean allows), scaled so the total is
//!   exactly the requested count and capped at half the catalogue;
//! - **latent tastes**: the 19 MovieLens genres are the latent factors.
//!   Every movie has one to three genres; every user favours one to three
//!   genres with random weights. A user picks most movies by first picking
//!   one of their genres, then a movie of that genre by popularity (the
//!   rest by popularity alone), and rates a movie higher the more its genres
//!   match their taste (plus user and movie biases and noise). Movies of the
//!   same genre therefore share raters and ratings, and item-item
//!   neighbours are meaningful (mostly same-genre).
//!
//! Output is deterministic for a seed, whatever the number of threads: the
//! catalogue comes from one ChaCha stream and each user from their own
//! stream. `ratings.csv` is written in MovieLens order (by userId, then
//! movieId) in batches of users generated in parallel, so memory stays
//! bounded (a few MB per batch) however many rows are asked for. Lines end
//! with LF.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context, Result};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, LogNormal, Normal};
use rayon::prelude::*;

use crate::progress;

/// The genres of MovieLens, with rough relative frequencies in its catalogue.
pub const GENRES: [(&str, f64); 19] = [
    ("Drama", 25.0),
    ("Comedy", 16.0),
    ("Thriller", 8.0),
    ("Romance", 7.0),
    ("Action", 7.0),
    ("Horror", 5.0),
    ("Documentary", 5.0),
    ("Crime", 5.0),
    ("Adventure", 4.0),
    ("Sci-Fi", 3.5),
    ("Children", 2.5),
    ("Animation", 2.5),
    ("Mystery", 2.5),
    ("Fantasy", 2.5),
    ("War", 1.5),
    ("Western", 1.0),
    ("Musical", 1.0),
    ("Film-Noir", 0.4),
    ("IMAX", 0.3),
];

/// Popularity weight of the movie with popularity rank `r` (0 = most
/// popular): `(r + POPULARITY_OFFSET)^-POPULARITY_EXPONENT`.
const POPULARITY_EXPONENT: f64 = 1.4;
const POPULARITY_OFFSET: f64 = 25.0;
/// Spread (σ of the underlying normal) of ratings per user.
const ACTIVITY_SIGMA: f64 = 1.2;
/// MovieLens keeps users with at least this many ratings.
const MIN_USER_RATINGS: u64 = 20;
/// Share of a user's picks made by popularity alone (not through a genre).
const POPULARITY_PICKS: f64 = 0.25;
/// Users generated per parallel batch.
const BATCH_USERS: usize = 2048;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthArgs {
    /// Folder to write `movies.csv`, `ratings.csv` and `links.csv` into
    /// (created if missing; existing files are replaced).
    pub out: PathBuf,
    /// Number of ratings (rows of `ratings.csv`), exactly.
    pub ratings: u64,
    /// Number of movies (rows of `movies.csv`).
    pub movies: u32,
    /// Number of users; every user gets at least one rating.
    pub users: u32,
    /// Seed: the same seed and sizes give byte-identical files.
    pub seed: u64,
}

/// What was written, with a few figures of the data's shape.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthReport {
    /// Rows of `ratings.csv`.
    pub ratings: u64,
    /// Rows of `movies.csv`.
    pub movies: u32,
    /// Distinct users.
    pub users: u32,
    /// Ratings of the most rated movie.
    pub top_movie_ratings: u32,
    /// Median ratings per movie (rated or not).
    pub median_movie_ratings: u32,
    /// Movies nobody rated.
    pub unrated_movies: u32,
    /// Ratings of the most active user.
    pub max_user_ratings: u64,
    /// Median ratings per user.
    pub median_user_ratings: u64,
    /// Σ over users of ratings², the number of multiply-adds of a sparse
    /// item-item similarity (the CF stage's work).
    pub pair_work: u128,
    /// Bytes written, all three files together.
    pub bytes: u64,
    /// Wall time.
    pub elapsed: Duration,
}

impl SynthReport {
    /// A few lines for the terminal.
    pub fn summary(&self, out: &Path) -> String {
        format!(
            "wrote {} ({} MB) in {:.1} s\n  \
             ratings     {} by {} users (median {}, max {} per user)\n  \
             movies      {} (top movie {} ratings, median {}, {} unrated)\n  \
             CF work     {:.2e} multiply-adds (Σ ratings² per user)\n",
            out.display(),
            self.bytes / 1_000_000,
            self.elapsed.as_secs_f64(),
            self.ratings,
            self.users,
            self.median_user_ratings,
            self.max_user_ratings,
            self.movies,
            self.top_movie_ratings,
            self.median_movie_ratings,
            self.unrated_movies,
            self.pair_work as f64,
        )
    }
}

/// One synthetic movie.
struct Movie {
    id: u32,
    /// Indices into [`GENRES`].
    genres: Vec<u8>,
    /// Quality bias in stars.
    bias: f32,
}

/// Everything users sample from: the catalogue and cumulative popularity
/// weights, overall and per genre.
struct Catalogue {
    movies: Vec<Movie>,
    /// Cumulative popularity weight over all movies (index order).
    all_cdf: Vec<f64>,
    /// Per genre: its movies (indices, ascending) and their cumulative weights.
    by_genre: Vec<(Vec<u32>, Vec<f64>)>,
}

/// Generates the three files. See the module docs for the model.
pub fn run_synth(args: &SynthArgs) -> Result<SynthReport> {
    let started = Instant::now();
    ensure!(args.movies >= 1, "--movies must be at least 1");
    ensure!(args.users >= 1, "--users must be at least 1");
    let cap = u64::from(args.movies.div_ceil(2));
    if args.ratings < u64::from(args.users) {
        bail!(
            "{} ratings cannot cover {} users (every user rates at least one movie)",
            args.ratings,
            args.users
        );
    }
    if args.ratings > cap * u64::from(args.users) {
        bail!(
            "{} ratings are too many for {} users and {} movies (a user rates at most half \
             the catalogue, {cap} movies)",
            args.ratings,
            args.users,
            args.movies
        );
    }
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;

    let mut rng = ChaCha8Rng::seed_from_u64(args.seed);
    let catalogue = make_catalogue(args.movies, &mut rng);
    let activity = user_activity(args.ratings, args.users, cap, &mut rng);

    let mut bytes = write_movies(&args.out.join("movies.csv"), &catalogue.movies, &mut rng)?;
    bytes += write_links(&args.out.join("links.csv"), &catalogue.movies, &mut rng)?;
    let (rating_bytes, counts) = write_ratings(
        &args.out.join("ratings.csv"),
        &catalogue,
        &activity,
        args.seed,
    )?;
    bytes += rating_bytes;

    let mut sorted_counts = counts.clone();
    sorted_counts.sort_unstable();
    let mut sorted_activity = activity.clone();
    sorted_activity.sort_unstable();
    Ok(SynthReport {
        ratings: args.ratings,
        movies: args.movies,
        users: args.users,
        top_movie_ratings: sorted_counts.last().copied().unwrap_or(0),
        median_movie_ratings: sorted_counts[sorted_counts.len() / 2],
        unrated_movies: counts.iter().filter(|&&c| c == 0).count() as u32,
        max_user_ratings: sorted_activity.last().copied().unwrap_or(0),
        median_user_ratings: sorted_activity[sorted_activity.len() / 2],
        pair_work: activity
            .iter()
            .map(|&n| u128::from(n) * u128::from(n))
            .sum(),
        bytes,
        elapsed: started.elapsed(),
    })
}

/// Movie ids (ascending, with gaps like MovieLens), genres, biases and
/// popularity tables.
fn make_catalogue(n: u32, rng: &mut ChaCha8Rng) -> Catalogue {
    let genre_total: f64 = GENRES.iter().map(|g| g.1).sum();
    let bias = Normal::new(0.0f32, 0.4).expect("valid normal");
    let mut id = 0u32;
    let movies: Vec<Movie> = (0..n)
        .map(|_| {
            id += if rng.random_bool(0.2) {
                rng.random_range(2..40)
            } else {
                1
            };
            let count = match rng.random::<f64>() {
                x if x < 0.01 => 0,
                x if x < 0.45 => 1,
                x if x < 0.80 => 2,
                _ => 3,
            };
            let mut genres: Vec<u8> = Vec::with_capacity(count);
            while genres.len() < count {
                let mut x = rng.random::<f64>() * genre_total;
                let g = GENRES
                    .iter()
                    .position(|&(_, w)| {
                        x -= w;
                        x < 0.0
                    })
                    .unwrap_or(0) as u8;
                if !genres.contains(&g) {
                    genres.push(g);
                }
            }
            genres.sort_unstable();
            Movie {
                id,
                genres,
                bias: bias.sample(rng),
            }
        })
        .collect();

    // Popularity rank: a shuffle, so popularity is unrelated to id.
    let mut rank: Vec<u32> = (0..n).collect();
    rank.shuffle(rng);
    let weight = |i: usize| (f64::from(rank[i]) + POPULARITY_OFFSET).powf(-POPULARITY_EXPONENT);
    let mut acc = 0.0;
    let all_cdf = (0..n as usize)
        .map(|i| {
            acc += weight(i);
            acc
        })
        .collect();
    let mut by_genre: Vec<(Vec<u32>, Vec<f64>)> = vec![(Vec::new(), Vec::new()); GENRES.len()];
    for (i, m) in movies.iter().enumerate() {
        for &g in &m.genres {
            let (ids, cdf) = &mut by_genre[usize::from(g)];
            let prev = cdf.last().copied().unwrap_or(0.0);
            ids.push(i as u32);
            cdf.push(prev + weight(i));
        }
    }
    Catalogue {
        movies,
        all_cdf,
        by_genre,
    }
}

/// Ratings per user: log-normal above a floor, at most `cap`, summing to
/// exactly `total` (the caller checked `users ≤ total ≤ users · cap`).
fn user_activity(total: u64, users: u32, cap: u64, rng: &mut ChaCha8Rng) -> Vec<u64> {
    let n = users as usize;
    let mean = total as f64 / n as f64;
    let floor = MIN_USER_RATINGS.min((mean / 2.0) as u64).max(1);
    let dist = LogNormal::new(0.0, ACTIVITY_SIGMA).expect("valid log-normal");
    let draws: Vec<f64> = (0..n).map(|_| dist.sample(rng)).collect();
    // Real-valued targets floor + s·x, with s chosen so that the capped
    // targets sum to `total` (found by bisection: the sum grows with s).
    let capped_sum = |s: f64| -> f64 {
        draws
            .iter()
            .map(|&x| (floor as f64 + s * x).min(cap as f64))
            .sum()
    };
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    while capped_sum(hi) < total as f64 && hi < 1e18 {
        hi *= 2.0;
    }
    for _ in 0..200 {
        let mid = (lo + hi) / 2.0;
        if capped_sum(mid) < total as f64 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let targets: Vec<f64> = draws
        .iter()
        .map(|&x| (floor as f64 + hi * x).min(cap as f64))
        .collect();
    let mut counts: Vec<u64> = targets.iter().map(|&t| (t.floor() as u64).max(1)).collect();
    // Hand out (or take back) the rounding difference, largest fractions
    // first, never past the cap or below one.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        let fa = targets[a] - targets[a].floor();
        let fb = targets[b] - targets[b].floor();
        fb.total_cmp(&fa).then(a.cmp(&b))
    });
    let mut sum: u64 = counts.iter().sum();
    while sum != total {
        let before = sum;
        for &u in &order {
            if sum < total && counts[u] < cap {
                counts[u] += 1;
                sum += 1;
            } else if sum > total && counts[u] > 1 {
                counts[u] -= 1;
                sum -= 1;
            }
            if sum == total {
                break;
            }
        }
        assert_ne!(before, sum, "the sizes were checked to be feasible");
    }
    counts
}

/// Index of the first cumulative weight above `x` (a weighted pick).
fn pick(cdf: &[f64], x: f64) -> usize {
    cdf.partition_point(|&c| c <= x).min(cdf.len() - 1)
}

const TITLE_ADJECTIVES: [&str; 24] = [
    "Silent", "Crimson", "Last", "Hidden", "Broken", "Golden", "Dark", "Lonely", "Wild", "Lost",
    "Burning", "Frozen", "Electric", "Secret", "Midnight", "Endless", "Little", "Savage", "Quiet",
    "Fallen", "Restless", "Distant", "Bitter", "Brave",
];
const TITLE_NOUNS: [&str; 24] = [
    "River", "Harbor", "Kingdom", "Summer", "Stranger", "Road", "Garden", "Empire", "Island",
    "Promise", "Witness", "Shadow", "Horizon", "Letter", "Station", "Circus", "Voyage", "Orchard",
    "Frontier", "Machine", "Tide", "Country", "Signal", "Dream",
];

fn write_movies(path: &Path, movies: &[Movie], rng: &mut ChaCha8Rng) -> Result<u64> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_path(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    w.write_record(["movieId", "title", "genres"])?;
    for (i, m) in movies.iter().enumerate() {
        let adjective = TITLE_ADJECTIVES[rng.random_range(0..TITLE_ADJECTIVES.len())];
        let noun = TITLE_NOUNS[rng.random_range(0..TITLE_NOUNS.len())];
        // Recent years are more common, as in MovieLens.
        let year = 2023 - (rng.random::<f64>().powi(2) * 100.0) as u32;
        // Some titles library-style ("Harbor, The"), some numbered sequels,
        // every one unique through its catalogue number.
        let title = match rng.random_range(0..10) {
            0 => format!("{noun} {}, The ({year})", i + 1),
            1 => format!(
                "{adjective} {noun} {} {} ({year})",
                i + 1,
                rng.random_range(2..5)
            ),
            _ => format!("{adjective} {noun} {} ({year})", i + 1),
        };
        let genres = if m.genres.is_empty() {
            crate::clean::NO_GENRES.to_string()
        } else {
            m.genres
                .iter()
                .map(|&g| GENRES[usize::from(g)].0)
                .collect::<Vec<_>>()
                .join("|")
        };
        w.write_record([m.id.to_string(), title, genres])?;
    }
    w.flush()
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(std::fs::metadata(path)?.len())
}

fn write_links(path: &Path, movies: &[Movie], rng: &mut ChaCha8Rng) -> Result<u64> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_path(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    w.write_record(["movieId", "imdbId", "tmdbId"])?;
    for m in movies {
        let imdb = format!("{:07}", 100_000 + m.id * 7);
        // About 1 % of MovieLens links have no TMDB id.
        let tmdb = if rng.random_bool(0.01) {
            String::new()
        } else {
            (m.id * 3 + 11).to_string()
        };
        w.write_record([m.id.to_string(), imdb, tmdb])?;
    }
    w.flush()
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(std::fs::metadata(path)?.len())
}

/// Writes `ratings.csv` user by user; returns its size and the number of
/// ratings per movie.
fn write_ratings(
    path: &Path,
    catalogue: &Catalogue,
    activity: &[u64],
    seed: u64,
) -> Result<(u64, Vec<u32>)> {
    let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    out.write_all(b"userId,movieId,rating,timestamp\n")?;
    let mut counts = vec![0u32; catalogue.movies.len()];
    let bar = progress::bar("ratings.csv", activity.len() as u64, progress::Unit::Items);
    for (batch, chunk) in activity.chunks(BATCH_USERS).enumerate() {
        let first = batch * BATCH_USERS;
        let parts: Vec<(Vec<u8>, Vec<u32>)> = chunk
            .par_iter()
            .enumerate()
            .map_init(
                || vec![false; catalogue.movies.len()],
                |taken, (offset, &n)| user_ratings(catalogue, first + offset, n, seed, taken),
            )
            .collect();
        for (text, picked) in parts {
            out.write_all(&text)
                .with_context(|| format!("cannot write {}", path.display()))?;
            for m in picked {
                counts[m as usize] += 1;
            }
        }
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    out.flush()
        .with_context(|| format!("cannot write {}", path.display()))?;
    drop(out);
    Ok((std::fs::metadata(path)?.len(), counts))
}

/// The `ratings.csv` lines of user number `index` (userId `index + 1`), who
/// rates `n` distinct movies; also the movies picked. `taken` is all false
/// on entry and on return.
fn user_ratings(
    cat: &Catalogue,
    index: usize,
    n: u64,
    seed: u64,
    taken: &mut [bool],
) -> (Vec<u8>, Vec<u32>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(index as u64 + 1);
    let n_movies = cat.movies.len();
    let n = n as usize;

    // Taste: one to three favourite genres with random weights (sum 1).
    let n_fav = rng.random_range(1..=3);
    let mut taste = [0.0f64; GENRES.len()];
    let mut total = 0.0;
    for _ in 0..n_fav {
        let g = rng.random_range(0..GENRES.len());
        let w = 0.2 + rng.random::<f64>();
        taste[g] += w;
        total += w;
    }
    taste.iter_mut().for_each(|t| *t /= total);
    let mut taste_cdf = [0.0f64; GENRES.len()];
    let mut acc = 0.0;
    for (c, t) in taste_cdf.iter_mut().zip(taste) {
        acc += t;
        *c = acc;
    }
    let user_bias = Normal::new(0.0f64, 0.35)
        .expect("valid normal")
        .sample(&mut rng);
    let noise = Normal::new(0.0f64, 0.8).expect("valid normal");

    // Distinct movies: weighted picks, rejecting repeats; a user who has
    // taken most of what the weights favour falls back to the next free
    // movie after a random one, so this always ends.
    let mut picked: Vec<u32> = Vec::with_capacity(n);
    let mut misses = 0usize;
    while picked.len() < n {
        let m = if misses > 64 + 4 * n {
            let start = rng.random_range(0..n_movies);
            (0..n_movies)
                .map(|k| (start + k) % n_movies)
                .find(|&i| !taken[i])
                .expect("fewer picks than movies")
        } else if rng.random_bool(POPULARITY_PICKS) {
            let x = rng.random::<f64>() * cat.all_cdf[n_movies - 1];
            pick(&cat.all_cdf, x)
        } else {
            let g = pick(
                &taste_cdf,
                rng.random::<f64>() * taste_cdf[GENRES.len() - 1],
            );
            let (ids, cdf) = &cat.by_genre[g];
            if ids.is_empty() {
                misses += 1;
                continue;
            }
            let x = rng.random::<f64>() * cdf[cdf.len() - 1];
            ids[pick(cdf, x)] as usize
        };
        if taken[m] {
            misses += 1;
            continue;
        }
        taken[m] = true;
        picked.push(m as u32);
    }
    picked.sort_unstable();

    let user_id = index as u64 + 1;
    let mut time: u64 = rng.random_range(789_652_009..1_570_000_000);
    let mut text = Vec::with_capacity(n * 24);
    let mut ints = itoa::Buffer::new();
    for &m in &picked {
        taken[m as usize] = false;
        let movie = &cat.movies[m as usize];
        let affinity: f64 = movie.genres.iter().map(|&g| taste[usize::from(g)]).sum();
        let stars = 3.2
            + user_bias
            + f64::from(movie.bias)
            + 1.6 * (affinity - 0.25)
            + noise.sample(&mut rng);
        // Half stars from 0.5 to 5.0, as tenths: 5 ..= 50 in steps of 5.
        let tenths = ((stars * 2.0).round().clamp(1.0, 10.0) as u32) * 5;
        time += rng.random_range(5..5_000);
        text.extend_from_slice(ints.format(user_id).as_bytes());
        text.push(b',');
        text.extend_from_slice(ints.format(movie.id).as_bytes());
        text.push(b',');
        text.extend_from_slice(ints.format(tenths / 10).as_bytes());
        text.push(b'.');
        text.push(b'0' + (tenths % 10) as u8);
        text.push(b',');
        text.extend_from_slice(ints.format(time).as_bytes());
        text.push(b'\n');
    }
    (text, picked)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(dir: &Path, seed: u64) -> SynthArgs {
        SynthArgs {
            out: dir.to_path_buf(),
            ratings: 5_000,
            movies: 300,
            users: 100,
            seed,
        }
    }

    #[test]
    fn activity_sums_exactly_with_a_heavy_tail() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let counts = user_activity(1_000_000, 6_000, 5_000, &mut rng);
        assert_eq!(counts.iter().sum::<u64>(), 1_000_000);
        assert!(counts.iter().all(|&c| (20..=5_000).contains(&c)));
        let mut sorted = counts.clone();
        sorted.sort_unstable();
        let median = sorted[sorted.len() / 2];
        let max = *sorted.last().unwrap();
        // Mean 166; a log-normal tail puts the median well below the mean
        // and the most active user far above it.
        assert!(median < 140, "median {median}");
        assert!(max > 1_500, "max {max}");
    }

    #[test]
    fn activity_respects_the_cap_and_the_floor_of_one() {
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let counts = user_activity(50, 50, 3, &mut rng);
        assert!(counts.iter().all(|&c| c == 1));
        let counts = user_activity(150, 50, 3, &mut rng);
        assert!(counts.iter().all(|&c| c == 3));
    }

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        let (a, b, c) = (
            tempfile::tempdir().unwrap(),
            tempfile::tempdir().unwrap(),
            tempfile::tempdir().unwrap(),
        );
        run_synth(&args(a.path(), 7)).unwrap();
        // Determinism must not depend on the thread count.
        rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| run_synth(&args(b.path(), 7)).unwrap());
        run_synth(&args(c.path(), 8)).unwrap();
        for name in ["movies.csv", "ratings.csv", "links.csv"] {
            let read = |d: &tempfile::TempDir| std::fs::read(d.path().join(name)).unwrap();
            assert_eq!(read(&a), read(&b), "{name}");
        }
        let ratings = |d: &tempfile::TempDir| std::fs::read(d.path().join("ratings.csv")).unwrap();
        assert_ne!(ratings(&a), ratings(&c));
    }

    #[test]
    fn files_load_and_have_the_requested_size() {
        let dir = tempfile::tempdir().unwrap();
        let report = run_synth(&args(dir.path(), 3)).unwrap();
        let data = crate::ingest::load(dir.path()).unwrap();
        assert_eq!(data.movies.len(), 300);
        assert_eq!(data.ratings.len(), 5_000);
        assert_eq!(data.stats.ratings_unknown_movie, 0);
        assert_eq!(data.stats.movies_without_link, 0);
        let m = crate::ratings::RatingMatrix::from_triples(300, data.ratings);
        assert_eq!(m.n_users(), 100);
        assert_eq!(m.duplicates_dropped(), 0, "each user rates a movie once");
        assert_eq!(report.ratings, 5_000);
        assert!(report.top_movie_ratings > 4 * report.median_movie_ratings.max(1));
        let max_user = (0..100).map(|u| m.user(u).len()).max().unwrap();
        assert_eq!(max_user as u64, report.max_user_ratings);
    }

    #[test]
    fn neighbours_share_genres() {
        // With latent genre tastes, a movie's best rating neighbour shares a
        // genre with it far more often than two random movies do.
        let dir = tempfile::tempdir().unwrap();
        let a = SynthArgs {
            out: dir.path().to_path_buf(),
            ratings: 60_000,
            movies: 400,
            users: 600,
            seed: 11,
        };
        run_synth(&a).unwrap();
        let data = crate::ingest::load(dir.path()).unwrap();
        let genres: Vec<Vec<&str>> = data
            .movies
            .iter()
            .map(|m| crate::clean::genres(&m.genres))
            .collect();
        let m = crate::ratings::RatingMatrix::from_triples(data.movies.len(), data.ratings.clone());
        let lists = crate::cf::cosine_top_k(&m, 1);
        let share = |i: usize, j: usize| genres[i].iter().any(|g| genres[j].contains(g));
        let (mut hits, mut total) = (0, 0);
        for (i, l) in lists.iter().enumerate() {
            if let Some(&(j, _)) = l.first() {
                total += 1;
                hits += usize::from(share(i, j as usize));
            }
        }
        let random_hits = (0..data.movies.len())
            .filter(|&i| share(i, (i * 7 + 13) % data.movies.len()))
            .count();
        assert!(total > 300, "{total}");
        assert!(
            hits as f64 / total as f64 > 1.5 * random_hits as f64 / data.movies.len() as f64,
            "neighbour {hits}/{total}, random {random_hits}/{}",
            data.movies.len()
        );
    }

    #[test]
    fn impossible_sizes_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = args(dir.path(), 1);
        a.ratings = 99;
        assert!(run_synth(&a)
            .unwrap_err()
            .to_string()
            .contains("cannot cover"));
        a.ratings = 100 * 151;
        assert!(run_synth(&a).unwrap_err().to_string().contains("too many"));
    }
}
