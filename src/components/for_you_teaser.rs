//! A glimpse of "For you" on the start page once the visitor has liked
//! something: the first few recommendations and a link to the full list.

use leptos::ev::MouseEvent;
use leptos::prelude::*;

use crate::components::MovieCard;
use crate::io::location::{href, open_for_you};
use crate::route::Route;
use crate::state::AppState;

/// Recommendations shown on the start page (items).
const TEASER_LIMIT: usize = 6;

/// The first [`TEASER_LIMIT`] "For you" picks; nothing while nothing is liked.
#[component]
pub fn ForYouTeaser() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let catalog = state.ready()?;
        let (liked, dismissed) = state
            .taste
            .with(|t| (t.liked().to_vec(), t.dismissed().to_vec()));
        let picks = catalog.recommend_for(&liked, &dismissed, TEASER_LIMIT);
        if picks.is_empty() {
            return None;
        }
        let cards = picks
            .into_iter()
            .map(|(index, reason)| view! { <MovieCard catalog=catalog.clone() index=index reason=reason /> })
            .collect_view();
        let on_click = move |ev: MouseEvent| {
            if !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.button() != 0) {
                ev.prevent_default();
                open_for_you(state);
            }
        };
        Some(view! {
            <section class="teaser" aria-labelledby="teaser-heading">
                <h2 id="teaser-heading">"For you"</h2>
                <ol class="neighbour-list teaser-list">{cards}</ol>
                <p class="teaser-more">
                    <a href=href(&Route::ForYou { like: None }) on:click=on_click>
                        "All recommendations and your taste →"
                    </a>
                </p>
            </section>
        })
    }
}
