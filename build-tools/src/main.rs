//! The `build-tools` command line: argument parsing and dispatch only. The
//! work happens in the library; errors are printed as a readable chain
//! ("error: …" then "caused by: …") with a non-zero exit code.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};
use reelgraph::blob::Model;
use reelgraph_build_tools::build::{
    self, BuildArgs, DEFAULT_DATA, DEFAULT_K, DEFAULT_OUT, DEFAULT_RATINGS_K, MAX_K,
};
use reelgraph_build_tools::content_stage::{
    ContentArgs, DEFAULT_CONTENT_K, DEFAULT_KEYWORDS, DEFAULT_TMDB,
};
use reelgraph_build_tools::eval;
use reelgraph_build_tools::features::{
    FieldWeights, DEFAULT_DECADE_WEIGHT, DEFAULT_GENRES_WEIGHT, DEFAULT_KEYWORDS_WEIGHT,
    DEFAULT_TAGS_WEIGHT, DEFAULT_TEXT_WEIGHT, DEFAULT_TITLE_WEIGHT,
};
use reelgraph_build_tools::shipped::{DEFAULT_EVAL_JSON, DEFAULT_MAX_EASE_ITEMS};
use reelgraph_build_tools::similar::{self, SimilarArgs, DEFAULT_N};
use reelgraph_build_tools::{progress, synth};

/// Builds Reelgraph's data blob from MovieLens-format data.
#[derive(Debug, Parser)]
#[command(name = "build-tools", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read movies.csv, ratings.csv and links.csv (plus tags.csv and the TMDB
    /// metadata for the content model), compute every movie's rating and
    /// content neighbours and write the blob atomically.
    Build {
        /// Folder with movies.csv, ratings.csv, links.csv (and tags.csv).
        #[arg(long, value_name = "DIR", default_value = DEFAULT_DATA)]
        data: PathBuf,
        /// Blob to write (its directory is created if missing).
        #[arg(long, value_name = "FILE", default_value = DEFAULT_OUT)]
        out: PathBuf,
        /// Neighbours kept per movie in the default table (the hybrid of
        /// rating and content neighbours, which "For you" scores).
        #[arg(
            short = 'k',
            value_name = "N",
            default_value_t = DEFAULT_K,
            value_parser = clap::value_parser!(u16).range(1..=i64::from(MAX_K))
        )]
        k: u16,
        /// Rating neighbours kept per movie for the "fans also liked" view.
        #[arg(
            long,
            value_name = "N",
            default_value_t = DEFAULT_RATINGS_K,
            value_parser = clap::value_parser!(u16).range(1..=i64::from(MAX_K))
        )]
        ratings_k: u16,
        /// Above this many movies with a positive rating, use item-kNN
        /// cosine instead of dense EASE (which needs 4 bytes × items² twice).
        #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_EASE_ITEMS)]
        max_ease_items: usize,
        /// `build-tools eval --json` output to take the default table's
        /// measured Recall@20 from (recorded only if it measured this data,
        /// this k and these parameters; a missing file records none).
        #[arg(long, value_name = "FILE", default_value = DEFAULT_EVAL_JSON)]
        eval_json: PathBuf,
        /// Also print skipped rows per reason, link coverage and threads.
        #[arg(long)]
        verbose: bool,
        #[command(flatten)]
        content: ContentOpts,
    },
    /// Print a movie's neighbours from a built blob, with scores and the
    /// features each shares with it (the explanation the app shows).
    Similar {
        /// Movie title, as typed in the app's search box ("The Dark Knight",
        /// "heat 1995").
        title: String,
        /// Which neighbour lists to show.
        #[arg(long, value_enum, default_value_t = ModelArg::Content)]
        model: ModelArg,
        /// The blob to read.
        #[arg(long, value_name = "FILE", default_value = DEFAULT_OUT)]
        blob: PathBuf,
        /// Number of neighbours to print.
        #[arg(short = 'n', value_name = "N", default_value_t = DEFAULT_N)]
        n: usize,
    },
    /// Evaluate the neighbour models offline: 5-fold cross-validation over
    /// users, every model scored through its blob lists and the browser's
    /// recommend function (see build-tools/src/eval and docs/eval).
    Eval(EvalOpts),
    /// Write synthetic MovieLens-format data (movies.csv, ratings.csv,
    /// links.csv) of any size, with heavy-tailed popularity and activity and
    /// latent genre tastes; deterministic for a seed. For benchmarks and
    /// tests (see scripts/bench-scale.sh).
    Synth(SynthOpts),
}

/// Options of `synth`.
#[derive(Debug, Args)]
struct SynthOpts {
    /// Folder to write into (created if missing; files are replaced).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Number of ratings (rows of ratings.csv).
    #[arg(long, value_name = "N", default_value_t = 1_000_000)]
    ratings: u64,
    /// Number of movies.
    #[arg(long, value_name = "M", default_value_t = 10_000)]
    movies: u32,
    /// Number of users.
    #[arg(long, value_name = "U", default_value_t = 6_500)]
    users: u32,
    /// Seed of every random choice.
    #[arg(long, value_name = "S", default_value_t = 0)]
    seed: u64,
}

fn run_synth(opts: SynthOpts) -> anyhow::Result<()> {
    let report = synth::run_synth(&synth::SynthArgs {
        out: opts.out.clone(),
        ratings: opts.ratings,
        movies: opts.movies,
        users: opts.users,
        seed: opts.seed,
    })?;
    print!("{}", report.summary(&opts.out));
    Ok(())
}

/// Options of `eval`.
#[derive(Debug, Args)]
struct EvalOpts {
    /// Folder with movies.csv, ratings.csv, links.csv (and tags.csv).
    #[arg(long, value_name = "DIR", default_value = DEFAULT_DATA)]
    data: PathBuf,
    /// Seed of the user shuffle and of every other shuffle.
    #[arg(long, value_name = "S", default_value_t = 0)]
    seed: u64,
    /// Neighbours kept per movie, as in the blob.
    #[arg(
        short = 'k',
        value_name = "N",
        default_value_t = DEFAULT_K,
        value_parser = clap::value_parser!(u16).range(1..=i64::from(MAX_K))
    )]
    k: u16,
    /// Cross-validation folds.
    #[arg(long, value_name = "N", default_value_t = 5,
          value_parser = clap::value_parser!(u16).range(2..))]
    folds: u16,
    /// Models to evaluate, comma-separated (default: all; without the
    /// content stage, all but content and hybrid).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    models: Vec<eval::ModelName>,
    /// Also write the results as JSON.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// Also write a report folder (markdown table, SVG plot of Recall@K).
    #[arg(long, value_name = "DIR")]
    report: Option<PathBuf>,
    /// Write each fold's train / fed-in / held-out rows as CSV here.
    #[arg(long, value_name = "DIR")]
    save_split: Option<PathBuf>,
    /// Content sources and weights for the content and hybrid models (as
    /// for build; --content-k is not used: eval keeps 4k per movie).
    #[command(flatten)]
    content: ContentOpts,
}

fn run_eval(opts: EvalOpts) -> anyhow::Result<()> {
    let content = opts.content.into_args();
    let models = if opts.models.is_empty() {
        eval::ModelName::ALL
            .into_iter()
            .filter(|m| content.is_some() || !m.needs_content())
            .collect()
    } else {
        opts.models
    };
    let report = eval::run_eval(&eval::EvalArgs {
        data: opts.data,
        seed: opts.seed,
        k: usize::from(opts.k),
        folds: usize::from(opts.folds),
        models,
        save_split: opts.save_split,
        content,
    })?;
    print!("{}", eval::output::table(&report));
    if let Some(path) = &opts.json {
        eval::output::write_json(&report, path)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let Some(dir) = &opts.report {
        eval::output::write_report(&report, dir)
            .with_context(|| format!("cannot write the report to {}", dir.display()))?;
    }
    Ok(())
}

/// The content stage's options of `build`.
#[derive(Debug, Args)]
struct ContentOpts {
    /// Skip the content stage (the blob then has rating neighbours only).
    #[arg(long)]
    no_content: bool,
    /// TMDB 5000 movies CSV (overviews, taglines, keywords), joined by tmdbId.
    #[arg(long, value_name = "FILE", default_value = DEFAULT_TMDB)]
    tmdb: PathBuf,
    /// Build without the TMDB 5000 file.
    #[arg(long)]
    no_tmdb: bool,
    /// The Movies Dataset keywords CSV (.csv or .csv.gz), joined by tmdbId.
    #[arg(long, value_name = "FILE", default_value = DEFAULT_KEYWORDS)]
    keywords: PathBuf,
    /// Build without the keywords file.
    #[arg(long)]
    no_keywords: bool,
    /// Build without the MovieLens tags.csv of the data folder.
    #[arg(long)]
    no_tags: bool,
    /// Content neighbours kept per movie.
    #[arg(
        long,
        value_name = "N",
        default_value_t = DEFAULT_CONTENT_K,
        value_parser = clap::value_parser!(u16).range(1..=i64::from(MAX_K))
    )]
    content_k: u16,
    /// Weight of overview and tagline words (0 leaves them out).
    #[arg(long, value_name = "W", default_value_t = DEFAULT_TEXT_WEIGHT)]
    text_weight: f32,
    /// Weight of the genres.
    #[arg(long, value_name = "W", default_value_t = DEFAULT_GENRES_WEIGHT)]
    genres_weight: f32,
    /// Weight of the TMDB keywords.
    #[arg(long, value_name = "W", default_value_t = DEFAULT_KEYWORDS_WEIGHT)]
    keywords_weight: f32,
    /// Weight of the MovieLens user tags.
    #[arg(long, value_name = "W", default_value_t = DEFAULT_TAGS_WEIGHT)]
    tags_weight: f32,
    /// Weight of the decade of release.
    #[arg(long, value_name = "W", default_value_t = DEFAULT_DECADE_WEIGHT)]
    decade_weight: f32,
    /// Weight of the title words.
    #[arg(long, value_name = "W", default_value_t = DEFAULT_TITLE_WEIGHT)]
    title_weight: f32,
}

impl ContentOpts {
    fn into_args(self) -> Option<ContentArgs> {
        (!self.no_content).then(|| ContentArgs {
            tmdb: (!self.no_tmdb).then_some(self.tmdb),
            keywords: (!self.no_keywords).then_some(self.keywords),
            tags: !self.no_tags,
            k: self.content_k,
            weights: FieldWeights {
                text: self.text_weight,
                genres: self.genres_weight,
                keywords: self.keywords_weight,
                tags: self.tags_weight,
                decade: self.decade_weight,
                title: self.title_weight,
            },
        })
    }
}

/// `--model` of `similar`.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum ModelArg {
    /// Content neighbours (metadata TF-IDF).
    Content,
    /// Rating neighbours (EASE, or item-kNN cosine for large catalogues).
    Ratings,
    /// The default, blended table (what "For you" scores).
    Best,
}

impl From<ModelArg> for Model {
    fn from(m: ModelArg) -> Model {
        match m {
            ModelArg::Content => Model::Content,
            ModelArg::Ratings => Model::RatingsEase,
            ModelArg::Best => Model::Hybrid,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Bars on stderr, only when it is a terminal.
    progress::enable();
    let result = match cli.command {
        Command::Build {
            data,
            out,
            k,
            ratings_k,
            max_ease_items,
            eval_json,
            verbose,
            content,
        } => build::run_build(&BuildArgs {
            data,
            out,
            k,
            ratings_k,
            max_ease_items,
            eval_json: Some(eval_json),
            content: content.into_args(),
        })
        .map(|report| print!("{}", report.summary(verbose))),
        Command::Similar {
            title,
            model,
            blob,
            n,
        } => similar::run_similar(&SimilarArgs {
            title,
            model: model.into(),
            blob,
            n,
        })
        .map(|text| print!("{text}")),
        Command::Eval(opts) => run_eval(opts),
        Command::Synth(opts) => run_synth(opts),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::FAILURE
        }
    }
}
