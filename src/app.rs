//! The root component: creates the shared state, starts the blob download,
//! wires the URL and the saved taste, and lays out the page.

use leptos::prelude::*;

use crate::components::{ForYou, LoadStatus, MoviePanel, SearchBox, SiteFooter, SiteNav};
use crate::io::blob_loader::{blob_url, load_into};
use crate::io::location::{follow_title, follow_url};
use crate::io::storage::follow_taste;
use crate::io::tmdb::TmdbClient;
use crate::state::AppState;

/// The whole app. Mount it with `leptos::mount::mount_to_body(App)`.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    provide_context(TmdbClient::from_browser());
    // Before the download: the saved taste is read synchronously, so a
    // shared "For you" link is compared with it once the catalogue arrives.
    follow_taste(state);
    load_into(state, blob_url());
    follow_url(state);
    follow_title(state);
    view! { <Page /> }
}

/// The page layout for whatever [`AppState`] is in context; split from
/// [`App`] so tests can mount it on a state they prepared.
#[component]
pub fn Page() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <header class="site-header">
            <div class="header-row">
                <h1 class="brand">"Reelgraph"</h1>
                <Show when=move || state.ready().is_some()>
                    <SiteNav />
                </Show>
            </div>
            <p class="tagline">"Find films like the ones you love — computed right here in your browser."</p>
        </header>
        <main class="content">
            <LoadStatus />
            <Show when=move || state.ready().is_some()>
                <SearchBox />
                <Show when=move || state.for_you.get() fallback=MoviePanel>
                    <ForYou />
                </Show>
            </Show>
        </main>
        <SiteFooter />
    }
}
