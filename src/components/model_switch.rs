//! Chooses which neighbour lists the movie page shows ("Best match",
//! "Similar story", "Fans also liked"): one radio button per table the blob
//! carries, in the blob's order — the first is the default. The choice
//! lands in the URL (`#/movie/318?model=content`) through
//! `crate::io::location::follow_url`, which rewrites the current history
//! entry rather than adding one: Back goes to the previous movie.

use leptos::prelude::*;

use crate::state::AppState;

/// A radio group over the blob's neighbour tables; hidden when there is
/// only one. Labels come from [`crate::blob::Model::label`].
#[component]
pub fn ModelSwitch() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let catalog = state.ready()?;
        if catalog.blob.tables.len() < 2 {
            return None;
        }
        let current = catalog.table(state.model.get()).map(|t| t.model);
        let options = catalog
            .blob
            .tables
            .iter()
            .enumerate()
            .map(|(position, table)| {
                let model = table.model;
                let id = format!("model-{position}");
                let label_for = id.clone();
                // The first table is the default: choosing it clears the choice.
                let value = (position > 0).then_some(model);
                view! {
                    <label class="model-option" class:chosen=current == Some(model) for=label_for>
                        <input
                            id=id
                            type="radio"
                            name="model"
                            prop:checked=current == Some(model)
                            on:change=move |_| state.model.set(value)
                        />
                        {model.label()}
                    </label>
                }
            })
            .collect_view();
        Some(view! {
            <fieldset class="model-switch">
                <legend class="visually-hidden">"Show neighbours by"</legend>
                {options}
            </fieldset>
        })
    }
}
