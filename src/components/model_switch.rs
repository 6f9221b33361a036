//! Chooses which neighbour lists the movie page shows ("Similar story",
//! "Fans also liked", …): one radio button per model the blob carries.

use leptos::prelude::*;

use crate::state::AppState;

/// A radio group over the blob's neighbour tables; hidden when there is
/// only one.
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
            .map(|table| {
                let model = table.model;
                view! {
                    <label class="model-option" class:chosen=current == Some(model)>
                        <input
                            type="radio"
                            name="model"
                            prop:checked=current == Some(model)
                            on:change=move |_| state.model.set(Some(model))
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
