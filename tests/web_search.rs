//! Browser tests (wasm-bindgen-test in headless Chromium) of the search box:
//! suggestions as you type, keyboard use and the WAI-ARIA combobox
//! attributes, mouse picks, typos and the no-match note.

#![cfg(target_arch = "wasm32")]

mod common;

use common::sample_blob;
use leptos::prelude::*;
use reelgraph::components::SearchBox;
use reelgraph::state::{AppState, Catalog, LoadState};
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// The search box mounted alone on the sample catalogue (Toy Story 0,
/// Jumanji 1, Toy Story 2 2, Amélie 3, Story of Us 4).
struct Mounted {
    state: AppState,
    host: web_sys::HtmlElement,
    input: web_sys::HtmlInputElement,
    _handle: Box<dyn std::any::Any>,
}

async fn mount() -> Mounted {
    let state = AppState::new();
    state
        .catalog
        .set(LoadState::Ready(Arc::new(Catalog::new(sample_blob()))));
    let host: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone(), move || {
        provide_context(state);
        view! { <SearchBox /> }
    });
    leptos::task::tick().await;
    let input = host
        .query_selector("#search-input")
        .unwrap()
        .expect("search box is mounted")
        .unchecked_into();
    Mounted {
        state,
        host,
        input,
        _handle: Box::new(handle),
    }
}

impl Mounted {
    async fn type_text(&self, text: &str) {
        self.input.focus().unwrap();
        self.input.set_value(text);
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        self.input
            .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
            .unwrap();
        leptos::task::tick().await;
    }

    /// Dispatches a keydown; returns true if the app prevented its default.
    async fn key(&self, key: &str) -> bool {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(key);
        init.set_bubbles(true);
        init.set_cancelable(true);
        let event =
            web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        self.input.dispatch_event(&event).unwrap();
        leptos::task::tick().await;
        event.default_prevented()
    }

    fn attr(&self, name: &str) -> Option<String> {
        self.input.get_attribute(name)
    }

    fn titles(&self) -> Vec<String> {
        let nodes = self
            .host
            .query_selector_all("[role=option] .suggestion-title")
            .unwrap();
        (0..nodes.length())
            .map(|i| nodes.item(i).unwrap().text_content().unwrap_or_default())
            .collect()
    }

    /// (id, aria-selected) of every option.
    fn options(&self) -> Vec<(String, String)> {
        let nodes = self.host.query_selector_all("[role=option]").unwrap();
        (0..nodes.length())
            .map(|i| {
                let el: web_sys::Element = nodes.item(i).unwrap().unchecked_into();
                (
                    el.id(),
                    el.get_attribute("aria-selected").unwrap_or_default(),
                )
            })
            .collect()
    }

    fn listbox_hidden(&self) -> bool {
        self.host
            .query_selector("#suggestions")
            .unwrap()
            .unwrap()
            .has_attribute("hidden")
    }
}

#[wasm_bindgen_test]
async fn typing_shows_an_aria_combobox_with_options() {
    let m = mount().await;
    assert_eq!(m.attr("role").as_deref(), Some("combobox"));
    assert_eq!(m.attr("aria-controls").as_deref(), Some("suggestions"));
    assert_eq!(m.attr("aria-expanded").as_deref(), Some("false"));
    let listbox = m.host.query_selector("#suggestions").unwrap().unwrap();
    assert_eq!(listbox.get_attribute("role").as_deref(), Some("listbox"));

    m.type_text("story").await;
    // "Story of Us" starts with the query; then the Toy Storys by popularity.
    assert_eq!(
        m.titles(),
        vec![
            "Story of Us (1999)",
            "Toy Story (1995)",
            "Toy Story 2 (1999)"
        ]
    );
    assert_eq!(m.attr("aria-expanded").as_deref(), Some("true"));
    assert!(!m.listbox_hidden());
    assert_eq!(m.attr("aria-activedescendant"), None, "no highlight yet");
    assert_eq!(
        m.options(),
        vec![
            ("suggestion-0".into(), "false".into()),
            ("suggestion-1".into(), "false".into()),
            ("suggestion-2".into(), "false".into()),
        ]
    );
    let status = m.host.query_selector("[role=status]").unwrap().unwrap();
    assert!(status.text_content().unwrap().starts_with("3 suggestions"));
    m.host.remove();
}

#[wasm_bindgen_test]
async fn arrows_move_the_highlight_and_enter_opens_the_movie() {
    let m = mount().await;
    m.type_text("story").await;
    assert!(m.key("ArrowDown").await, "arrow keys do not move the caret");
    assert_eq!(
        m.attr("aria-activedescendant").as_deref(),
        Some("suggestion-0")
    );
    assert_eq!(m.options()[0].1, "true");
    assert_eq!(m.options()[1].1, "false");
    m.key("ArrowDown").await;
    m.key("ArrowDown").await;
    assert_eq!(
        m.attr("aria-activedescendant").as_deref(),
        Some("suggestion-2")
    );
    m.key("ArrowDown").await;
    assert_eq!(
        m.attr("aria-activedescendant").as_deref(),
        Some("suggestion-0"),
        "wraps to the top"
    );
    m.key("ArrowUp").await;
    assert_eq!(
        m.attr("aria-activedescendant").as_deref(),
        Some("suggestion-2"),
        "wraps to the bottom"
    );
    assert!(m.key("Enter").await);
    assert_eq!(m.state.selected.get_untracked(), Some(2), "Toy Story 2");
    assert_eq!(m.state.query.get_untracked(), "Toy Story 2 (1999)");
    leptos::task::tick().await;
    assert_eq!(m.input.value(), "Toy Story 2 (1999)");
    assert_eq!(m.attr("aria-expanded").as_deref(), Some("false"));
    assert_eq!(m.attr("aria-activedescendant"), None);
    m.host.remove();
}

#[wasm_bindgen_test]
async fn enter_without_a_highlight_opens_the_first_suggestion() {
    let m = mount().await;
    m.type_text("toy").await;
    assert!(m.key("Enter").await);
    assert_eq!(m.state.selected.get_untracked(), Some(0), "Toy Story");
    m.host.remove();
}

#[wasm_bindgen_test]
async fn escape_closes_the_list_and_keeps_the_text() {
    let m = mount().await;
    m.type_text("toy").await;
    m.key("ArrowDown").await;
    assert!(m.key("Escape").await);
    assert_eq!(m.attr("aria-expanded").as_deref(), Some("false"));
    assert!(m.listbox_hidden());
    assert_eq!(m.attr("aria-activedescendant"), None);
    assert_eq!(m.input.value(), "toy");
    assert_eq!(m.state.selected.get_untracked(), None, "nothing was opened");
    // A second Escape is left to the browser (a search input clears).
    assert!(!m.key("Escape").await);
    // ArrowDown reopens the list at the top.
    m.key("ArrowDown").await;
    assert_eq!(m.attr("aria-expanded").as_deref(), Some("true"));
    assert_eq!(
        m.attr("aria-activedescendant").as_deref(),
        Some("suggestion-0")
    );
    // Typing again resets the highlight.
    m.type_text("toy s").await;
    assert_eq!(m.attr("aria-activedescendant"), None);
    m.host.remove();
}

#[wasm_bindgen_test]
async fn a_mouse_or_touch_pick_opens_the_movie() {
    let m = mount().await;
    m.type_text("toy").await;
    let second = m
        .host
        .query_selector_all("[role=option]")
        .unwrap()
        .item(1)
        .unwrap();
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    let down = web_sys::MouseEvent::new_with_mouse_event_init_dict("mousedown", &init).unwrap();
    second.dispatch_event(&down).unwrap();
    leptos::task::tick().await;
    assert!(down.default_prevented(), "the input keeps focus");
    assert_eq!(m.state.selected.get_untracked(), Some(2));
    leptos::task::tick().await;
    assert_eq!(m.input.value(), "Toy Story 2 (1999)");
    assert_eq!(m.attr("aria-expanded").as_deref(), Some("false"));
    m.host.remove();
}

#[wasm_bindgen_test]
async fn typos_still_suggest_and_no_match_says_so() {
    let m = mount().await;
    m.type_text("amelei").await;
    assert_eq!(m.titles(), vec!["Amélie (2001)"]);
    m.type_text("jumanij").await;
    assert_eq!(m.titles(), vec!["Jumanji (1995)"]);

    let note = m.host.query_selector(".search-no-match").unwrap().unwrap();
    assert!(note.has_attribute("hidden"));
    m.type_text("qwxzv").await;
    assert!(m.titles().is_empty());
    assert_eq!(m.attr("aria-expanded").as_deref(), Some("false"));
    assert!(!note.has_attribute("hidden"), "the no-match note shows");
    let status = m.host.query_selector("[role=status]").unwrap().unwrap();
    assert_eq!(status.text_content().unwrap(), "No matching titles");
    m.host.remove();
}

#[wasm_bindgen_test]
async fn every_search_is_measured_for_the_benchmark() {
    let m = mount().await;
    let performance = web_sys::window().unwrap().performance().unwrap();
    let before = performance.get_entries_by_name("reelgraph:search").length();
    m.type_text("toy").await;
    m.type_text("toy s").await;
    let after = performance.get_entries_by_name("reelgraph:search").length();
    assert!(after >= before + 2, "{before} → {after}");
    m.host.remove();
}

/// Deterministic xorshift64 generator for the synthetic catalogue.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// 90,000 titles: a few real ones the queries look for, buried among
/// synthetic titles made of common words and made-up ones (skewed so that
/// common words are common), with skewed rating counts.
fn synthetic_catalogue(total: usize) -> Vec<reelgraph::blob::Movie> {
    const COMMON: &[&str] = &[
        "The", "of", "Love", "Man", "Night", "Day", "Story", "Life", "World", "Last", "King",
        "War", "Girl", "Dead", "House", "Black", "Time", "City", "Blood", "Star", "Lord", "Dark",
        "Knight", "Red", "Little", "American", "Big", "Secret", "Lost", "Return",
    ];
    const SYLLABLES: &[&str] = &[
        "ka", "lo", "mi", "ren", "tor", "sha", "vel", "dun", "bra", "ki", "mor", "zan", "te",
        "qui", "lan", "po", "sa", "nik", "ur", "gel", "fa", "rho", "den", "wi",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut words: Vec<String> = COMMON.iter().map(|w| w.to_string()).collect();
    for _ in 0..20_000 {
        let mut word: String = (0..2 + rng.below(3))
            .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
            .collect();
        word[..1].make_ascii_uppercase();
        words.push(word);
    }
    let movie = |movie_id, title: String, year, ratings| reelgraph::blob::Movie {
        movie_id,
        title,
        year: Some(year),
        genres: 0,
        ratings,
        mean_rating_tenths: 0,
        imdb_id: None,
        tmdb_id: None,
    };
    let mut movies = vec![
        movie(318, "The Shawshank Redemption".into(), 1994, 317),
        movie(858, "The Godfather".into(), 1972, 192),
        movie(4973, "Amélie".into(), 2001, 120),
        movie(52885, "Paprika".into(), 2006, 37),
        movie(4993, "The Lord of the Rings".into(), 2001, 198),
    ];
    while movies.len() < total {
        let title: Vec<&str> = (0..1 + rng.below(4))
            .map(|_| {
                // Squaring skews towards the front: common words first.
                let r = rng.below(words.len());
                words[r * r / words.len()].as_str()
            })
            .collect();
        let ratings = (300 / (1 + rng.below(300))) as u32;
        let year = 1920 + rng.below(105) as u16;
        movies.push(movie(
            movies.len() as u32 + 1_000_000,
            title.join(" "),
            year,
            ratings,
        ));
    }
    movies
}

/// Timing in the browser (not an assertion of speed): build the index for
/// 9,742 and 90,000 synthetic titles and search every prefix of a few
/// queries, many times over (performance.now() is coarse). Run with
/// `cargo test --release --target wasm32-unknown-unknown --test web_search
/// -- --include-ignored --nocapture`; the figures are in BENCHMARKS.md.
#[wasm_bindgen_test]
#[ignore]
fn search_timing_with_10k_and_90k_titles() {
    let performance = web_sys::window().unwrap().performance().unwrap();
    let queries = [
        "toy story",
        "the godfather",
        "amelie",
        "star wars",
        "lord of the rings",
        "paprika 2006",
        "shawshenk",
        "godfater",
        "amelei",
        "qwxzv",
    ];
    let typed: Vec<&str> = queries
        .iter()
        .flat_map(|q| q.char_indices().map(move |(i, c)| &q[..i + c.len_utf8()]))
        .collect();
    for total in [9_742, 90_000] {
        let movies = synthetic_catalogue(total);
        let start = performance.now();
        let index = reelgraph::search::TitleIndex::new(&movies);
        let build = performance.now() - start;
        assert_eq!(index.search("shawshenk", 8)[0], 0);
        // One untimed round first: the browser compiles hot wasm functions
        // again, optimised, once they have run a while.
        for q in &typed {
            index.search(q, 8);
        }
        const ROUNDS: usize = 20;
        let start = performance.now();
        let mut found = 0;
        for _ in 0..ROUNDS {
            for q in &typed {
                found += index.search(q, 8).len();
            }
        }
        let per_keystroke_us = (performance.now() - start) * 1000.0 / (ROUNDS * typed.len()) as f64;
        console_log!(
            "{total} titles: index built in {build:.0} ms; {} keystrokes × {ROUNDS}: {per_keystroke_us:.1} µs per keystroke ({found} suggestions)",
            typed.len()
        );
        assert!(found > 0);
    }
}
