//! Footer: data credits (MovieLens, and TMDB's required attribution), what
//! the loaded blob contains, and the TMDB settings panel.

use leptos::prelude::*;

use crate::components::TmdbSettings;
use crate::state::AppState;

/// Credits the data sources, summarises the loaded catalogue and holds the
/// TMDB settings.
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
                "Everything is computed in your browser; nothing you do leaves it, except a movie's TMDB id when TMDB details are on."
            </p>
            <p class="tmdb-attribution">
                "Posters and movie details: "
                <a href="https://www.themoviedb.org/" target="_blank" rel="noopener noreferrer">"TMDB"</a>
                ". This product uses the TMDB API but is not endorsed or certified by TMDB. "
                "With a TMDB key, movie pages ask TMDB for their details straight from your browser."
            </p>
            <TmdbSettings />
        </footer>
    }
}
