//! The title search box: suggestions on every keystroke, following the
//! WAI-ARIA combobox pattern (arrows move, Enter picks, Escape closes).

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

use crate::io::location::open_movie;
use crate::state::{AppState, SUGGESTION_LIMIT};

/// Search input with a suggestion list. Picking a suggestion selects the
/// movie in [`AppState::selected`].
#[component]
pub fn SearchBox() -> impl IntoView {
    let state = expect_context::<AppState>();
    let open = RwSignal::new(false);
    // Position of the highlighted suggestion, if the visitor moved into the list.
    let active = RwSignal::new(None::<usize>);

    let suggestions = Memo::new(move |_| {
        let query = state.query.get();
        match state.ready() {
            Some(catalog) => catalog.titles.search(&query, SUGGESTION_LIMIT),
            None => Vec::new(),
        }
    });
    let expanded = move || open.get() && !suggestions.with(Vec::is_empty);

    let choose = move |index: u32| {
        if let Some(catalog) = state.ready_untracked() {
            if let Some(movie) = catalog.movie(index) {
                state.query.set(movie.label());
            }
        }
        open_movie(state, index);
        open.set(false);
        active.set(None);
    };

    let on_keydown = move |ev: KeyboardEvent| {
        let count = suggestions.with(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if count > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % count)));
            }
            "ArrowUp" if count > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = Some(a.map_or(count - 1, |i| (i + count - 1) % count)));
            }
            "Enter" => {
                let picked = suggestions.with(|s| s.get(active.get().unwrap_or(0)).copied());
                if let Some(index) = picked {
                    ev.prevent_default();
                    choose(index);
                }
            }
            // First Escape closes the list and keeps the text (a search
            // input would clear itself); a second one clears as usual.
            "Escape" if expanded() => {
                ev.prevent_default();
                open.set(false);
                active.set(None);
            }
            _ => {}
        }
    };

    let options = move || {
        let catalog = state.ready()?;
        let rows = suggestions
            .get()
            .into_iter()
            .enumerate()
            .filter_map(|(pos, index)| {
                let movie = catalog.movie(index)?;
                let genres = catalog.genre_line(movie);
                let is_active = move || active.get() == Some(pos);
                Some(view! {
                    <li
                        id=format!("suggestion-{pos}")
                        role="option"
                        class="suggestion"
                        class:active=is_active
                        aria-selected=move || is_active().to_string()
                        // mousedown, not click: it fires before the input
                        // loses focus, so the list is still there.
                        on:mousedown=move |ev| {
                            ev.prevent_default();
                            choose(index);
                        }
                    >
                        <span class="suggestion-title">{movie.label()}</span>
                        <span class="suggestion-genres">{genres}</span>
                    </li>
                })
            })
            .collect_view();
        Some(rows)
    };

    view! {
        <div class="search">
            <label for="search-input" class="search-label">"Search a movie"</label>
            <input
                id="search-input"
                class="search-input"
                type="search"
                role="combobox"
                autocomplete="off"
                spellcheck="false"
                placeholder="e.g. Toy Story, Amélie, The Godfather"
                aria-autocomplete="list"
                aria-controls="suggestions"
                aria-expanded=move || expanded().to_string()
                aria-activedescendant=move || active.get().map(|p| format!("suggestion-{p}"))
                prop:value=move || state.query.get()
                on:input=move |ev| {
                    state.query.set(event_target_value(&ev));
                    open.set(true);
                    active.set(None);
                }
                on:focus=move |_| open.set(true)
                on:blur=move |_| open.set(false)
                on:keydown=on_keydown
            />
            <ul id="suggestions" role="listbox" aria-label="Suggestions" class="suggestions" hidden=move || !expanded()>
                {options}
            </ul>
        </div>
    }
}
