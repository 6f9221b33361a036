//! The title search box: suggestions on every keystroke, following the
//! WAI-ARIA combobox pattern (APG "editable combobox with list autocomplete").
//!
//! - The input has `role="combobox"`, `aria-expanded`, `aria-controls` (the
//!   listbox) and `aria-activedescendant` (the highlighted option's id):
//!   focus stays in the input the whole time, so typing is never
//!   interrupted, and screen readers announce the highlighted option.
//! - ArrowDown / ArrowUp move through the suggestions (wrapping; they also
//!   reopen a closed list, Alt+ArrowDown only reopens it), Enter opens the
//!   highlighted movie (or the first one), Escape closes the list and keeps
//!   the text (a second Escape clears it, as a search input does); Home and
//!   End keep their text-editing meaning, as the pattern recommends.
//! - Mouse and touch pick an option on `mousedown` (touch sends it too,
//!   after the tap) with its default prevented: the input keeps focus, so
//!   its blur cannot close the list before the pick lands.
//! - A polite live region says how many suggestions there are, or that
//!   nothing matches.
//!
//! The search itself is [`crate::search::TitleIndex::search`]: tens of
//! microseconds per keystroke (see BENCHMARKS.md), so it runs synchronously
//! in a memo, with no debounce. Each run is recorded as a
//! `reelgraph:search` performance measure for the browser benchmark.

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

use crate::io::location::open_movie;
use crate::search::TitleIndex;
use crate::state::{AppState, SUGGESTION_LIMIT};

/// `id` of the suggestion list (`aria-controls` of the input).
pub const LISTBOX_ID: &str = "suggestions";

/// `id` of the option at `position` in the list (0-based).
pub fn option_id(position: usize) -> String {
    format!("suggestion-{position}")
}

/// Name of the performance measure recorded around every search.
pub const SEARCH_MEASURE: &str = "reelgraph:search";
const SEARCH_START_MARK: &str = "reelgraph:search-start";

/// Runs one search, recorded on the page's performance timeline as a
/// [`SEARCH_MEASURE`] measure (its duration is the search time, in ms).
fn timed_search(titles: &TitleIndex, query: &str) -> Vec<u32> {
    let performance = web_sys::window().and_then(|w| w.performance());
    if let Some(p) = &performance {
        // A failed mark only loses a benchmark figure.
        let _ = p.mark(SEARCH_START_MARK);
    }
    let found = titles.search(query, SUGGESTION_LIMIT);
    if let Some(p) = &performance {
        let _ = p.measure_with_start_mark(SEARCH_MEASURE, SEARCH_START_MARK);
        p.clear_marks_with_mark_name(SEARCH_START_MARK);
    }
    found
}

/// Where the highlight goes for a key press, given the current highlight
/// and the number of suggestions (`count` > 0): ArrowDown from nowhere
/// starts at the top, ArrowUp from nowhere at the bottom; both wrap.
pub fn step(active: Option<usize>, count: usize, down: bool) -> usize {
    match (active, down) {
        (None, true) => 0,
        (None, false) => count - 1,
        (Some(i), true) => (i + 1) % count,
        (Some(i), false) => (i + count - 1) % count,
    }
}

/// Search input with a suggestion list. Picking a suggestion opens the
/// movie ([`open_movie`]) and puts its label in the box.
#[component]
pub fn SearchBox() -> impl IntoView {
    let state = expect_context::<AppState>();
    let open = RwSignal::new(false);
    // Position of the highlighted suggestion, if the visitor moved into the list.
    let active = RwSignal::new(None::<usize>);

    let suggestions = Memo::new(move |_| {
        let query = state.query.get();
        match state.ready() {
            Some(catalog) => timed_search(&catalog.titles, &query),
            None => Vec::new(),
        }
    });
    let has_query = move || state.query.with(|q| !q.trim().is_empty());
    let expanded = move || open.get() && !suggestions.with(Vec::is_empty);
    // The highlight only counts while the list shows and still has that row.
    let active_position = move || {
        active
            .get()
            .filter(|&p| expanded() && p < suggestions.with(Vec::len))
    };

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
        let count = suggestions.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" | "ArrowUp" if count > 0 => {
                ev.prevent_default();
                let was_open = open.get_untracked();
                open.set(true);
                if ev.alt_key() {
                    // Alt+ArrowDown shows the list without moving into it.
                    return;
                }
                let current = active.get_untracked().filter(|_| was_open);
                active.set(Some(step(current, count, ev.key() == "ArrowDown")));
            }
            "Enter" => {
                let position = active.get_untracked().unwrap_or(0);
                let picked = suggestions.with_untracked(|s| s.get(position).copied());
                if let Some(index) = picked {
                    ev.prevent_default();
                    choose(index);
                }
            }
            // First Escape closes the list and keeps the text (a search
            // input would clear itself); a second one clears as usual.
            "Escape" if open.get_untracked() && count > 0 => {
                ev.prevent_default();
                open.set(false);
                active.set(None);
            }
            "Tab" => {
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
                let is_active = move || active_position() == Some(pos);
                Some(view! {
                    <li
                        id=option_id(pos)
                        role="option"
                        class="suggestion"
                        class:active=is_active
                        aria-selected=move || is_active().to_string()
                        // mousedown, not click: it fires before the input
                        // loses focus; preventing its default keeps focus in
                        // the input, so the list is still there.
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

    // What the live region announces: counts, not titles (the highlighted
    // title is announced through aria-activedescendant).
    let status = move || {
        if !open.get() || !has_query() {
            return String::new();
        }
        match suggestions.with(Vec::len) {
            0 => "No matching titles".to_string(),
            1 => "1 suggestion, use the arrow keys to choose".to_string(),
            n => format!("{n} suggestions, use the arrow keys to choose"),
        }
    };
    let no_match = move || open.get() && has_query() && suggestions.with(Vec::is_empty);

    view! {
        <div class="search">
            <label for="search-input" class="search-label">"Search a movie"</label>
            <input
                id="search-input"
                class="search-input"
                type="search"
                role="combobox"
                autocomplete="off"
                autocapitalize="none"
                spellcheck="false"
                enterkeyhint="go"
                placeholder="e.g. Toy Story, Amélie, The Godfather"
                aria-autocomplete="list"
                aria-controls=LISTBOX_ID
                aria-expanded=move || expanded().to_string()
                aria-activedescendant=move || active_position().map(option_id)
                prop:value=move || state.query.get()
                on:input=move |ev| {
                    state.query.set(event_target_value(&ev));
                    open.set(true);
                    active.set(None);
                }
                on:focus=move |_| open.set(true)
                on:click=move |_| open.set(true)
                on:blur=move |_| {
                    open.set(false);
                    active.set(None);
                }
                on:keydown=on_keydown
            />
            <ul
                id=LISTBOX_ID
                role="listbox"
                aria-label="Suggestions"
                class="suggestions"
                hidden=move || !expanded()
            >
                {options}
            </ul>
            <p class="search-no-match" hidden=move || !no_match()>
                "No title matches — check the spelling, or try fewer words."
            </p>
            <p id="search-status" class="visually-hidden" role="status" aria-live="polite">
                {status}
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::step;

    #[test]
    fn arrows_wrap_around_the_list() {
        assert_eq!(step(None, 5, true), 0);
        assert_eq!(step(None, 5, false), 4);
        assert_eq!(step(Some(4), 5, true), 0);
        assert_eq!(step(Some(0), 5, false), 4);
        assert_eq!(step(Some(2), 5, true), 3);
    }
}
