//! What `eval` writes: the table on stdout, the JSON file, the report
//! folder (markdown table and SVG plot of Recall@K against K) and the split
//! as CSV.

use std::fmt::Write as _;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{Context, Result};
use plotters::prelude::*;

use super::metrics::{MeanStd, MAX_K};
use super::split::{Positives, Split};
use super::{EvalReport, ModelResult, Params};
use crate::ingest::Dataset;

/// Name of the plot in the report folder.
pub const PLOT_FILE: &str = "recall_at_k.svg";
/// Name of the markdown table in the report folder.
pub const TABLE_FILE: &str = "results.md";

fn pm(m: MeanStd) -> String {
    format!("{:.4} ± {:.4}", m.mean, m.std)
}

fn k_label(r: &ModelResult) -> String {
    r.k.map_or_else(|| "all".to_string(), |k| k.to_string())
}

/// Parameters of each fold, compactly: "λ=200 (×5)" or "λ=100,200,…".
pub fn params_label(params: &[Params]) -> String {
    let mut keys: Vec<&String> = params.iter().flat_map(|p| p.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.iter()
        .map(|key| {
            let values: Vec<String> = params
                .iter()
                .map(|p| {
                    p.get(*key)
                        .map_or("-".into(), |v| format!("{}", round_sig(*v)))
                })
                .collect();
            let all_same = values.windows(2).all(|w| w[0] == w[1]);
            if all_same && !values.is_empty() {
                format!("{key}={}", values[0])
            } else {
                format!("{key}={}", values.join("/"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn round_sig(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let digits = 3 - v.abs().log10().ceil() as i32;
    let f = 10f64.powi(digits);
    (v * f).round() / f
}

/// The results table for the terminal.
pub fn table(report: &EvalReport) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} · seed {} · {} folds · k = {} · {} users ({} positives; {} users with < 5 dropped)",
        report.dataset,
        report.seed,
        report.folds.len(),
        report.k,
        report.users,
        report.positives,
        report.users_dropped
    );
    let _ = writeln!(
        s,
        "{:<14} {:>4}  {:<15}  {:<15}  {:<15}  {:<15}  {:<15}  {:>9}  {:>9}",
        "model",
        "k",
        "Recall@10",
        "Recall@20",
        "Recall@50",
        "NDCG@100",
        "coverage@20",
        "train ms",
        "score ms"
    );
    for r in &report.models {
        let _ = writeln!(
            s,
            "{:<14} {:>4}  {:<15}  {:<15}  {:<15}  {:<15}  {:<15}  {:>9.0}  {:>9.0}{}",
            r.model.name(),
            k_label(r),
            pm(r.metrics.recall10),
            pm(r.metrics.recall20),
            pm(r.metrics.recall50),
            pm(r.metrics.ndcg100),
            pm(r.metrics.coverage20),
            r.train_ms.mean,
            r.score_ms.mean,
            if r.through_blob { "" } else { "  (reference)" }
        );
    }
    let _ = writeln!(
        s,
        "mean ± standard deviation over folds; times are per fold"
    );
    let _ = writeln!(s, "parameters chosen on validation users, per fold:");
    for r in &report.models {
        let label = params_label(&r.params);
        if !label.is_empty() {
            let _ = writeln!(s, "  {:<14} {label}", r.model.name());
        }
    }
    let selection: f64 = report.folds.iter().map(|f| f.selection_ms).sum();
    let _ = writeln!(
        s,
        "model selection {:.1} s in all; wall time {:.1} s on {} threads",
        selection / 1000.0,
        report.wall_s,
        report.threads
    );
    s
}

/// Writes the report as JSON.
pub fn write_json(report: &EvalReport, path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir)?;
    }
    let file = fs::File::create(path)?;
    let mut w = BufWriter::new(file);
    serde_json::to_writer_pretty(&mut w, report)?;
    w.write_all(b"\n")?;
    w.flush()?;
    Ok(())
}

/// Writes the report folder: [`TABLE_FILE`] and [`PLOT_FILE`].
pub fn write_report(report: &EvalReport, dir: &Path) -> Result<()> {
    fs::create_dir_all(dir)?;
    fs::write(dir.join(TABLE_FILE), markdown(report))?;
    plot(report, &dir.join(PLOT_FILE))?;
    Ok(())
}

/// The markdown table of the report folder.
pub fn markdown(report: &EvalReport) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Offline evaluation: {} (seed {})\n",
        report.dataset, report.seed
    );
    let _ = writeln!(
        s,
        "Written by `build-tools eval`. {} folds over {} users with ≥ 5 positives \
         (ratings ≥ 4; {} positives); 20% of each test user's positives held out. \
         k = {} neighbours per movie. Mean ± standard deviation over folds. \
         Models marked *reference* are scored exactly, outside the blob; all others \
         through the blob's one-byte scores and `reelgraph::score::recommend`.\n",
        report.folds.len(),
        report.users,
        report.positives,
        report.k
    );
    let _ = writeln!(
        s,
        "| model | k | Recall@10 | Recall@20 | Recall@50 | NDCG@100 | coverage@20 | train ms | score ms | parameters (per fold) |"
    );
    let _ = writeln!(s, "|---|---:|---|---|---|---|---|---:|---:|---|");
    for r in &report.models {
        let name = if r.through_blob {
            format!("`{}`", r.model.name())
        } else {
            format!("`{}` *(reference)*", r.model.name())
        };
        let _ = writeln!(
            s,
            "| {name} | {} | {} | **{}** | {} | {} | {} | {:.0} | {:.0} | {} |",
            k_label(r),
            pm(r.metrics.recall10),
            pm(r.metrics.recall20),
            pm(r.metrics.recall50),
            pm(r.metrics.ndcg100),
            pm(r.metrics.coverage20),
            r.train_ms.mean,
            r.score_ms.mean,
            params_label(&r.params)
        );
    }
    let _ = writeln!(s, "\nModels:\n");
    for r in &report.models {
        let _ = write!(s, "- `{}`: {}", r.model.name(), r.description);
        if let Some(u) = r.recall20_unquantised {
            let _ = write!(s, " — Recall@20 with unquantised scores {}", pm(u));
        }
        let _ = writeln!(s);
    }
    if let Some(c) = &report.content {
        let _ = writeln!(s, "\nContent lists: {c}");
    }
    let _ = writeln!(s, "\n![Recall@K against K]({PLOT_FILE})\n");
    let _ = writeln!(
        s,
        "| fold | train users | test users | skipped | items | validation users | selection s |"
    );
    let _ = writeln!(s, "|---:|---:|---:|---:|---:|---:|---:|");
    for (f, info) in report.folds.iter().enumerate() {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {:.1} |",
            f + 1,
            info.train_users,
            info.test_users,
            info.skipped_users,
            info.items,
            info.validation_users,
            info.selection_ms / 1000.0
        );
    }
    let _ = writeln!(
        s,
        "\nWall time {:.1} s on {} threads (shared machine: times are indicative).",
        report.wall_s, report.threads
    );
    s
}

/// Recall@K against K (1..=100), one line per model.
pub fn plot(report: &EvalReport, path: &Path) -> Result<()> {
    let draw = || -> std::result::Result<(), Box<dyn std::error::Error>> {
        let root = SVGBackend::new(path, (960, 600)).into_drawing_area();
        root.fill(&WHITE)?;
        let top = report
            .models
            .iter()
            .flat_map(|m| m.metrics.recall_curve.iter().copied())
            .fold(0.0f64, f64::max);
        let y_max = ((top * 10.0).ceil() / 10.0).max(0.1);
        let mut chart = ChartBuilder::on(&root)
            .caption(
                format!(
                    "Recall@K, {} (seed {}, {} folds, k = {})",
                    report.dataset,
                    report.seed,
                    report.folds.len(),
                    report.k
                ),
                ("sans-serif", 22),
            )
            .margin(16)
            .x_label_area_size(44)
            .y_label_area_size(56)
            .build_cartesian_2d(1usize..MAX_K, 0f64..y_max)?;
        chart
            .configure_mesh()
            .x_desc("K")
            .y_desc("Recall@K (mean over folds)")
            .draw()?;
        for (n, m) in report.models.iter().enumerate() {
            let color = Palette99::pick(n).to_rgba();
            let style = if m.through_blob {
                color.stroke_width(2)
            } else {
                color.stroke_width(1)
            };
            let points = m
                .metrics
                .recall_curve
                .iter()
                .enumerate()
                .map(|(i, &r)| (i + 1, r));
            let label = if m.through_blob {
                m.model.name().to_string()
            } else {
                format!("{} (reference)", m.model.name())
            };
            chart
                .draw_series(LineSeries::new(points, style))?
                .label(label)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], style));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .draw()?;
        root.present()?;
        Ok(())
    };
    draw().map_err(|e| anyhow::anyhow!("cannot draw {}: {e}", path.display()))
}

/// Writes each fold's training, fed-in and held-out positives as CSV
/// (`userId,movieId,rating`, MovieLens ids) under `dir/fold-N/`, so another
/// tool can be run on exactly this split.
pub fn save_split(
    dir: &Path,
    dataset: &Dataset,
    positives: &Positives,
    splits: &[Split],
) -> Result<()> {
    let movie_id = |catalogue: u32| dataset.movies[catalogue as usize].movie_id;
    let rating = |user: usize, catalogue: u32| {
        let row = &positives.rows[user];
        row.binary_search_by_key(&catalogue, |&(i, _)| i)
            .map(|p| row[p].1)
            .expect("a split's item is one of the user's positives")
    };
    for (f, split) in splits.iter().enumerate() {
        let fold_dir = dir.join(format!("fold-{}", f + 1));
        fs::create_dir_all(&fold_dir)
            .with_context(|| format!("cannot create {}", fold_dir.display()))?;
        let mut files = Vec::new();
        for name in ["train.csv", "fed_in.csv", "held_out.csv"] {
            let path = fold_dir.join(name);
            let file = fs::File::create(&path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            let mut w = BufWriter::new(file);
            writeln!(w, "userId,movieId,rating")?;
            files.push(w);
        }
        for &u in &split.train_users {
            for &(i, r) in &positives.rows[u] {
                writeln!(files[0], "{},{},{r:.1}", positives.user_ids[u], movie_id(i))?;
            }
        }
        for case in &split.cases {
            let uid = positives.user_ids[case.user];
            for (w, items) in [(1, &case.fed), (2, &case.held)] {
                for &local in items {
                    let i = split.items[local as usize];
                    writeln!(
                        files[w],
                        "{uid},{},{:.1}",
                        movie_id(i),
                        rating(case.user, i)
                    )?;
                }
            }
        }
        for mut w in files {
            w.flush()?;
        }
    }
    Ok(())
}
