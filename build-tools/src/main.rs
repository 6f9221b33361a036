//! The `build-tools` command line: argument parsing and dispatch only. The
//! work happens in the library; errors are printed as a readable chain
//! ("error: …" then "caused by: …") with a non-zero exit code.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use reelgraph_build_tools::build::{self, BuildArgs, DEFAULT_DATA, DEFAULT_K, DEFAULT_OUT, MAX_K};

/// Builds Reelgraph's data blob from MovieLens-format data.
#[derive(Debug, Parser)]
#[command(name = "build-tools", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read movies.csv, ratings.csv and links.csv, compute every movie's
    /// rating neighbours and write the blob atomically.
    Build {
        /// Folder with movies.csv, ratings.csv and links.csv.
        #[arg(long, value_name = "DIR", default_value = DEFAULT_DATA)]
        data: PathBuf,
        /// Blob to write (its directory is created if missing).
        #[arg(long, value_name = "FILE", default_value = DEFAULT_OUT)]
        out: PathBuf,
        /// Neighbours kept per movie.
        #[arg(
            short = 'k',
            value_name = "N",
            default_value_t = DEFAULT_K,
            value_parser = clap::value_parser!(u16).range(1..=i64::from(MAX_K))
        )]
        k: u16,
        /// Also print skipped rows per reason, link coverage and threads.
        #[arg(long)]
        verbose: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build {
            data,
            out,
            k,
            verbose,
        } => build::run_build(&BuildArgs { data, out, k })
            .map(|report| print!("{}", report.summary(verbose))),
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
