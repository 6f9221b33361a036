//! Progress bars for the long stages (parse, rating neighbours, content,
//! write, `synth`), drawn with indicatif on stderr.
//!
//! Bars are off unless the binary turns them on with [`enable`], so the
//! library — tests, benches, `eval` — never draws anything; and even when
//! enabled they are hidden when stderr is not a terminal (indicatif's
//! [`ProgressDrawTarget::stderr`] checks), so a pipe, a log file or a test
//! that captures stderr sees only the normal output. Every bar is cleared
//! when its stage ends, so the summary on stdout reads as before.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Turns progress bars on for the rest of the process (they still stay
/// hidden when stderr is not a terminal). Called by the `build-tools` binary.
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

/// Whether bars may be drawn (enabled, and stderr is a terminal).
pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

fn target() -> ProgressDrawTarget {
    if enabled() {
        ProgressDrawTarget::stderr_with_hz(8)
    } else {
        ProgressDrawTarget::hidden()
    }
}

/// What a bar counts, for its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Bytes of a file (shown as MiB and MiB/s).
    Bytes,
    /// Items of some kind (movies, users), shown as plain counts.
    Items,
}

/// A bar of `len` units labelled `label` ("ratings.csv", "neighbours").
/// Hidden unless [`enable`]d and stderr is a terminal.
pub fn bar(label: &str, len: u64, unit: Unit) -> ProgressBar {
    let template = match unit {
        Unit::Bytes => {
            "{prefix:>12} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta} left)"
        }
        Unit::Items => "{prefix:>12} [{bar:30}] {human_pos}/{human_len} ({per_sec}, {eta} left)",
    };
    let pb = ProgressBar::with_draw_target(Some(len), target());
    pb.set_style(
        ProgressStyle::with_template(template)
            .expect("the template is valid")
            .progress_chars("=> "),
    );
    pb.set_prefix(label.to_string());
    pb
}

/// A spinner with a message, for steps whose length is not known in advance.
/// Hidden unless [`enable`]d and stderr is a terminal.
pub fn spinner(label: &str) -> ProgressBar {
    let pb = ProgressBar::with_draw_target(None, target());
    pb.set_style(
        ProgressStyle::with_template("{prefix:>12} {spinner} {msg} ({elapsed})")
            .expect("the template is valid"),
    );
    pb.set_prefix(label.to_string());
    // The ticker is a thread: only worth it when something is drawn.
    if !pb.is_hidden() {
        pb.enable_steady_tick(Duration::from_millis(125));
    }
    pb
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_hidden_unless_enabled() {
        // Nothing in the library's tests calls `enable`.
        assert!(!enabled());
        assert!(bar("x", 10, Unit::Items).is_hidden());
        assert!(spinner("x").is_hidden());
    }
}
