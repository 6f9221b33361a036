//! What an import found: how many films matched the catalogue and which did
//! not, with a threshold ("rated at least …") and a button that adds the
//! matching films to the taste set.

use std::sync::Arc;

use leptos::prelude::*;

use crate::import::MatchReport;
use crate::state::AppState;

/// The outcome of importing `file`.
#[component]
pub fn ImportReport(file: String, report: Arc<MatchReport>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let source = report.source;
    let threshold = RwSignal::new(source.default_threshold());
    let added = RwSignal::new(None::<usize>);
    let total = report.matched.len() + report.unmatched.len();
    let matched = report.matched.len();

    let liked_ids = {
        let report = report.clone();
        Memo::new(move |_| {
            state
                .ready()
                .map(|c| report.liked_ids(&c.blob, threshold.get()))
                .unwrap_or_default()
        })
    };
    let count = move || liked_ids.with(Vec::len);
    let add = move |_| {
        let ids = liked_ids.get_untracked();
        let mut n = 0;
        state.taste.update(|t| n = t.like_all(ids));
        added.set(Some(n));
    };
    let options = source
        .thresholds()
        .iter()
        .map(|&t| {
            view! {
                <option value=t.to_string() selected=t == source.default_threshold()>
                    {source.format_rating(t)}
                </option>
            }
        })
        .collect_view();
    let unmatched = (!report.unmatched.is_empty()).then(|| {
        let rows = report
            .unmatched
            .iter()
            .map(|f| {
                let text = format!("{} — {}", f.label(), source.format_rating(f.rating));
                view! { <li>{text}</li> }
            })
            .collect_view();
        let n = report.unmatched.len();
        view! {
            <details class="import-unmatched">
                <summary>{format!("{n} not found in this catalogue")}</summary>
                <ul>{rows}</ul>
            </details>
        }
    });
    let skipped = (report.skipped > 0).then(|| {
        view! { <p class="import-skipped">{format!("{} rows without a rating were skipped.", report.skipped)}</p> }
    });
    let films = |n: usize| if n == 1 { "film" } else { "films" };
    view! {
        <div class="import-report" role="status" aria-live="polite">
            <p class="import-summary">
                <strong class="import-matched-count">{matched}</strong>
                {format!(" of {total} {} from {file} ({}) found in the catalogue.", films(total), source.name())}
            </p>
            {skipped}
            <div class="import-controls">
                <label for="import-threshold">"Add films I rated at least"</label>
                <select
                    id="import-threshold"
                    on:change=move |ev| {
                        if let Ok(t) = event_target_value(&ev).parse() {
                            threshold.set(t);
                            added.set(None);
                        }
                    }
                >
                    {options}
                </select>
                <button type="button" class="import-add" on:click=add disabled=move || count() == 0>
                    {move || format!("Add {} {} to my taste", count(), films(count()))}
                </button>
            </div>
            {move || added.get().map(|n| view! {
                <p class="import-added">{format!("Added {n} {} to your taste.", films(n))}</p>
            })}
            {unmatched}
        </div>
    }
}
