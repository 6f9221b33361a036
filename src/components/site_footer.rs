//! Footer: data credits and what the loaded blob contains.

use leptos::prelude::*;

use crate::state::AppState;

/// Credits the data sources and summarises the loaded catalogue.
#[component]
pub fn SiteFooter() -> impl IntoView {
    let state = expect_context::<AppState>();
    let summary = move || {
        state.ready().map(|c| {
            let info = &c.blob.info;
            format!(
                "{} movies · {} ratings by {} people ({}) · {}",
                c.blob.movies.len(),
                info.ratings,
                info.users,
                info.dataset,
                info.generator
            )
        })
    };
    view! {
        <footer class="site-footer">
            <p class="data-summary">{summary}</p>
            <p>
                "Ratings and titles: "
                <a href="https://grouplens.org/datasets/movielens/">"MovieLens"</a>
                " by GroupLens Research (University of Minnesota), used under its licence. "
                "Everything is computed in your browser; nothing you do leaves it."
            </p>
        </footer>
    }
}
