//! The neighbours of one movie under the chosen model, each a link to its
//! own page with a one-line reason ("shares: heist, 1970s").

use std::sync::Arc;

use leptos::prelude::*;

use crate::explain::{describe, shared_features};
use crate::io::location::open_movie;
use crate::score::similar;
use crate::state::{AppState, Catalog, NEIGHBOUR_LIMIT};

/// Features named in a neighbour's reason line (items).
const REASON_FEATURES: usize = 4;

/// Lists the neighbours of the movie at `index`, best first, under the model
/// chosen in [`AppState::model`].
#[component]
pub fn NeighbourList(catalog: Arc<Catalog>, index: u32) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let Some(table) = catalog.table(state.model.get()) else {
            return view! { <p class="empty">"This data file has no neighbour lists."</p> }
                .into_any();
        };
        let items = similar(table, index, NEIGHBOUR_LIMIT);
        if items.is_empty() {
            return view! {
                <p class="empty">"No neighbours yet: nothing links this film to another one."</p>
            }
            .into_any();
        }
        let rows = items
            .into_iter()
            .filter_map(|(other, score)| {
                let movie = catalog.movie(other)?;
                let genres = catalog.genre_line(movie);
                let reason = describe(&shared_features(
                    &catalog.blob,
                    index,
                    other,
                    REASON_FEATURES,
                ));
                let percent = format!("{:.0}% match", score * 100.0);
                Some(view! {
                    <li class="neighbour">
                        <button class="neighbour-link" on:click=move |_| open_movie(state, other)>
                            <span class="neighbour-title">{movie.label()}</span>
                            <span class="neighbour-genres">{genres}</span>
                            <span class="neighbour-reason">{reason}</span>
                            <span class="neighbour-score">{percent}</span>
                        </button>
                    </li>
                })
            })
            .collect_view();
        view! {
            <section class="neighbours" aria-labelledby="neighbours-heading">
                <h3 id="neighbours-heading">{table.model.label()}</h3>
                <ol class="neighbour-list">{rows}</ol>
            </section>
        }
        .into_any()
    }
}
