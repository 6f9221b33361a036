//! Criterion benchmark of title search (`reelgraph::search`), the work done
//! on every keystroke in the search box.
//!
//! Two catalogues:
//! - **bundled**: the movies of `public/data/reelgraph.blob` if it decodes
//!   with this code, else `data/ml-latest-small/movies.csv` (+ rating counts
//!   from `ratings.csv`) turned into display titles ("The Godfather");
//! - **90k**: the bundled movies plus synthetic titles up to 90,000,
//!   generated deterministically (fixed-seed xorshift) from the bundled
//!   vocabulary and made-up words, with Zipf-like rating counts, so the real
//!   titles the queries look for are buried in realistic noise.
//!
//! Each benchmark types whole queries one key at a time and searches every
//! prefix, like the search box does: the reported time is per *query set*;
//! divide by the keystroke count printed at the start (criterion also shows
//! it as elements/s). Run: `cargo bench -p reelgraph --no-default-features
//! --bench search`.

use std::collections::HashMap;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use reelgraph::blob::{Blob, Movie};
use reelgraph::search::TitleIndex;

/// Suggestions per query, as in the app (`state::SUGGESTION_LIMIT`).
const LIMIT: usize = 8;
/// Size of the large synthetic catalogue (titles).
const LARGE: usize = 90_000;

/// Queries typed in full, one keystroke at a time, by kind.
const TYPED: &[(&str, &[&str])] = &[
    (
        "titles",
        &[
            "toy story",
            "the godfather",
            "amelie",
            "star wars",
            "pulp fiction",
            "lord of the rings",
            "paprika 2006",
            "leon the professional",
        ],
    ),
    // Typos: the exact tiers come up short, the fuzzy tier runs.
    (
        "typos",
        &[
            "shawshenk",
            "godfater",
            "amelei",
            "pulp fictoin",
            "schindlr list",
        ],
    ),
    // Nothing matches: every tier runs and finds nothing.
    ("misses", &["qwxzv", "zzzyyyxxx", "brumbleflax 1950"]),
];

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled catalogue: the blob if it decodes, else the CSV files.
fn bundled() -> (Vec<Movie>, &'static str) {
    if let Ok(bytes) = std::fs::read(repo().join("public/data/reelgraph.blob")) {
        if let Ok(blob) = Blob::decode(&bytes) {
            return (blob.movies, "public/data/reelgraph.blob");
        }
    }
    let dir = repo().join("data/ml-latest-small");
    let movies = std::fs::read_to_string(dir.join("movies.csv")).expect("movies.csv");
    let ratings = std::fs::read_to_string(dir.join("ratings.csv")).unwrap_or_default();
    let mut counts: HashMap<u32, u32> = HashMap::new();
    for line in ratings.lines().skip(1) {
        if let Some(id) = line.split(',').nth(1).and_then(|id| id.parse().ok()) {
            *counts.entry(id).or_default() += 1;
        }
    }
    let movies = movies
        .lines()
        .skip(1)
        .filter_map(|line| {
            let (id, rest) = line.split_once(',')?;
            let movie_id: u32 = id.parse().ok()?;
            let raw = match rest.strip_prefix('"') {
                Some(quoted) => quoted[..quoted.rfind('"')?].replace("\"\"", "\""),
                None => rest[..rest.rfind(',')?].to_string(),
            };
            let (title, year) = display_title(&raw);
            Some(Movie {
                movie_id,
                title,
                year,
                genres: 0,
                ratings: counts.get(&movie_id).copied().unwrap_or(0),
                mean_rating_tenths: 0,
                imdb_id: None,
                tmdb_id: None,
            })
        })
        .collect();
    (movies, "data/ml-latest-small/movies.csv")
}

/// "Godfather, The (1972)" → ("The Godfather", 1972): a simplified version
/// of build-tools' `clean::title_and_year`, enough for benchmarking.
fn display_title(raw: &str) -> (String, Option<u16>) {
    let raw = raw.trim();
    let (rest, year) = match raw.len().checked_sub(6).map(|at| raw.split_at(at)) {
        Some((rest, tail)) if tail.starts_with('(') && tail.ends_with(')') => {
            (rest.trim_end(), tail[1..5].parse().ok())
        }
        _ => (raw, None),
    };
    let (main, alternatives) = rest.split_at(rest.find(" (").unwrap_or(rest.len()));
    let title = match main.rsplit_once(", ") {
        Some((head, "L'")) => format!("L'{head}{alternatives}"),
        Some((head, article))
            if [
                "The", "A", "An", "Les", "La", "Le", "Il", "Das", "Der", "Die", "El",
            ]
            .contains(&article) =>
        {
            format!("{article} {head}{alternatives}")
        }
        _ => rest.to_string(),
    };
    (title, year)
}

/// Deterministic xorshift64* generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The bundled movies plus synthetic ones up to `total` titles.
fn synthetic(bundled: &[Movie], total: usize) -> Vec<Movie> {
    let mut rng = Rng(0x05EE_D0FF_11E5);
    // Real title words (repeated as often as they occur: common words stay
    // common) and made-up ones (the long tail of a larger catalogue).
    let mut words: Vec<String> = bundled
        .iter()
        .flat_map(|m| {
            m.title
                .split_whitespace()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|w| w.chars().all(char::is_alphabetic))
        .collect();
    const SYLLABLES: &[&str] = &[
        "ka", "lo", "mi", "ren", "tor", "sha", "vel", "dun", "bra", "ki", "mor", "zan", "te",
        "qui", "lan", "po", "sa", "nik", "ur", "gel", "fa", "rho", "den", "wi",
    ];
    for _ in 0..words.len() / 2 {
        let syllables = 2 + rng.below(3);
        let mut word: String = (0..syllables)
            .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
            .collect();
        word[..1].make_ascii_uppercase();
        words.push(word);
    }
    let mut movies = bundled.to_vec();
    let mut id = 1_000_000;
    while movies.len() < total {
        let length = 1 + rng.below(4);
        let mut title: Vec<&str> = (0..length)
            .map(|_| words[rng.below(words.len())].as_str())
            .collect();
        if rng.below(4) == 0 {
            title.insert(0, "The");
        }
        // Zipf-like popularity: most synthetic titles are rarely rated.
        let ratings = (300 / (1 + rng.below(300))) as u32 - 1;
        movies.push(Movie {
            movie_id: id,
            title: title.join(" "),
            year: Some(1920 + rng.below(105) as u16),
            genres: 0,
            ratings,
            mean_rating_tenths: 0,
            imdb_id: None,
            tmdb_id: None,
        });
        id += 1;
    }
    movies
}

/// Every prefix of every query, as typed key by key.
fn keystrokes(queries: &[&str]) -> Vec<String> {
    queries
        .iter()
        .flat_map(|q| {
            q.char_indices()
                .map(|(i, c)| q[..i + c.len_utf8()].to_string())
        })
        .collect()
}

fn bench_search(c: &mut Criterion) {
    let (small, source) = bundled();
    let large = synthetic(&small, LARGE);
    let catalogues = [("bundled", small), ("90k", large)];
    for (name, movies) in &catalogues {
        let index = TitleIndex::new(movies);
        eprintln!(
            "{name}: {} titles, {} distinct words (bundled from {source})",
            index.len(),
            index.vocabulary_len()
        );
        for (kind, queries) in TYPED {
            let typed = keystrokes(queries);
            eprintln!("  {kind}: {} keystrokes per iteration", typed.len());
            let top: Vec<String> = queries
                .iter()
                .map(|q| {
                    let first = index
                        .search(q, LIMIT)
                        .first()
                        .map(|&i| movies[i as usize].label());
                    format!("{q:?} → {}", first.as_deref().unwrap_or("—"))
                })
                .collect();
            eprintln!("    {}", top.join("; "));
        }
    }

    let mut group = c.benchmark_group("search");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for (name, movies) in &catalogues {
        let index = TitleIndex::new(movies);
        for (kind, queries) in TYPED {
            let typed = keystrokes(queries);
            group.throughput(Throughput::Elements(typed.len() as u64));
            group.bench_with_input(BenchmarkId::new(*kind, name), &typed, |b, typed| {
                b.iter(|| {
                    for q in typed {
                        black_box(index.search(black_box(q), LIMIT));
                    }
                })
            });
        }
    }
    group.finish();

    let mut group = c.benchmark_group("index");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for (name, movies) in &catalogues {
        group.bench_with_input(BenchmarkId::new("build", name), movies, |b, movies| {
            b.iter(|| TitleIndex::new(black_box(movies)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_search);
criterion_main!(benches);
