//! The visitor's taste set as removable chips: liked movies (each a link
//! and a remove button), dismissed ones folded away with an undo, and any
//! note about the set (movies dropped by a new catalogue).

use leptos::prelude::*;

use crate::io::location::{href, movie_route};
use crate::state::AppState;

/// Liked and dismissed movies of the taste set, editable.
#[component]
pub fn TasteChips() -> impl IntoView {
    let state = expect_context::<AppState>();
    let note = move || {
        state.taste_note.get().map(|text| {
            view! {
                <div class="note" role="status">
                    <p>{text}</p>
                    <button type="button" class="note-close" on:click=move |_| state.taste_note.set(None)>
                        "Dismiss note"
                    </button>
                </div>
            }
        })
    };
    let liked = move || {
        let catalog = state.ready()?;
        let ids = state.taste.with(|t| t.liked().to_vec());
        if ids.is_empty() {
            return Some(
                view! {
                    <p class="empty">
                        "Nothing yet: press “I like this” on a movie's page, or import your ratings below."
                    </p>
                }
                .into_any(),
            );
        }
        let chips = ids
            .into_iter()
            .filter_map(|id| {
                let label = catalog.movie_by_id(id)?.label();
                let remove = format!("Remove {label} from your taste");
                Some(view! {
                    <li class="chip">
                        <a class="chip-title" href=href(&movie_route(state, id))>{label}</a>
                        <button
                            type="button"
                            class="chip-remove"
                            aria-label=remove.clone()
                            title=remove
                            on:click=move |_| state.taste.update(|t| {
                                t.unlike(id);
                            })
                        >
                            <span aria-hidden="true">"×"</span>
                        </button>
                    </li>
                })
            })
            .collect_view();
        Some(view! { <ul class="chips liked-chips">{chips}</ul> }.into_any())
    };
    let dismissed = move || {
        let catalog = state.ready()?;
        let ids = state.taste.with(|t| t.dismissed().to_vec());
        if ids.is_empty() {
            return None;
        }
        let count = ids.len();
        let chips = ids
            .into_iter()
            .filter_map(|id| {
                let label = catalog.movie_by_id(id)?.label();
                let undo = format!("Undo “not interested” for {label}");
                Some(view! {
                    <li class="chip chip-dismissed">
                        <span class="chip-title">{label}</span>
                        <button
                            type="button"
                            class="chip-remove"
                            aria-label=undo.clone()
                            title=undo
                            on:click=move |_| state.taste.update(|t| {
                                t.undismiss(id);
                            })
                        >
                            <span aria-hidden="true">"↺"</span>
                        </button>
                    </li>
                })
            })
            .collect_view();
        Some(view! {
            <details class="dismissed">
                <summary>{format!("Not interested ({count})")}</summary>
                <ul class="chips">{chips}</ul>
            </details>
        })
    };
    let count = move || state.taste.with(|t| t.liked().len());
    view! {
        <section class="taste" aria-labelledby="taste-heading">
            <h3 id="taste-heading">
                "Your taste " <span class="count">{move || format!("({} liked)", count())}</span>
            </h3>
            {note}
            {liked}
            {dismissed}
        </section>
    }
}
