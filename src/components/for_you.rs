//! "For you": recommendations from every liked movie, computed in the
//! browser with [`crate::score::recommend`] over the blob's default (first)
//! table — the scoring the offline evaluation measured. Liked and dismissed
//! movies never appear. Also shows the taste set and the history import,
//! and a taste someone shared by link.

use leptos::prelude::*;

use crate::components::{ImportPanel, MovieCard, TasteChips};
use crate::state::{AppState, FOR_YOU_LIMIT};

/// The "For you" screen.
#[component]
pub fn ForYou() -> impl IntoView {
    let state = expect_context::<AppState>();

    let shared_banner = move || {
        let ids = state.shared_likes.get()?;
        let catalog = state.ready()?;
        let known = ids
            .iter()
            .filter(|&&id| catalog.movie_by_id(id).is_some())
            .count();
        let adopt = move |_| {
            if let Some(ids) = state.shared_likes.get_untracked() {
                state.taste.update(|t| {
                    t.like_all(ids);
                });
            }
            state.shared_likes.set(None);
        };
        Some(view! {
            <div class="shared-banner" role="status">
                <p>
                    {format!("You are looking at a shared taste: {known} liked films. ")}
                    "Your own taste is unchanged."
                </p>
                <div class="banner-actions">
                    <button type="button" class="adopt-shared" on:click=adopt>
                        "Add these to my taste"
                    </button>
                    <button type="button" class="leave-shared" on:click=move |_| state.shared_likes.set(None)>
                        "Show my own"
                    </button>
                </div>
            </div>
        })
    };

    let list = move || {
        let catalog = state.ready()?;
        let table = catalog.default_table()?;
        let liked = state
            .shared_likes
            .get()
            .unwrap_or_else(|| state.taste.with(|t| t.liked().to_vec()));
        let n = liked
            .iter()
            .filter(|&&id| catalog.blob.index_of(id).is_some())
            .count();
        if n == 0 {
            return Some(
                view! {
                    <p class="empty for-you-empty">
                        "Like a few films (or import your ratings) and your recommendations appear here."
                    </p>
                }
                .into_any(),
            );
        }
        let dismissed = state.taste.with(|t| t.dismissed().to_vec());
        let picks = catalog.recommend_for(&liked, &dismissed, FOR_YOU_LIMIT);
        if picks.is_empty() {
            return Some(
                view! { <p class="empty">"No recommendations yet: the liked films have no neighbours."</p> }
                    .into_any(),
            );
        }
        let own = state.shared_likes.with(Option::is_none);
        let cards = picks
            .into_iter()
            .map(|(index, reason)| {
                view! { <MovieCard catalog=catalog.clone() index=index reason=reason dismissable=own /> }
            })
            .collect_view();
        let measured = catalog
            .blob
            .info
            .recall_at_20
            .map(|r| format!(" (Recall@20 {:.1}% in offline evaluation)", r * 100.0))
            .unwrap_or_default();
        let films = if n == 1 { "film" } else { "films" };
        let model = table.model.label().to_lowercase();
        Some(
            view! {
                <p class="for-you-info">
                    {format!("From {n} liked {films}, computed in your browser with the “{model}” lists{measured}.")}
                </p>
                <ol class="neighbour-list for-you-list">{cards}</ol>
            }
            .into_any(),
        )
    };

    view! {
        <section class="for-you" aria-labelledby="for-you-heading">
            <h2 id="for-you-heading">"For you"</h2>
            {shared_banner}
            <div class="for-you-side">
                <TasteChips />
                <ImportPanel />
            </div>
            <h3 class="for-you-picks">"Recommended"</h3>
            {list}
        </section>
    }
}
