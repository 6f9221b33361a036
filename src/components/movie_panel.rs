//! The chosen movie's page: what the blob knows about it, the taste
//! buttons, and its neighbours under the chosen model. A link to a movie
//! this catalogue lacks gets a message here rather than a silent start
//! page, with the search box above still at hand.

use leptos::prelude::*;

use crate::components::{ForYouTeaser, ModelSwitch, NeighbourList, Poster, TasteButtons};
use crate::state::AppState;

/// Details of the selected movie and its similar movies; a note when the
/// link named a movie the catalogue lacks; a hint when none is selected.
#[component]
pub fn MoviePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let catalog = state.ready()?;
        let Some(index) = state.selected.get() else {
            if let Some(movie_id) = state.missing_movie.get() {
                let what = format!("No movie with id {movie_id} in this catalogue.");
                return Some(
                    view! {
                        <div class="note missing-movie" role="status">
                            <p>
                                <strong>{what}</strong>
                                " The link may be mistyped, or the film is not in this "
                                "version of the data. Search for it by title above."
                            </p>
                        </div>
                    }
                    .into_any(),
                );
            }
            return Some(
                view! {
                    <p class="hint">
                        "Type a film you like, pick it, and see what to watch next. "
                        "Press “I like this” on a few films and “For you” suggests more."
                    </p>
                    <ForYouTeaser />
                }
                .into_any(),
            );
        };
        let movie = catalog.movie(index)?;
        let rating = if movie.ratings > 0 {
            let people = if movie.ratings == 1 {
                "rating"
            } else {
                "ratings"
            };
            format!(
                "★ {:.1} average from {} {people}",
                f32::from(movie.mean_rating_tenths) / 10.0,
                movie.ratings
            )
        } else {
            "No ratings yet".to_string()
        };
        let movie_id = movie.movie_id;
        Some(
            view! {
                <article class="movie" aria-labelledby="movie-title">
                    <div class="movie-head">
                        <Poster title=movie.title.clone() movie_id=movie_id large=true />
                        <div class="movie-info">
                            <h2 id="movie-title">{movie.label()}</h2>
                            <p class="movie-meta">
                                <span class="genres">{catalog.genre_line(movie)}</span>
                                <span class="rating">{rating}</span>
                            </p>
                            <TasteButtons movie_id=movie_id />
                        </div>
                    </div>
                    <crate::components::MovieDetails />
                    <ModelSwitch />
                    <NeighbourList catalog=catalog.clone() index=index />
                </article>
            }
            .into_any(),
        )
    }
}
