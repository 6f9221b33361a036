//! Browser tests of the TMDB client (`reelgraph::io::tmdb`), the movie
//! details component and the grid cards' posters, with a fake network: one
//! request per movie, at most a few in flight (one until the key is
//! accepted), 401/404/429/malformed/offline handling, the persistent cache
//! in `localStorage`, grid posters asked for only once seen, and remote text
//! rendered as text only.

#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Poll, Waker};
use std::time::Duration;

use common::sample_blob;
use leptos::prelude::*;
use reelgraph::components::{MovieCard, MovieDetails};
use reelgraph::io::tmdb::{
    Auth, ClientConfig, Priority, Reply, ReplyFuture, Status, TmdbClient, Transport,
};
use reelgraph::state::{AppState, Catalog, LoadState};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const KEY: &str = "0123456789abcdef0123456789abcdef";
const TOY_STORY: &str = include_str!("fixtures/tmdb/862.json");
const JUMANJI: &str = include_str!("fixtures/tmdb/8844.json");

/// Resolves after `ms` milliseconds (a browser timer).
fn sleep(ms: u64) -> impl Future<Output = ()> {
    let state = Rc::new(RefCell::new((false, None::<Waker>)));
    let timer = state.clone();
    set_timeout(
        move || {
            let mut s = timer.borrow_mut();
            s.0 = true;
            if let Some(w) = s.1.take() {
                w.wake();
            }
        },
        Duration::from_millis(ms),
    );
    std::future::poll_fn(move |cx| {
        let mut s = state.borrow_mut();
        if s.0 {
            Poll::Ready(())
        } else {
            s.1 = Some(cx.waker().clone());
            Poll::Pending
        }
    })
}

/// Waits until `cond` holds, failing after `ms` milliseconds.
async fn until(what: &str, ms: u64, cond: impl Fn() -> bool) {
    let start = js_sys::Date::now();
    while !cond() {
        assert!(
            js_sys::Date::now() - start < ms as f64,
            "timed out waiting for {what}"
        );
        sleep(10).await;
    }
}

/// The async executor Leptos uses is started by mounting something.
fn start_executor() {
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    std::mem::forget(leptos::mount::mount_to(host.unchecked_into(), || ()));
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// What the fake network saw.
#[derive(Default)]
struct Seen {
    /// (url, authorization) of every request, in order.
    requests: RefCell<Vec<(String, Option<String>)>>,
    in_flight: Cell<usize>,
    max_in_flight: Cell<usize>,
}

impl Seen {
    fn count(&self) -> usize {
        self.requests.borrow().len()
    }
    fn count_for(&self, id: u32) -> usize {
        let needle = format!("/3/movie/{id}?");
        self.requests
            .borrow()
            .iter()
            .filter(|(u, _)| u.contains(&needle))
            .count()
    }
}

/// A transport answering with `answer(tmdb_id, nth request for it)` →
/// (delay in ms, reply).
fn fake(answer: impl Fn(u32, usize) -> (u64, Reply) + 'static) -> (Transport, Rc<Seen>) {
    let seen = Rc::new(Seen::default());
    let answer = Rc::new(answer);
    let log = seen.clone();
    let transport: Transport = Rc::new(move |url: String, auth: Option<String>| {
        let id: u32 = url
            .split("/3/movie/")
            .nth(1)
            .and_then(|rest| rest.split('?').next())
            .and_then(|id| id.parse().ok())
            .unwrap_or(0);
        log.requests.borrow_mut().push((url, auth));
        let (delay, reply) = answer(id, log.count_for(id));
        let log = log.clone();
        Box::pin(async move {
            log.in_flight.set(log.in_flight.get() + 1);
            log.max_in_flight
                .set(log.max_in_flight.get().max(log.in_flight.get()));
            sleep(delay).await;
            log.in_flight.set(log.in_flight.get() - 1);
            reply
        }) as ReplyFuture
    });
    (transport, seen)
}

fn ok(body: &str) -> Reply {
    Reply::Http {
        status: 200,
        retry_after: None,
        body: body.to_string(),
    }
}

fn status(code: u16, retry_after: Option<&str>) -> Reply {
    Reply::Http {
        status: code,
        retry_after: retry_after.map(String::from),
        body: r#"{"success": false}"#.to_string(),
    }
}

/// A movie body for any id (what the fake serves for grid posters).
fn movie(id: u32) -> String {
    format!(r#"{{"id": {id}, "title": "Movie {id}", "poster_path": "/p{id}.jpg"}}"#)
}

/// A client with its own storage keys (cleared) and a saved key.
fn client(name: &str, transport: Transport) -> TmdbClient {
    start_executor();
    let prefix = format!("test.tmdb.{name}");
    for key in ["credential", "cache"] {
        storage().remove_item(&format!("{prefix}.{key}")).unwrap();
    }
    storage()
        .set_item(&format!("{prefix}.credential"), KEY)
        .unwrap();
    let config = ClientConfig {
        api_base: "https://tmdb.test".into(),
        image_base: "https://img.test/t/p".into(),
        storage_prefix: prefix,
        max_parallel: 4,
        build_credential: None,
    };
    TmdbClient::new(config, transport)
}

#[wasm_bindgen_test]
async fn one_request_per_movie_and_the_details_arrive() {
    let (transport, seen) = fake(|id, _| (20, ok(if id == 862 { TOY_STORY } else { JUMANJI })));
    let tmdb = client("once", transport);
    tmdb.request(862, Priority::High);
    tmdb.request(862, Priority::Low);
    assert!(tmdb.status(862).is_pending());
    until("the details", 5_000, || {
        matches!(tmdb.status(862), Status::Ready(_))
    })
    .await;
    tmdb.request(862, Priority::High);
    sleep(50).await;
    assert_eq!(seen.count(), 1, "deduplicated, then cached");
    let (url, auth) = seen.requests.borrow()[0].clone();
    assert_eq!(
        url,
        format!("https://tmdb.test/3/movie/862?append_to_response=credits,videos&api_key={KEY}")
    );
    assert_eq!(auth, None);
    let details = tmdb.details(862).unwrap();
    assert_eq!(details.title, "Toy Story");
    assert_eq!(details.directors, ["John Lasseter"]);
    assert_eq!(tmdb.auth(), Auth::Accepted);
    let poster = tmdb.poster(862).unwrap();
    assert_eq!(
        poster.src,
        "https://img.test/t/p/w185/uXDfjJbdP4ijW5hWSBrPrlKpxab.jpg"
    );
    assert!(poster
        .srcset
        .ends_with("/w342/uXDfjJbdP4ijW5hWSBrPrlKpxab.jpg 342w"));
}

#[wasm_bindgen_test]
async fn at_most_four_in_flight_and_the_movie_on_screen_first() {
    let (transport, seen) = fake(|id, _| (40, ok(&movie(id))));
    let tmdb = client("parallel", transport);
    for id in 1..=12 {
        tmdb.request(id, Priority::Low);
    }
    tmdb.request(99, Priority::High);
    until("all twelve", 5_000, || {
        (1..=12).all(|id| tmdb.poster_path(id).is_some())
    })
    .await;
    until("the high-priority one", 5_000, || {
        tmdb.details(99).is_some()
    })
    .await;
    assert_eq!(seen.count(), 13);
    assert_eq!(seen.max_in_flight.get(), 4);
    let order: Vec<String> = seen
        .requests
        .borrow()
        .iter()
        .map(|(u, _)| u.clone())
        .collect();
    let position = order.iter().position(|u| u.contains("/movie/99?")).unwrap();
    assert!(
        position <= 4,
        "queued high priority went first among waiting: {position}"
    );
    assert_eq!(tmdb.poster_path(7).as_deref(), Some("/p7.jpg"));
}

#[wasm_bindgen_test]
async fn a_401_stops_requests_until_the_key_changes() {
    let bad = Rc::new(Cell::new(true));
    let is_bad = bad.clone();
    let (transport, seen) = fake(move |id, _| {
        if is_bad.get() {
            (10, status(401, None))
        } else {
            (10, ok(&movie(id)))
        }
    });
    let tmdb = client("unauthorized", transport);
    for id in 1..=9 {
        tmdb.request(id, Priority::Low);
    }
    until("the rejection", 5_000, || tmdb.auth() == Auth::Rejected).await;
    until("the in-flight ones", 5_000, || seen.in_flight.get() == 0).await;
    let sent = seen.count();
    assert_eq!(sent, 1, "one request at a time until the key is accepted");
    assert!((1..=9).all(|id| tmdb.status(id) == Status::Idle));
    tmdb.request(20, Priority::High);
    sleep(50).await;
    assert_eq!(seen.count(), sent, "nothing sent after a 401");

    bad.set(false);
    assert!(tmdb.set_visitor_credential("not a key").is_err());
    tmdb.set_visitor_credential("fedcba9876543210fedcba9876543210")
        .unwrap();
    assert_eq!(tmdb.auth(), Auth::Unknown);
    tmdb.request(20, Priority::High);
    until("a request with the new key", 5_000, || {
        tmdb.details(20).is_some()
    })
    .await;
    assert!(seen
        .requests
        .borrow()
        .last()
        .unwrap()
        .0
        .ends_with("api_key=fedcba9876543210fedcba9876543210"));
}

#[wasm_bindgen_test]
async fn a_token_goes_in_the_authorization_header() {
    let (transport, seen) = fake(|id, _| (0, ok(&movie(id))));
    let tmdb = client("token", transport);
    let token = "eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln";
    tmdb.set_visitor_credential(token).unwrap();
    tmdb.request(5, Priority::High);
    until("the details", 5_000, || tmdb.details(5).is_some()).await;
    let (url, auth) = seen.requests.borrow()[0].clone();
    assert!(!url.contains("api_key"), "{url}");
    assert_eq!(auth.as_deref(), Some(format!("Bearer {token}").as_str()));
}

#[wasm_bindgen_test]
async fn a_429_waits_for_retry_after_then_succeeds() {
    let (transport, seen) = fake(|id, n| {
        if n == 1 {
            (0, status(429, Some("1")))
        } else {
            (0, ok(&movie(id)))
        }
    });
    let tmdb = client("rate-limited", transport);
    let start = js_sys::Date::now();
    tmdb.request(3, Priority::High);
    until("the pause", 2_000, || {
        matches!(tmdb.status(3), Status::Retrying { .. })
    })
    .await;
    // Others wait for the pause too.
    tmdb.request(4, Priority::Low);
    sleep(300).await;
    assert_eq!(seen.count(), 1, "nothing is sent during the pause");
    until("the retry", 5_000, || {
        tmdb.details(3).is_some() && tmdb.details(4).is_some()
    })
    .await;
    assert!(
        js_sys::Date::now() - start >= 1_000.0,
        "Retry-After: 1 was honoured"
    );
    assert_eq!(seen.count_for(3), 2);
}

#[wasm_bindgen_test]
async fn not_found_malformed_and_offline_are_told_apart() {
    let online = Rc::new(Cell::new(false));
    let up = online.clone();
    let (transport, seen) = fake(move |id, _| match id {
        404 => (0, status(404, None)),
        500 => (0, ok("{\"id\": 500, \"title\": ")),
        _ if !up.get() => (0, Reply::Network("offline".into())),
        _ => (0, ok(&movie(id))),
    });
    let tmdb = client("failures", transport);
    for id in [404, 500, 600] {
        tmdb.request(id, Priority::Low);
    }
    until("three answers", 5_000, || {
        [404, 500, 600]
            .iter()
            .all(|&id| !tmdb.status(id).is_pending())
    })
    .await;
    assert_eq!(tmdb.status(404), Status::NotFound);
    assert!(
        matches!(tmdb.status(500), Status::Malformed(reason) if reason.contains("not valid JSON"))
    );
    assert!(matches!(tmdb.status(600), Status::Unavailable(_)));
    assert_eq!(
        tmdb.auth(),
        Auth::Unknown,
        "failures say nothing about the key"
    );

    // A 404 is remembered; an offline failure is retried on demand.
    tmdb.request(404, Priority::High);
    online.set(true);
    tmdb.retry(600);
    until("the retry", 5_000, || tmdb.details(600).is_some()).await;
    assert_eq!(seen.count_for(404), 1);
    assert_eq!(seen.count_for(600), 2);
}

#[wasm_bindgen_test]
async fn the_persistent_cache_answers_the_next_visit() {
    let (transport, seen) = fake(|id, _| match id {
        404 => (0, status(404, None)),
        _ => (0, ok(&movie(id))),
    });
    let tmdb = client("persistent", transport);
    tmdb.request(11, Priority::High);
    tmdb.request(404, Priority::High);
    until("the answers", 5_000, || {
        tmdb.details(11).is_some() && tmdb.status(404) == Status::NotFound
    })
    .await;
    let key = "test.tmdb.persistent.cache";
    until("the save", 5_000, || {
        storage().get_item(key).unwrap().is_some()
    })
    .await;

    // A new visit: same storage, a network that must not be used.
    let (transport, unused) = fake(|_, _| (0, Reply::Network("must not be called".into())));
    let config = ClientConfig {
        api_base: "https://tmdb.test".into(),
        image_base: "https://img.test/t/p".into(),
        storage_prefix: "test.tmdb.persistent".into(),
        max_parallel: 4,
        build_credential: None,
    };
    let next = TmdbClient::new(config, transport);
    next.request(11, Priority::High);
    next.request(404, Priority::High);
    assert_eq!(next.poster_path(11).as_deref(), Some("/p11.jpg"));
    assert_eq!(next.status(404), Status::NotFound);
    assert_eq!(unused.count(), 0);
    assert_eq!(seen.count(), 2);
}

#[wasm_bindgen_test]
fn no_credential_means_no_request() {
    start_executor();
    let (transport, seen) = fake(|id, _| (0, ok(&movie(id))));
    storage().remove_item("test.tmdb.none.credential").unwrap();
    let config = ClientConfig {
        storage_prefix: "test.tmdb.none".into(),
        build_credential: None,
        ..ClientConfig::default()
    };
    let tmdb = TmdbClient::new(config.clone(), transport.clone());
    assert_eq!(tmdb.credential(), None);
    tmdb.request(1, Priority::High);
    assert_eq!(tmdb.status(1), Status::Idle);
    assert_eq!(seen.count(), 0);
    // A key built into the site is used when the visitor has none.
    let site = TmdbClient::new(
        ClientConfig {
            build_credential: Some(KEY.into()),
            ..config
        },
        transport,
    );
    assert!(site.credential().is_some());
}

fn mount_details(state: AppState, tmdb: TmdbClient) -> web_sys::HtmlElement {
    let host: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    std::mem::forget(leptos::mount::mount_to(host.clone(), move || {
        provide_context(state);
        provide_context(tmdb);
        view! { <MovieDetails /> }
    }));
    host
}

fn catalog_state() -> AppState {
    let mut blob = sample_blob();
    blob.movies[0].tmdb_id = Some(862);
    blob.movies[1].tmdb_id = Some(13);
    let state = AppState::new();
    state
        .catalog
        .set(LoadState::Ready(Arc::new(Catalog::new(blob))));
    state.selected.set(Some(0));
    state
}

#[wasm_bindgen_test]
async fn the_details_render_remote_text_as_text() {
    let hostile = r#"{"id": 13, "title": "<b>Bold</b>",
        "overview": "<img src=x onerror=\"window.__pwned=1\"> & more",
        "tagline": "<script>window.__pwned=1</script>",
        "poster_path": "/ok.jpg",
        "credits": {"cast": [{"name": "<i>Name</i>", "character": "<u>Role</u>", "order": 0}]}}"#;
    let (transport, _seen) =
        fake(move |id, _| (30, ok(if id == 862 { TOY_STORY } else { hostile })));
    let tmdb = client("component", transport);
    let state = catalog_state();
    let host = mount_details(state, tmdb);
    leptos::task::tick().await;
    assert!(
        host.query_selector(".tmdb-loading").unwrap().is_some(),
        "loading first"
    );
    until("Toy Story's details", 5_000, || {
        host.query_selector(".tmdb-tagline").unwrap().is_some()
    })
    .await;
    let text = |sel: &str| {
        host.query_selector(sel)
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap()
    };
    assert_eq!(
        text(".tmdb-facts"),
        "Released 30 Oct 1995 · 1 h 21 min · TMDB 8.0/10 · 18,253 votes"
    );
    assert_eq!(text(".tmdb-director-names"), "John Lasseter");
    let poster = host.query_selector("img.tmdb-poster").unwrap().unwrap();
    assert_eq!(poster.get_attribute("loading").as_deref(), Some("lazy"));
    assert!(poster.get_attribute("srcset").unwrap().contains("/w342/"));

    state.selected.set(Some(1));
    until("the other movie", 5_000, || {
        host.query_selector(".tmdb-overview")
            .unwrap()
            .is_some_and(|e| e.text_content().unwrap().contains("more"))
    })
    .await;
    assert_eq!(
        text(".tmdb-overview"),
        "<img src=x onerror=\"window.__pwned=1\"> & more"
    );
    assert_eq!(text(".tmdb-tagline"), "<script>window.__pwned=1</script>");
    assert_eq!(text(".cast-name"), "<i>Name</i>");
    let section = host.query_selector(".tmdb-details").unwrap().unwrap();
    assert_eq!(
        section
            .query_selector_all("script, b, i, u")
            .unwrap()
            .length(),
        0
    );
    assert_eq!(
        section.query_selector_all("img").unwrap().length(),
        1,
        "only the poster"
    );
    assert!(
        js_sys::Reflect::get(&web_sys::window().unwrap(), &"__pwned".into())
            .unwrap()
            .is_undefined()
    );
}

#[wasm_bindgen_test]
async fn without_a_key_the_details_say_how_to_add_one() {
    start_executor();
    let (transport, seen) = fake(|id, _| (0, ok(&movie(id))));
    storage().remove_item("test.tmdb.hint.credential").unwrap();
    let config = ClientConfig {
        storage_prefix: "test.tmdb.hint".into(),
        build_credential: None,
        ..ClientConfig::default()
    };
    let tmdb = TmdbClient::new(config, transport);
    let host = mount_details(catalog_state(), tmdb);
    leptos::task::tick().await;
    let hint = host.query_selector(".tmdb-hint").unwrap().expect("a hint");
    assert!(hint.text_content().unwrap().contains("TMDB API key"));
    let button: web_sys::HtmlElement = hint
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    button.click();
    assert!(
        tmdb.settings_open.get_untracked(),
        "the button opens the settings"
    );
    assert_eq!(seen.count(), 0);
}

/// An element in the page, `offset_px` below the top of the document.
fn placed(offset_px: u32) -> web_sys::Element {
    let element = document().create_element("div").unwrap();
    element
        .set_attribute(
            "style",
            &format!("position:absolute;left:0;top:{offset_px}px;width:10px;height:10px"),
        )
        .unwrap();
    document().body().unwrap().append_child(&element).unwrap();
    element
}

#[wasm_bindgen_test]
async fn grid_posters_are_asked_for_once_seen() {
    let (transport, seen) = fake(|id, _| (0, ok(&movie(id))));
    let tmdb = client("visible", transport);
    let near = placed(0);
    let far = placed(20_000);
    tmdb.request_when_visible(&near, 31);
    tmdb.request_when_visible(&far, 32);
    until("the card in view", 5_000, || tmdb.poster_path(31).is_some()).await;
    sleep(100).await;
    assert_eq!(seen.count_for(32), 0, "a card out of view is not asked for");
    assert_eq!(tmdb.status(32), Status::Idle);

    far.scroll_into_view();
    until("the card scrolled to", 5_000, || {
        tmdb.poster_path(32).is_some()
    })
    .await;
    // Seen again: neither is asked for twice.
    window_scroll_to(0);
    near.scroll_into_view();
    sleep(100).await;
    assert_eq!((seen.count_for(31), seen.count_for(32)), (1, 1));

    // Gone before it was seen: never asked for.
    window_scroll_to(0);
    let dropped = placed(40_000);
    tmdb.request_when_visible(&dropped, 33);
    tmdb.stop_watching(&dropped);
    dropped.scroll_into_view();
    sleep(150).await;
    assert_eq!(seen.count_for(33), 0);
    for e in [near, far, dropped] {
        e.remove();
    }
    window_scroll_to(0);
}

fn window_scroll_to(y: i32) {
    web_sys::window()
        .unwrap()
        .scroll_to_with_x_and_y(0.0, f64::from(y));
}

#[wasm_bindgen_test]
async fn grid_cards_without_a_key_ask_nothing() {
    start_executor();
    let (transport, seen) = fake(|id, _| (0, ok(&movie(id))));
    storage()
        .remove_item("test.tmdb.cards-none.credential")
        .unwrap();
    let config = ClientConfig {
        storage_prefix: "test.tmdb.cards-none".into(),
        build_credential: None,
        ..ClientConfig::default()
    };
    let tmdb = TmdbClient::new(config, transport);
    let host = mount_cards(catalog_state(), tmdb);
    sleep(200).await;
    assert_eq!(seen.count(), 0, "no credential, no request");
    assert_eq!(host.query_selector_all(".poster").unwrap().length(), 2);
    assert_eq!(host.query_selector_all("img").unwrap().length(), 0);
    host.remove();
}

fn mount_cards(state: AppState, tmdb: TmdbClient) -> web_sys::HtmlElement {
    let host: web_sys::HtmlElement = document().create_element("ul").unwrap().unchecked_into();
    document()
        .body()
        .unwrap()
        .prepend_with_node_1(&host)
        .unwrap();
    std::mem::forget(leptos::mount::mount_to(host.clone(), move || {
        provide_context(state);
        provide_context(tmdb);
        let catalog = state.ready().unwrap();
        view! {
            <MovieCard catalog=catalog.clone() index=0 reason=String::new() />
            <MovieCard catalog=catalog index=1 reason=String::new() />
        }
    }));
    host
}

#[wasm_bindgen_test]
async fn grid_cards_show_the_poster_over_the_placeholder() {
    // Toy Story (862) has a poster; the other card's movie (13) is a 404.
    let (transport, seen) = fake(|id, _| match id {
        862 => (20, ok(TOY_STORY)),
        _ => (20, status(404, None)),
    });
    let tmdb = client("cards", transport);
    let host = mount_cards(catalog_state(), tmdb);
    until("the poster", 5_000, || {
        host.query_selector("img.poster-image").unwrap().is_some()
    })
    .await;
    until("the 404", 5_000, || tmdb.status(13) == Status::NotFound).await;
    let images = host.query_selector_all("img.poster-image").unwrap();
    assert_eq!(images.length(), 1, "the 404 keeps its placeholder");
    let img: web_sys::Element = images.get(0).unwrap().unchecked_into();
    let attr = |name: &str| img.get_attribute(name).unwrap_or_default();
    assert_eq!(
        attr("src"),
        "https://img.test/t/p/w185/uXDfjJbdP4ijW5hWSBrPrlKpxab.jpg"
    );
    assert_eq!(
        attr("srcset"),
        "https://img.test/t/p/w185/uXDfjJbdP4ijW5hWSBrPrlKpxab.jpg 185w, \
         https://img.test/t/p/w342/uXDfjJbdP4ijW5hWSBrPrlKpxab.jpg 342w"
    );
    assert_eq!(attr("sizes"), reelgraph::tmdb::GRID_POSTER_SIZES);
    assert_eq!(attr("loading"), "lazy");
    assert_eq!(attr("decoding"), "async");
    assert_eq!(attr("alt"), "");
    // Laid over the placeholder, which is still there underneath.
    let poster = img.parent_element().unwrap();
    assert!(poster.class_list().contains("poster"));
    assert!(poster.query_selector(".poster-initials").unwrap().is_some());
    assert_eq!(
        host.query_selector_all(".poster-initials")
            .unwrap()
            .length(),
        2
    );
    assert_eq!((seen.count_for(862), seen.count_for(13)), (1, 1));
    // img.test does not exist: a poster that fails to load is hidden and
    // the placeholder shows.
    until("the broken image hidden", 10_000, || {
        img.has_attribute("hidden")
    })
    .await;
    host.remove();
}

#[wasm_bindgen_test]
async fn grid_cards_follow_a_key_added_later() {
    start_executor();
    let (transport, seen) = fake(|id, _| match id {
        862 => (20, ok(TOY_STORY)),
        _ => (20, status(404, None)),
    });
    let prefix = "test.tmdb.cards-later";
    for key in ["credential", "cache"] {
        storage().remove_item(&format!("{prefix}.{key}")).unwrap();
    }
    let config = ClientConfig {
        api_base: "https://tmdb.test".into(),
        image_base: "https://img.test/t/p".into(),
        storage_prefix: prefix.into(),
        max_parallel: 4,
        build_credential: None,
    };
    let tmdb = TmdbClient::new(config, transport);
    let host = mount_cards(catalog_state(), tmdb);
    sleep(100).await;
    assert_eq!(seen.count(), 0);
    tmdb.set_visitor_credential(KEY).unwrap();
    until("the poster", 5_000, || {
        host.query_selector("img.poster-image").unwrap().is_some()
    })
    .await;
    assert_eq!((seen.count_for(862), seen.count_for(13)), (1, 1));
    host.remove();
}
