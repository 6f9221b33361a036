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
