//! The neighbours of one movie under the chosen model, as a poster grid:
//! each a link to its own page with a one-line reason ("shares: heist,
//! 1970s", "Fans of Heat (1995) also liked this"; see [`crate::reason`]).

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::MovieCard;
use crate::reason::neighbour_reason;
use crate::score::similar;
use crate::state::{AppState, Catalog, NEIGHBOUR_LIMIT};

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
        let model = table.model;
        let cards = items
            .into_iter()
            .map(|(other, _)| {
                let reason = neighbour_reason(&catalog.blob, model, index, other);
                view! { <MovieCard catalog=catalog.clone() index=other reason=reason /> }
            })
            .collect_view();
        view! {
            <section class="neighbours" aria-labelledby="neighbours-heading">
                <h3 id="neighbours-heading">{model.label()}</h3>
                <ol class="neighbour-list">{cards}</ol>
            </section>
        }
        .into_any()
    }
}
