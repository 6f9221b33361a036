//! The site's two screens as navigation links: search and "For you".

use leptos::ev::MouseEvent;
use leptos::prelude::*;

use crate::io::location::{href, open_for_you, open_home};
use crate::route::Route;
use crate::state::AppState;

/// "Search" and "For you (n)" links; the current one is marked
/// `aria-current="page"`.
#[component]
pub fn SiteNav() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Plain clicks stay in the app; modified ones open tabs as usual.
    let plain =
        |ev: &MouseEvent| !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.button() != 0);
    let on_home = move |ev: MouseEvent| {
        if plain(&ev) {
            ev.prevent_default();
            open_home(state);
        }
    };
    let on_for_you = move |ev: MouseEvent| {
        if plain(&ev) {
            ev.prevent_default();
            open_for_you(state);
        }
    };
    let liked = move || state.taste.with(|t| t.liked().len());
    let current = |yes: bool| yes.then_some("page");
    view! {
        <nav class="site-nav" aria-label="Main">
            <a
                class="nav-link nav-search"
                href=move || href(&Route::home())
                aria-current=move || current(!state.for_you.get() && state.selected.get().is_none())
                on:click=on_home
            >
                "Search"
            </a>
            <a
                class="nav-link nav-for-you"
                href=move || href(&Route::ForYou { like: None })
                aria-current=move || current(state.for_you.get())
                on:click=on_for_you
            >
                "For you"
                <span class="badge" hidden=move || liked() == 0>
                    <span class="visually-hidden">", "</span>
                    {liked}
                    <span class="visually-hidden">" liked"</span>
                </span>
            </a>
        </nav>
    }
}
