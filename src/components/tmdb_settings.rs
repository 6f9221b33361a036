//! The TMDB settings panel: where a visitor pastes a TMDB API key or
//! read-access token, sees which one is in use and whether TMDB accepts it,
//! and removes it.
//!
//! The key stays in this browser (`localStorage`) and is only ever sent to
//! TMDB; a site built with `REELGRAPH_TMDB_TOKEN` works without one. Storing
//! and using the key is [`TmdbClient`]'s job (`crate::io::tmdb`).

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;

use crate::io::tmdb::{Auth, CredentialSource, TmdbClient};

/// A collapsible panel; opens itself when [`TmdbClient::settings_open`] is
/// set (the movie details' "Add a TMDB key" button). Renders nothing without
/// a [`TmdbClient`] in context.
#[component]
pub fn TmdbSettings() -> impl IntoView {
    let Some(tmdb) = use_context::<TmdbClient>() else {
        return ().into_any();
    };
    let panel = NodeRef::<html::Details>::new();
    let input = NodeRef::<html::Input>::new();
    let feedback = RwSignal::new(None::<Result<String, String>>);

    // Opened from elsewhere on the page: bring the panel into view, ready to paste.
    Effect::new(move |_| {
        if tmdb.settings_open.get() {
            if let Some(panel) = panel.get() {
                panel.scroll_into_view();
            }
            if let Some(input) = input.get() {
                let _ = input.focus();
            }
        }
    });

    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(field) = input.get() else {
            return;
        };
        match tmdb.set_visitor_credential(&field.value()) {
            Ok(()) => {
                field.set_value("");
                feedback.set(Some(Ok(
                    "Saved in this browser. Movie pages now show TMDB details.".to_string(),
                )));
            }
            Err(help) => feedback.set(Some(Err(help))),
        }
    };
    let remove = move |_| {
        tmdb.remove_visitor_credential();
        feedback.set(Some(Ok(
            "Your key was removed from this browser.".to_string()
        )));
    };

    let in_use = move || {
        let Some(active) = tmdb.credential() else {
            return "No TMDB key yet: posters and details are off; everything else works."
                .to_string();
        };
        let whose = match active.source {
            CredentialSource::Visitor => "Using your TMDB",
            CredentialSource::Site => "Using this site's TMDB",
        };
        let verdict = match tmdb.auth() {
            Auth::Unknown => "",
            Auth::Accepted => " — TMDB accepts it.",
            Auth::Rejected => " — TMDB rejected it: paste a valid one below.",
        };
        format!("{whose} {}{verdict}", active.credential.kind())
    };
    let has_visitor_key = move || {
        tmdb.credential()
            .is_some_and(|c| c.source == CredentialSource::Visitor)
    };

    view! {
        <details
            class="tmdb-settings"
            node_ref=panel
            prop:open=move || tmdb.settings_open.get()
            on:toggle=move |_| {
                if let Some(panel) = panel.get_untracked() {
                    let open = panel.open();
                    if open != tmdb.settings_open.get_untracked() {
                        tmdb.settings_open.set(open);
                    }
                }
            }
        >
            <summary>"TMDB settings (posters and details)"</summary>
            <p class="tmdb-key-status">{in_use}</p>
            <form class="tmdb-key-form" on:submit=save>
                <label for="tmdb-key">"TMDB API key (v3) or read-access token (v4)"</label>
                <input
                    id="tmdb-key"
                    type="password"
                    autocomplete="off"
                    spellcheck="false"
                    node_ref=input
                />
                <button type="submit">"Save"</button>
                <Show when=has_visitor_key>
                    <button type="button" class="tmdb-remove-key" on:click=remove>
                        "Remove my key"
                    </button>
                </Show>
            </form>
            {move || {
                feedback
                    .get()
                    .map(|f| match f {
                        Ok(text) => view! { <p class="tmdb-key-feedback" role="status">{text}</p> }.into_any(),
                        Err(text) => view! { <p class="tmdb-key-feedback tmdb-key-error" role="alert">{text}</p> }.into_any(),
                    })
            }}
            <p class="tmdb-key-help">
                "Get a free key at "
                <a href="https://www.themoviedb.org/settings/api" target="_blank" rel="noopener noreferrer">
                    "themoviedb.org → Settings → API"
                </a>
                ". It is kept only in this browser and sent only to TMDB."
            </p>
        </details>
    }
    .into_any()
}
