//! Performance marks for the browser benchmark (`tests/perf/`): named points
//! in time on the page's Performance timeline, read back by the script.

/// Records a `performance.mark(name)`; does nothing where the API is missing.
pub fn mark(name: &str) {
    if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
        // A failed mark only loses a benchmark figure; never worth an error.
        let _ = perf.mark(name);
    }
}
