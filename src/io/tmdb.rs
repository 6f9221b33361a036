//! The TMDB client: fetches movie details straight from the browser (the
//! site stays static), one request per movie
//! (`/3/movie/{id}?append_to_response=credits,videos`).
//!
//! What it guarantees, so components only ever read a [`Status`] signal:
//! - **one request per movie**: answers are kept in memory for the visit and
//!   in `localStorage` for [`crate::tmdb::FRESH_FOR_MS`] (a 404 for a day),
//!   and a movie already queued or in flight is never requested again;
//! - **at most [`MAX_PARALLEL`] requests at once**, the movie on screen
//!   ([`Priority::High`]) ahead of grid posters ([`Priority::Low`]); one at
//!   a time until TMDB has accepted the credential, so a bad key costs one
//!   request, not a page of posters;
//! - **grid posters only when seen**: [`TmdbClient::request_when_visible`]
//!   asks once a card comes near the viewport (one shared
//!   `IntersectionObserver`; on mount where there is none);
//! - **401** (bad key): [`Auth::Rejected`], the queue is dropped and nothing
//!   more is sent until the key changes, so the page says so once;
//! - **404**: [`Status::NotFound`]: the page shows the blob's data only;
//! - **429**: every request pauses for `Retry-After` (capped, with a default
//!   when the header is absent or not exposed cross-origin), then resumes;
//! - **network failure, timeout, 5xx**: [`Status::Unavailable`], retried on
//!   demand ([`TmdbClient::retry`]) or when the browser comes back online;
//! - **a body that is not a TMDB movie**: [`Status::Malformed`] with a short
//!   reason — never a panic.
//!
//! Credentials are a v3 API key (sent as `api_key=`) or a v4 read-access
//! token (sent as `Authorization: Bearer`), told apart by their shape
//! ([`Credential::detect`]). The visitor's own one lives only in their
//! browser's `localStorage`; a site owner may instead build one in with
//! `REELGRAPH_TMDB_TOKEN` (then it is public: anyone can read it in the wasm).
//!
//! Base URLs can be overridden at run time in `localStorage`
//! (`reelgraph.tmdb.api_base`, `reelgraph.tmdb.image_base`) so tests point
//! the client at a local server. The network itself is a [`Transport`], so
//! browser tests can also swap it for a fake one.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::tmdb::{
    movie_url, parse_details, poster_urls, retry_delay_ms, CacheEntry, Credential, Details,
    DiskCache, ImageUrls, CACHE_MAX_BYTES, DEFAULT_API_BASE, DEFAULT_IMAGE_BASE,
};

/// Prefix of every `localStorage` key the client uses.
pub const STORAGE_PREFIX: &str = "reelgraph.tmdb";
/// Requests in flight at once (requests).
pub const MAX_PARALLEL: usize = 4;
/// A request that has not answered after this long is abandoned (ms).
pub const TIMEOUT_MS: u64 = 20_000;
/// 429 answers tolerated for one movie before giving up until asked again.
pub const MAX_RATE_LIMITED: u32 = 5;
/// Saving the persistent cache waits this long for more answers (ms).
const SAVE_DELAY_MS: u64 = 300;
/// How near the viewport a grid card must come before its poster is asked
/// for (CSS margin: about one grid row ahead).
pub const VISIBLE_MARGIN: &str = "200px";
/// Attribute holding the TMDB id of an element watched by
/// [`TmdbClient::request_when_visible`].
const WATCH_ATTR: &str = "data-tmdb-id";
/// A key or token built into the site by its owner (public by nature).
pub const BUILD_CREDENTIAL: Option<&str> = option_env!("REELGRAPH_TMDB_TOKEN");

/// Where the client sends requests and keeps its data.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientConfig {
    /// API host, e.g. `https://api.themoviedb.org` (no `/3`).
    pub api_base: String,
    /// Image host with its path, e.g. `https://image.tmdb.org/t/p`.
    pub image_base: String,
    /// Prefix of the `localStorage` keys (`<prefix>.credential`, `<prefix>.cache`).
    pub storage_prefix: String,
    /// Requests in flight at once.
    pub max_parallel: usize,
    /// The site's built-in key or token, used when the visitor has none.
    pub build_credential: Option<String>,
}

impl Default for ClientConfig {
    /// TMDB's hosts, [`STORAGE_PREFIX`], [`MAX_PARALLEL`], [`BUILD_CREDENTIAL`].
    fn default() -> Self {
        ClientConfig {
            api_base: DEFAULT_API_BASE.to_string(),
            image_base: DEFAULT_IMAGE_BASE.to_string(),
            storage_prefix: STORAGE_PREFIX.to_string(),
            max_parallel: MAX_PARALLEL,
            build_credential: BUILD_CREDENTIAL
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from),
        }
    }
}

impl ClientConfig {
    /// The defaults with the base URLs overridden from `localStorage`
    /// (`<prefix>.api_base`, `<prefix>.image_base`) when those hold an
    /// `http(s)://` or `/`-rooted URL.
    pub fn from_browser() -> Self {
        let mut config = ClientConfig::default();
        let read = |name: &str| {
            storage_get(&format!("{}.{name}", config.storage_prefix))
                .map(|v| v.trim().trim_end_matches('/').to_string())
                .filter(|v| {
                    v.starts_with("https://") || v.starts_with("http://") || v.starts_with('/')
                })
        };
        if let Some(api) = read("api_base") {
            config.api_base = api;
        }
        if let Some(images) = read("image_base") {
            config.image_base = images;
        }
        config
    }
}

/// What the network answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// An HTTP answer: status, `Retry-After` if readable, body text.
    Http {
        status: u16,
        retry_after: Option<String>,
        body: String,
    },
    /// No answer: offline, DNS, CORS, timeout… (a description).
    Network(String),
}

/// A future the transport returns.
pub type ReplyFuture = Pin<Box<dyn Future<Output = Reply>>>;
/// Sends `GET url` with an optional `Authorization` header value.
pub type Transport = Rc<dyn Fn(String, Option<String>) -> ReplyFuture>;

/// The real network: gloo-net `fetch`, abandoned after `timeout_ms` (ms).
pub fn browser_transport(timeout_ms: u64) -> Transport {
    Rc::new(move |url: String, authorization: Option<String>| {
        Box::pin(async move {
            let controller = web_sys::AbortController::new().ok();
            let signal = controller.as_ref().map(|c| c.signal());
            let mut request =
                gloo_net::http::Request::get(&url).header("Accept", "application/json");
            if let Some(value) = &authorization {
                request = request.header("Authorization", value);
            }
            let request = request.abort_signal(signal.as_ref());
            let timer = controller.and_then(|c| {
                set_timeout_with_handle(move || c.abort(), Duration::from_millis(timeout_ms)).ok()
            });
            let reply = match request.send().await {
                Err(e) => Reply::Network(e.to_string()),
                Ok(response) => {
                    let status = response.status();
                    let retry_after = response.headers().get("retry-after");
                    match response.text().await {
                        Ok(body) => Reply::Http {
                            status,
                            retry_after,
                            body,
                        },
                        Err(e) => Reply::Network(format!("the answer was cut off: {e}")),
                    }
                }
            };
            if let Some(timer) = timer {
                timer.clear();
            }
            reply
        }) as ReplyFuture
    })
}

/// Where one movie's details stand.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// Not asked for (or no credential, or the key was rejected).
    Idle,
    /// Waiting for a free slot.
    Queued,
    /// The request is in flight.
    Loading,
    /// TMDB said 429; the request goes again at `at_ms` (ms since 1970).
    Retrying { at_ms: f64 },
    /// Fetched (now or from a cache).
    Ready(Arc<Details>),
    /// TMDB has no such movie (404).
    NotFound,
    /// Network failure, timeout or server error (a description); retry on demand.
    Unavailable(String),
    /// TMDB's answer could not be read (a description).
    Malformed(String),
}

impl Status {
    /// Whether an answer is on its way (queued, in flight or waiting out a 429).
    pub fn is_pending(&self) -> bool {
        matches!(
            self,
            Status::Queued | Status::Loading | Status::Retrying { .. }
        )
    }
}

/// Whether a request goes ahead of others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Priority {
    /// The movie on screen: first in the queue.
    High,
    /// Grid posters: after everything already queued.
    Low,
}

/// Whose credential is in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialSource {
    /// Pasted by the visitor, kept in their `localStorage`.
    Visitor,
    /// Built into the site (`REELGRAPH_TMDB_TOKEN`).
    Site,
}

/// The credential in use and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveCredential {
    pub credential: Credential,
    pub source: CredentialSource,
}

/// What TMDB thinks of the credential in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// Not used yet, or changed since.
    Unknown,
    /// A request with it succeeded.
    Accepted,
    /// TMDB said 401: nothing is sent until the credential changes.
    Rejected,
}

/// What the grid cards' observer calls with its entries.
type ObserverCallback = Closure<dyn FnMut(js_sys::Array)>;

struct Inner {
    config: ClientConfig,
    transport: Transport,
    statuses: HashMap<u32, ArcRwSignal<Status>>,
    queue: VecDeque<u32>,
    active: usize,
    paused_until_ms: f64,
    wake_scheduled: bool,
    rate_limited: HashMap<u32, u32>,
    disk: Option<DiskCache>,
    save_scheduled: bool,
    generation: u64,
    sent: u64,
    /// The grid cards' observer and its callback (kept alive with it),
    /// created on first use.
    observer: Option<(web_sys::IntersectionObserver, ObserverCallback)>,
}

/// Handle on the client; `Copy`, provided through context by the app.
#[derive(Clone, Copy)]
pub struct TmdbClient {
    inner: StoredValue<Inner, LocalStorage>,
    credential: RwSignal<Option<ActiveCredential>>,
    auth: RwSignal<Auth>,
    /// Whether the settings panel is open (the details ask to open it).
    pub settings_open: RwSignal<bool>,
}

impl TmdbClient {
    /// A client on `config`, sending through `transport`. Reads the
    /// visitor's credential from `localStorage`, else the config's built-in one.
    pub fn new(config: ClientConfig, transport: Transport) -> Self {
        let credential = load_credential(&config);
        TmdbClient {
            inner: StoredValue::new_local(Inner {
                config,
                transport,
                statuses: HashMap::new(),
                queue: VecDeque::new(),
                active: 0,
                paused_until_ms: 0.0,
                wake_scheduled: false,
                rate_limited: HashMap::new(),
                disk: None,
                save_scheduled: false,
                generation: 0,
                sent: 0,
                observer: None,
            }),
            credential: RwSignal::new(credential),
            auth: RwSignal::new(Auth::Unknown),
            settings_open: RwSignal::new(false),
        }
    }

    /// The app's client: [`ClientConfig::from_browser`] over the real
    /// network; movies that failed for want of a network are asked again
    /// when the browser comes back online.
    pub fn from_browser() -> Self {
        let client = TmdbClient::new(ClientConfig::from_browser(), browser_transport(TIMEOUT_MS));
        // Lives as long as the page; the handle is not needed.
        let _ = window_event_listener(leptos::ev::online, move |_| client.retry_unavailable());
        client
    }

    /// The credential in use, if any (tracked).
    pub fn credential(&self) -> Option<ActiveCredential> {
        self.credential.get()
    }

    /// Whether TMDB accepted or rejected the credential (tracked).
    pub fn auth(&self) -> Auth {
        self.auth.get()
    }

    /// The image host, e.g. `https://image.tmdb.org/t/p`.
    pub fn image_base(&self) -> String {
        self.inner
            .try_with_value(|i| i.config.image_base.clone())
            .unwrap_or_default()
    }

    /// Requests sent so far (requests), for tests and diagnostics.
    pub fn requests_sent(&self) -> u64 {
        self.inner.try_with_value(|i| i.sent).unwrap_or(0)
    }

    /// Uses a pasted key or token from now on and keeps it in this browser's
    /// `localStorage`. The error says what a key looks like.
    pub fn set_visitor_credential(&self, text: &str) -> Result<(), String> {
        let credential = Credential::detect(text)
            .ok_or_else(|| crate::tmdb::CREDENTIAL_SHAPE_HELP.to_string())?;
        if let Some(prefix) = self
            .inner
            .try_with_value(|i| i.config.storage_prefix.clone())
        {
            storage_set(&format!("{prefix}.credential"), credential.as_str());
        }
        self.replace_credential(Some(ActiveCredential {
            credential,
            source: CredentialSource::Visitor,
        }));
        Ok(())
    }

    /// Forgets the visitor's key or token (from `localStorage` too); the
    /// site's built-in one, if any, takes over.
    pub fn remove_visitor_credential(&self) {
        let Some(config) = self.inner.try_with_value(|i| i.config.clone()) else {
            return;
        };
        storage_remove(&format!("{}.credential", config.storage_prefix));
        self.replace_credential(load_credential(&config));
    }

    fn replace_credential(&self, next: Option<ActiveCredential>) {
        self.inner.try_update_value(|i| i.generation += 1);
        self.auth.set(Auth::Unknown);
        self.credential.set(next);
        self.pump();
    }

    /// The status signal of a movie, created on first use.
    fn signal(&self, tmdb_id: u32) -> Option<ArcRwSignal<Status>> {
        self.inner.try_update_value(|i| {
            i.statuses
                .entry(tmdb_id)
                .or_insert_with(|| ArcRwSignal::new(Status::Idle))
                .clone()
        })
    }

    /// Where a movie's details stand (tracked).
    pub fn status(&self, tmdb_id: u32) -> Status {
        self.signal(tmdb_id)
            .map(|s| s.get())
            .unwrap_or(Status::Idle)
    }

    /// A movie's details if fetched (tracked).
    pub fn details(&self, tmdb_id: u32) -> Option<Arc<Details>> {
        match self.status(tmdb_id) {
            Status::Ready(d) => Some(d),
            _ => None,
        }
    }

    /// A movie's poster path on TMDB (`/abc.jpg`) if fetched and it has one
    /// (tracked). Call [`TmdbClient::request`] first.
    pub fn poster_path(&self, tmdb_id: u32) -> Option<String> {
        self.details(tmdb_id).and_then(|d| d.poster_path.clone())
    }

    /// `src`/`srcset` (w185, w342) of a movie's poster, if known (tracked).
    /// For grids: [`TmdbClient::request_when_visible`], then render this
    /// with `sizes=crate::tmdb::GRID_POSTER_SIZES` and `loading="lazy"`
    /// (`crate::components::Poster` does).
    pub fn poster(&self, tmdb_id: u32) -> Option<ImageUrls> {
        let path = self.poster_path(tmdb_id)?;
        poster_urls(&self.image_base(), &path)
    }

    /// Asks for a movie's details: answered from memory or the persistent
    /// cache when possible, else queued (deduplicated). Does nothing without
    /// a credential or after a 401. Call from effects and event handlers.
    pub fn request(&self, tmdb_id: u32, priority: Priority) {
        if self.credential.get_untracked().is_none() || self.auth.get_untracked() == Auth::Rejected
        {
            return;
        }
        let Some(signal) = self.signal(tmdb_id) else {
            return;
        };
        match signal.get_untracked() {
            Status::Ready(_) | Status::NotFound => return,
            Status::Queued => {
                if priority == Priority::High {
                    self.inner.try_update_value(|i| {
                        i.queue.retain(|&id| id != tmdb_id);
                        i.queue.push_front(tmdb_id);
                    });
                }
                return;
            }
            Status::Loading | Status::Retrying { .. } => return,
            Status::Idle | Status::Unavailable(_) | Status::Malformed(_) => {}
        }
        let now = now_ms();
        let cached = self
            .inner
            .try_update_value(|i| {
                let prefix = i.config.storage_prefix.clone();
                let disk = i.disk.get_or_insert_with(|| load_disk(&prefix));
                disk.get(tmdb_id, now as u64).cloned()
            })
            .flatten();
        if let Some(entry) = cached {
            signal.set(match entry.details {
                Some(d) => Status::Ready(Arc::new(d)),
                None => Status::NotFound,
            });
            return;
        }
        self.inner.try_update_value(|i| match priority {
            Priority::High => i.queue.push_front(tmdb_id),
            Priority::Low => i.queue.push_back(tmdb_id),
        });
        signal.set(Status::Queued);
        self.pump();
    }

    /// For grid posters: asks for a movie ([`Priority::Low`]) once `element`
    /// comes within [`VISIBLE_MARGIN`] of the viewport, or at once where the
    /// browser has no `IntersectionObserver`. Does nothing without a
    /// credential or after a 401 (call again when that changes). Pair with
    /// [`TmdbClient::stop_watching`] when the element goes away.
    pub fn request_when_visible(&self, element: &web_sys::Element, tmdb_id: u32) {
        if self.credential.get_untracked().is_none() || self.auth.get_untracked() == Auth::Rejected
        {
            return;
        }
        // Already answered or on its way: nothing to watch for.
        let status = self.signal(tmdb_id).map(|s| s.get_untracked());
        if matches!(status, Some(Status::Ready(_) | Status::NotFound))
            || status.is_some_and(|s| s.is_pending())
        {
            return;
        }
        match self.observer() {
            Some(observer) => {
                // Only a number: nothing remote reaches the attribute.
                let _ = element.set_attribute(WATCH_ATTR, &tmdb_id.to_string());
                observer.observe(element);
            }
            None => self.request(tmdb_id, Priority::Low),
        }
    }

    /// Stops watching an element given to [`TmdbClient::request_when_visible`].
    pub fn stop_watching(&self, element: &web_sys::Element) {
        if let Some(observer) = self
            .inner
            .try_with_value(|i| i.observer.as_ref().map(|(o, _)| o.clone()))
            .flatten()
        {
            observer.unobserve(element);
        }
    }

    /// The shared observer of grid cards, created on first use.
    fn observer(&self) -> Option<web_sys::IntersectionObserver> {
        if let Some(existing) = self
            .inner
            .try_with_value(|i| i.observer.as_ref().map(|(o, _)| o.clone()))?
        {
            return Some(existing);
        }
        let client = *self;
        let callback = ObserverCallback::new(move |entries: js_sys::Array| {
            for entry in entries.iter() {
                let entry: web_sys::IntersectionObserverEntry = entry.unchecked_into();
                if !entry.is_intersecting() {
                    continue;
                }
                let target = entry.target();
                client.stop_watching(&target);
                if let Some(id) = target
                    .get_attribute(WATCH_ATTR)
                    .and_then(|v| v.parse().ok())
                {
                    client.request(id, Priority::Low);
                }
            }
        });
        let options = web_sys::IntersectionObserverInit::new();
        options.set_root_margin(VISIBLE_MARGIN);
        let observer = web_sys::IntersectionObserver::new_with_options(
            callback.as_ref().unchecked_ref(),
            &options,
        )
        .ok()?;
        self.inner
            .try_update_value(|i| i.observer = Some((observer.clone(), callback)));
        Some(observer)
    }

    /// Asks again for a movie whose request failed (the "Try again" button).
    pub fn retry(&self, tmdb_id: u32) {
        self.request(tmdb_id, Priority::High);
    }

    /// Asks again for every movie that failed for want of a network.
    pub fn retry_unavailable(&self) {
        let failed: Vec<u32> = self
            .inner
            .try_with_value(|i| {
                i.statuses
                    .iter()
                    .filter(|(_, s)| matches!(s.get_untracked(), Status::Unavailable(_)))
                    .map(|(id, _)| *id)
                    .collect()
            })
            .unwrap_or_default();
        for id in failed {
            self.request(id, Priority::Low);
        }
    }

    /// Starts queued requests while slots are free and no 429 pause runs.
    fn pump(&self) {
        if self.credential.get_untracked().is_none() || self.auth.get_untracked() == Auth::Rejected
        {
            return;
        }
        let accepted = self.auth.get_untracked() == Auth::Accepted;
        let now = now_ms();
        let mut start = Vec::new();
        let mut wake_in = None;
        self.inner.try_update_value(|i| {
            if now < i.paused_until_ms {
                if !i.wake_scheduled {
                    i.wake_scheduled = true;
                    wake_in = Some(i.paused_until_ms - now);
                }
                return;
            }
            // One at a time until TMDB has accepted the credential.
            let limit = if accepted {
                i.config.max_parallel.max(1)
            } else {
                1
            };
            while i.active < limit {
                let Some(id) = i.queue.pop_front() else {
                    break;
                };
                i.active += 1;
                i.sent += 1;
                start.push((id, i.statuses.get(&id).cloned()));
            }
        });
        if let Some(ms) = wake_in {
            let client = *self;
            set_timeout(
                move || {
                    client.inner.try_update_value(|i| i.wake_scheduled = false);
                    client.pump();
                },
                Duration::from_millis(ms.ceil() as u64),
            );
        }
        for (id, signal) in start {
            if let Some(signal) = &signal {
                signal.set(Status::Loading);
            }
            let client = *self;
            spawn_local(async move { client.fetch(id).await });
        }
    }

    /// One request for one movie, and what its answer does.
    async fn fetch(self, tmdb_id: u32) {
        let credential = self.credential.get_untracked();
        let setup = self
            .inner
            .try_with_value(|i| (i.config.api_base.clone(), i.transport.clone(), i.generation));
        let (Some(active), Some((api_base, transport, generation))) = (credential, setup) else {
            self.inner.try_update_value(|i| i.active -= 1);
            return;
        };
        let url = movie_url(&api_base, tmdb_id, &active.credential);
        let reply = transport(url, active.credential.bearer()).await;

        let Some(signal) = self.signal(tmdb_id) else {
            return;
        };
        let current = self.inner.try_update_value(|i| {
            i.active -= 1;
            i.generation == generation
        }) == Some(true);
        let next = match reply {
            Reply::Http {
                status: 200, body, ..
            } => match parse_details(&body, tmdb_id) {
                Ok(details) => {
                    if current {
                        self.auth.set(Auth::Accepted);
                    }
                    self.remember(tmdb_id, Some(details.clone()));
                    Status::Ready(Arc::new(details))
                }
                Err(reason) => Status::Malformed(reason),
            },
            Reply::Http { status: 404, .. } => {
                self.remember(tmdb_id, None);
                Status::NotFound
            }
            Reply::Http { status: 401, .. } if !current => {
                // Sent with a credential replaced since: ask again with the new one.
                self.inner.try_update_value(|i| i.queue.push_front(tmdb_id));
                Status::Queued
            }
            Reply::Http { status: 401, .. } => {
                self.auth.set(Auth::Rejected);
                let dropped: Vec<ArcRwSignal<Status>> = self
                    .inner
                    .try_update_value(|i| {
                        let ids: Vec<u32> = i.queue.drain(..).collect();
                        ids.iter()
                            .filter_map(|id| i.statuses.get(id).cloned())
                            .collect()
                    })
                    .unwrap_or_default();
                for s in dropped {
                    s.set(Status::Idle);
                }
                Status::Idle
            }
            Reply::Http {
                status: 429,
                retry_after,
                ..
            } => {
                let now = now_ms();
                let delay = retry_delay_ms(retry_after.as_deref(), (now / 1000.0) as u64) as f64;
                self.inner
                    .try_update_value(|i| {
                        let tries = i.rate_limited.entry(tmdb_id).or_insert(0);
                        *tries += 1;
                        if *tries > MAX_RATE_LIMITED {
                            i.rate_limited.remove(&tmdb_id);
                            return Status::Unavailable(
                                "TMDB is receiving too many requests".to_string(),
                            );
                        }
                        i.paused_until_ms = i.paused_until_ms.max(now + delay);
                        i.queue.push_front(tmdb_id);
                        Status::Retrying {
                            at_ms: i.paused_until_ms,
                        }
                    })
                    .unwrap_or(Status::Idle)
            }
            Reply::Http { status, .. } => {
                Status::Unavailable(format!("TMDB answered HTTP {status}"))
            }
            Reply::Network(reason) => Status::Unavailable(reason),
        };
        if !matches!(next, Status::Retrying { .. }) {
            self.inner
                .try_update_value(|i| i.rate_limited.remove(&tmdb_id));
        }
        signal.set(next);
        self.pump();
    }

    /// Records an answer in the persistent cache and schedules a save.
    fn remember(&self, tmdb_id: u32, details: Option<Details>) {
        let now = now_ms() as u64;
        let schedule = self
            .inner
            .try_update_value(|i| {
                let prefix = i.config.storage_prefix.clone();
                i.disk.get_or_insert_with(|| load_disk(&prefix)).insert(
                    tmdb_id,
                    CacheEntry {
                        fetched_at_ms: now,
                        details,
                    },
                );
                !std::mem::replace(&mut i.save_scheduled, true)
            })
            .unwrap_or(false);
        if schedule {
            let client = *self;
            set_timeout(move || client.save(), Duration::from_millis(SAVE_DELAY_MS));
        }
    }

    /// Writes the persistent cache to `localStorage`, smaller if the quota
    /// refuses it; a cache that cannot be saved is only a lost speed-up.
    fn save(&self) {
        self.inner.try_update_value(|i| {
            i.save_scheduled = false;
            let key = format!("{}.cache", i.config.storage_prefix);
            let Some(disk) = i.disk.as_mut() else {
                return;
            };
            let json = disk.to_json_bounded(CACHE_MAX_BYTES);
            if !storage_set(&key, &json) {
                let smaller = disk.to_json_bounded(json.len() / 4);
                storage_set(&key, &smaller);
            }
        });
    }
}

/// The visitor's stored credential, else the config's built-in one.
fn load_credential(config: &ClientConfig) -> Option<ActiveCredential> {
    let visitor = storage_get(&format!("{}.credential", config.storage_prefix))
        .and_then(|s| Credential::detect(&s))
        .map(|credential| ActiveCredential {
            credential,
            source: CredentialSource::Visitor,
        });
    visitor.or_else(|| {
        config
            .build_credential
            .as_deref()
            .and_then(Credential::detect)
            .map(|credential| ActiveCredential {
                credential,
                source: CredentialSource::Site,
            })
    })
}

fn load_disk(prefix: &str) -> DiskCache {
    storage_get(&format!("{prefix}.cache"))
        .map(|json| DiskCache::from_json(&json))
        .unwrap_or_default()
}

/// Milliseconds since 1970 (the browser's clock).
fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// A `localStorage` value; `None` if absent or storage is unavailable.
pub fn storage_get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Stores a `localStorage` value; `false` if refused (quota, privacy mode).
pub fn storage_set(key: &str, value: &str) -> bool {
    storage().is_some_and(|s| s.set_item(key, value).is_ok())
}

/// Removes a `localStorage` value, if storage is available.
pub fn storage_remove(key: &str) {
    if let Some(s) = storage() {
        // Nothing to do if it fails: the value is then absent or unreachable.
        let _ = s.remove_item(key);
    }
}
