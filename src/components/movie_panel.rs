//! The chosen movie: what the blob knows about it, and its neighbours.

use leptos::prelude::*;

use crate::components::{ModelSwitch, NeighbourList};
use crate::state::AppState;

/// Details of the selected movie and its similar movies; a hint when none
/// is selected.
#[component]
pub fn MoviePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let catalog = state.ready()?;
        let Some(index) = state.selected.get() else {
            return Some(
                view! {
                    <p class="hint">"Type a film you like, pick it, and see what to watch next."</p>
                }
                .into_any(),
            );
        };
        let movie = catalog.movie(index)?;
        let rating = if movie.ratings > 0 {
            format!(
                "{} ratings · {:.1} ★ on average",
                movie.ratings,
                f32::from(movie.mean_rating_tenths) / 10.0
            )
        } else {
            "No ratings yet".to_string()
        };
        Some(
            view! {
                <article class="movie" aria-labelledby="movie-title">
                    <h2 id="movie-title">{movie.label()}</h2>
                    <p class="movie-meta">
                        <span class="genres">{catalog.genre_line(movie)}</span>
                        <span class="rating">{rating}</span>
                    </p>
                    <crate::components::MovieDetails />
                    <ModelSwitch />
                    <NeighbourList catalog=catalog.clone() index=index />
                </article>
            }
            .into_any(),
        )
    }
}
