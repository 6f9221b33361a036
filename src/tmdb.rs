//! TMDB, the pure part: what the browser client needs that is plain data and
//! plain logic — credential detection, request URLs, the response types and
//! the compact [`Details`] kept from them, `Retry-After` parsing, the
//! persistent cache's expiry and size bound, image URLs and display
//! formatting.
//!
//! It lives in the shared core (no web crate, compiles natively) so it is
//! unit-tested with plain `cargo test`; the network, the timers and
//! `localStorage` are in `crate::io::tmdb` (feature `web`).
//!
//! Everything that comes from TMDB is untrusted: image paths and YouTube keys
//! are checked against a strict alphabet before they go into a URL, and text
//! is only ever rendered as text.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// TMDB's API host, used when no override is set.
pub const DEFAULT_API_BASE: &str = "https://api.themoviedb.org";
/// TMDB's image host (sizes such as `w185` follow it), used when no override is set.
pub const DEFAULT_IMAGE_BASE: &str = "https://image.tmdb.org/t/p";
/// How long fetched details stay fresh in the persistent cache (ms): 7 days.
pub const FRESH_FOR_MS: u64 = 7 * 24 * 60 * 60 * 1000;
/// How long "TMDB has no such movie" (a 404) stays cached (ms): 1 day.
pub const MISSING_FRESH_FOR_MS: u64 = 24 * 60 * 60 * 1000;
/// Most movies kept in the persistent cache (entries); the oldest go first.
pub const CACHE_MAX_ENTRIES: usize = 300;
/// Largest persistent cache once serialised (bytes of JSON), well under the
/// ~5 MB `localStorage` gives an origin.
pub const CACHE_MAX_BYTES: usize = 1_000_000;
/// Wait before retrying after a 429 without a usable `Retry-After` (s).
pub const DEFAULT_RETRY_AFTER_S: u64 = 10;
/// Longest wait honoured from `Retry-After` (s); longer asks are capped.
pub const MAX_RETRY_AFTER_S: u64 = 300;
/// Cast members kept per movie (people, in billing order).
pub const TOP_CAST: usize = 8;
/// Poster widths requested (CSS/image pixels): `w185` for 1× and `w342` for
/// dense screens.
pub const POSTER_WIDTHS: [u16; 2] = [185, 342];
/// Backdrop widths requested (image pixels).
pub const BACKDROP_WIDTHS: [u16; 2] = [780, 1280];

// ---------------------------------------------------------------- credentials

/// A TMDB credential, told apart by its shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// A v3 API key (32 hexadecimal characters), sent as `api_key=` in the URL.
    ApiKey(String),
    /// A v4 read-access token (a JWT, `eyJ….….…`), sent as `Authorization: Bearer`.
    Bearer(String),
}

impl Credential {
    /// Recognises a pasted key or token. Surrounding whitespace, quotes and a
    /// leading `Bearer ` are ignored. `None` if it is neither shape.
    pub fn detect(text: &str) -> Option<Credential> {
        let text = text.trim().trim_matches(|c| c == '"' || c == '\'').trim();
        let text = text
            .strip_prefix("Bearer ")
            .or_else(|| text.strip_prefix("bearer "))
            .unwrap_or(text)
            .trim();
        if text.len() == 32 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Some(Credential::ApiKey(text.to_ascii_lowercase()));
        }
        let parts: Vec<&str> = text.split('.').collect();
        let base64url = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        };
        if text.starts_with("eyJ") && parts.len() == 3 && parts.iter().all(|p| base64url(p)) {
            return Some(Credential::Bearer(text.to_string()));
        }
        None
    }

    /// The credential as the visitor pasted it (normalised), for storage.
    pub fn as_str(&self) -> &str {
        match self {
            Credential::ApiKey(k) | Credential::Bearer(k) => k,
        }
    }

    /// "API key" or "read-access token", for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Credential::ApiKey(_) => "API key (v3)",
            Credential::Bearer(_) => "read-access token (v4)",
        }
    }

    /// The value of the `Authorization` header, if this credential uses one.
    pub fn bearer(&self) -> Option<String> {
        match self {
            Credential::Bearer(t) => Some(format!("Bearer {t}")),
            Credential::ApiKey(_) => None,
        }
    }
}

/// What to tell a visitor whose paste is not a key or token.
pub const CREDENTIAL_SHAPE_HELP: &str = "That does not look like a TMDB API key (32 letters \
     and digits, 0–9 a–f) or a read-access token (a long text starting with \"eyJ\").";

// ----------------------------------------------------------------------- URLs

/// The one request made per movie: details with credits and videos
/// appended. `api_base` is a host such as [`DEFAULT_API_BASE`] (a trailing
/// `/` is fine); a v3 key goes in the query, a token in a header instead.
pub fn movie_url(api_base: &str, tmdb_id: u32, credential: &Credential) -> String {
    let base = api_base.trim_end_matches('/');
    let mut url = format!("{base}/3/movie/{tmdb_id}?append_to_response=credits,videos");
    if let Credential::ApiKey(key) = credential {
        // Hex only (checked by `detect`): nothing to escape.
        url.push_str("&api_key=");
        url.push_str(key);
    }
    url
}

/// An image path from TMDB (`/abc123.jpg`) if it is safe to put in a URL:
/// one leading `/`, then only letters, digits, `.`, `_` and `-`.
pub fn safe_image_path(path: &str) -> Option<&str> {
    let rest = path.strip_prefix('/')?;
    let ok = !rest.is_empty()
        && rest.len() <= 100
        && !rest.contains("..")
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    ok.then_some(path)
}

/// `src` and `srcset` for an `<img>` of a TMDB image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageUrls {
    /// The smallest size: what browsers without `srcset` load.
    pub src: String,
    /// Every size with its width descriptor (`… 185w, … 342w`).
    pub srcset: String,
}

fn image_urls(image_base: &str, path: &str, widths: &[u16]) -> Option<ImageUrls> {
    let path = safe_image_path(path)?;
    let base = image_base.trim_end_matches('/');
    let url = |w: u16| format!("{base}/w{w}{path}");
    Some(ImageUrls {
        src: url(widths[0]),
        srcset: widths
            .iter()
            .map(|&w| format!("{} {w}w", url(w)))
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// Poster URLs (w185 and w342) for a poster path from TMDB; `None` if the
/// path is not a safe image path. Use with `sizes` such as [`POSTER_SIZES`]
/// and `loading="lazy"`.
pub fn poster_urls(image_base: &str, poster_path: &str) -> Option<ImageUrls> {
    image_urls(image_base, poster_path, &POSTER_WIDTHS)
}

/// Backdrop URLs (w780 and w1280) for a backdrop path from TMDB.
pub fn backdrop_urls(image_base: &str, backdrop_path: &str) -> Option<ImageUrls> {
    image_urls(image_base, backdrop_path, &BACKDROP_WIDTHS)
}

/// `sizes` for a poster shown about 185 CSS px wide (a third of a narrow screen).
pub const POSTER_SIZES: &str = "(max-width: 40rem) 30vw, 185px";
/// `sizes` for a poster in a grid card (style/main.css): two columns up to
/// 30rem, three to six up to 48rem, else about 11rem wide, so dense screens
/// take w342.
pub const GRID_POSTER_SIZES: &str = "(max-width: 30rem) 45vw, (max-width: 48rem) 30vw, 11rem";
/// `sizes` for a backdrop spanning the content column (≤ 56rem).
pub const BACKDROP_SIZES: &str = "(max-width: 56rem) 100vw, 56rem";

/// A YouTube video key (`dQw4w9WgXcQ`) if it is safe to put in a URL.
pub fn safe_youtube_key(key: &str) -> Option<&str> {
    let ok = (1..=32).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    ok.then_some(key)
}

/// The page of a YouTube video.
pub fn youtube_url(key: &str) -> Option<String> {
    safe_youtube_key(key).map(|k| format!("https://www.youtube.com/watch?v={k}"))
}

// ------------------------------------------------------------------ responses

/// `GET /3/movie/{id}?append_to_response=credits,videos`, the fields used.
/// Unknown fields are ignored and missing ones default, as TMDB leaves
/// many out or `null` for obscure movies.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MovieResponse {
    pub id: u32,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub overview: Option<String>,
    #[serde(default)]
    pub tagline: Option<String>,
    /// Minutes.
    #[serde(default)]
    pub runtime: Option<u32>,
    /// `YYYY-MM-DD`, or empty.
    #[serde(default)]
    pub release_date: Option<String>,
    /// Mean vote out of 10.
    #[serde(default)]
    pub vote_average: Option<f32>,
    #[serde(default)]
    pub vote_count: Option<u32>,
    #[serde(default)]
    pub poster_path: Option<String>,
    #[serde(default)]
    pub backdrop_path: Option<String>,
    #[serde(default)]
    pub credits: Option<Credits>,
    #[serde(default)]
    pub videos: Option<Videos>,
}

/// The `credits` appended to a movie.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Credits {
    #[serde(default)]
    pub cast: Vec<CastCredit>,
    #[serde(default)]
    pub crew: Vec<CrewCredit>,
}

/// One `credits.cast` entry.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CastCredit {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub character: Option<String>,
    /// Billing position, 0 first.
    #[serde(default)]
    pub order: Option<u32>,
}

/// One `credits.crew` entry.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CrewCredit {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub job: Option<String>,
}

/// The `videos` appended to a movie.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Videos {
    #[serde(default)]
    pub results: Vec<Video>,
}

/// One `videos.results` entry.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Video {
    #[serde(default)]
    pub key: String,
    /// "YouTube", "Vimeo", …
    #[serde(default)]
    pub site: String,
    /// "Trailer", "Teaser", "Clip", …
    #[serde(default, rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub official: bool,
}

/// A cast member as shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CastMember {
    pub name: String,
    /// The role, empty when TMDB has none.
    pub character: String,
}

/// What the app keeps of a TMDB movie: small enough to cache hundreds of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Details {
    pub tmdb_id: u32,
    pub title: String,
    /// Empty when TMDB has none.
    pub overview: String,
    /// Empty when TMDB has none.
    pub tagline: String,
    /// Minutes; `None` when unknown (TMDB says 0).
    pub runtime_minutes: Option<u32>,
    /// `YYYY-MM-DD`.
    pub release_date: Option<String>,
    /// Mean TMDB vote out of 10; `None` when nobody voted.
    pub rating: Option<f32>,
    /// Votes behind [`Details::rating`] (people).
    pub vote_count: u32,
    /// Checked with [`safe_image_path`].
    pub poster_path: Option<String>,
    /// Checked with [`safe_image_path`].
    pub backdrop_path: Option<String>,
    /// Top-billed cast, at most [`TOP_CAST`], in billing order.
    pub cast: Vec<CastMember>,
    /// Usually one; co-directors are all listed.
    pub directors: Vec<String>,
    /// YouTube key of the best trailer (checked with [`safe_youtube_key`]).
    pub trailer_youtube_key: Option<String>,
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

impl Details {
    /// Keeps what is shown of a response, dropping unsafe image paths and
    /// video keys.
    pub fn from_response(r: MovieResponse) -> Details {
        let credits = r.credits.unwrap_or_default();
        let mut cast: Vec<CastCredit> = credits
            .cast
            .into_iter()
            .filter(|c| !c.name.trim().is_empty())
            .collect();
        cast.sort_by_key(|c| c.order.unwrap_or(u32::MAX));
        let cast = cast
            .into_iter()
            .take(TOP_CAST)
            .map(|c| CastMember {
                name: c.name.trim().to_string(),
                character: c.character.unwrap_or_default().trim().to_string(),
            })
            .collect();
        let mut directors: Vec<String> = Vec::new();
        for c in credits.crew {
            let name = c.name.trim();
            if c.job.as_deref() == Some("Director")
                && !name.is_empty()
                && !directors.iter().any(|d| d == name)
            {
                directors.push(name.to_string());
            }
        }
        let vote_count = r.vote_count.unwrap_or(0);
        Details {
            tmdb_id: r.id,
            title: non_empty(r.title).unwrap_or_default(),
            overview: non_empty(r.overview).unwrap_or_default(),
            tagline: non_empty(r.tagline).unwrap_or_default(),
            runtime_minutes: r.runtime.filter(|&m| m > 0),
            release_date: non_empty(r.release_date),
            rating: r
                .vote_average
                .filter(|v| vote_count > 0 && v.is_finite() && (0.0..=10.0).contains(v)),
            vote_count,
            poster_path: r.poster_path.filter(|p| safe_image_path(p).is_some()),
            backdrop_path: r.backdrop_path.filter(|p| safe_image_path(p).is_some()),
            cast,
            directors,
            trailer_youtube_key: best_trailer(&r.videos.unwrap_or_default().results),
        }
    }
}

/// The YouTube key of the video to link as "the trailer": an official
/// trailer, else any trailer, else a teaser. Other sites and unsafe keys are
/// skipped.
pub fn best_trailer(videos: &[Video]) -> Option<String> {
    let rank = |v: &Video| match (v.kind.as_str(), v.official) {
        ("Trailer", true) => Some(0),
        ("Trailer", false) => Some(1),
        ("Teaser", _) => Some(2),
        _ => None,
    };
    videos
        .iter()
        .filter(|v| v.site == "YouTube" && safe_youtube_key(&v.key).is_some())
        .filter_map(|v| rank(v).map(|r| (r, v)))
        .min_by_key(|(r, _)| *r)
        .map(|(_, v)| v.key.clone())
}

/// Parses a 200 body for movie `tmdb_id`. The error is a short description
/// for the visitor ("not JSON: …", "it describes movie 13, not 862").
pub fn parse_details(body: &str, tmdb_id: u32) -> Result<Details, String> {
    let response: MovieResponse = serde_json::from_str(body).map_err(|e| {
        if e.is_syntax() || e.is_eof() {
            format!("not valid JSON ({e})")
        } else {
            format!("not a TMDB movie ({e})")
        }
    })?;
    if response.id != tmdb_id {
        return Err(format!("it describes movie {}, not {tmdb_id}", response.id));
    }
    Ok(Details::from_response(response))
}

// ---------------------------------------------------------------- Retry-After

/// Seconds to wait according to a `Retry-After` value: delay-seconds
/// (`"120"`) or an HTTP date (`"Wed, 21 Oct 2015 07:28:00 GMT"`), relative
/// to `now_unix_s` (s since 1970, UTC). A date in the past is 0. `None` if
/// it is neither form.
pub fn parse_retry_after(value: &str, now_unix_s: u64) -> Option<u64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(value.parse().unwrap_or(u64::MAX));
    }
    let at = parse_http_date(value)?;
    Some(at.saturating_sub(now_unix_s))
}

/// The delay (ms) before retrying after a 429: `Retry-After` if present and
/// readable (at least 1 s, at most [`MAX_RETRY_AFTER_S`]), else
/// [`DEFAULT_RETRY_AFTER_S`]. Cross-origin, the header is only visible if
/// the server exposes it, hence the default.
pub fn retry_delay_ms(retry_after: Option<&str>, now_unix_s: u64) -> u64 {
    let seconds = retry_after
        .and_then(|v| parse_retry_after(v, now_unix_s))
        .unwrap_or(DEFAULT_RETRY_AFTER_S)
        .clamp(1, MAX_RETRY_AFTER_S);
    seconds * 1000
}

/// Seconds since 1970 of an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`),
/// the HTTP date form servers send.
fn parse_http_date(value: &str) -> Option<u64> {
    let (_, rest) = value.split_once(", ")?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let [day, month, year, time, "GMT"] = fields.as_slice() else {
        return None;
    };
    let day: u64 = day.parse().ok().filter(|d| (1..=31).contains(d))?;
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| m == month)? as u64 + 1;
    let year: u64 = year.parse().ok().filter(|y| *y >= 1970)?;
    let hms: Vec<u64> = time
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let [h, m, s] = hms.as_slice() else {
        return None;
    };
    if *h > 23 || *m > 59 || *s > 60 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s)
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar
/// (Howard Hinnant's algorithm, for years ≥ 1970).
fn days_from_civil(y: u64, m: u64, d: u64) -> u64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

// ---------------------------------------------------------- persistent cache

/// One cached answer: the details, or `None` when TMDB said 404.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CacheEntry {
    /// When it was fetched (ms since 1970).
    pub fetched_at_ms: u64,
    pub details: Option<Details>,
}

impl CacheEntry {
    /// Whether it is still usable at `now_ms`: [`FRESH_FOR_MS`] for details,
    /// [`MISSING_FRESH_FOR_MS`] for a 404. An entry from the future (a clock
    /// set back) counts as stale.
    pub fn is_fresh(&self, now_ms: u64) -> bool {
        let ttl = if self.details.is_some() {
            FRESH_FOR_MS
        } else {
            MISSING_FRESH_FOR_MS
        };
        now_ms >= self.fetched_at_ms && now_ms - self.fetched_at_ms < ttl
    }
}

/// Version of [`DiskCache`]'s JSON; a cache of another version is dropped.
pub const CACHE_VERSION: u32 = 1;

/// The cache kept in `localStorage` across visits: TMDB id → answer, with
/// expiry and a bound on entries and bytes (oldest dropped first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiskCache {
    version: u32,
    entries: BTreeMap<u32, CacheEntry>,
}

impl Default for DiskCache {
    /// An empty cache of [`CACHE_VERSION`].
    fn default() -> Self {
        DiskCache::new()
    }
}

impl DiskCache {
    /// An empty cache.
    pub fn new() -> Self {
        DiskCache {
            version: CACHE_VERSION,
            entries: BTreeMap::new(),
        }
    }

    /// Reads a stored cache; anything unreadable or of another version is
    /// an empty cache (a cache is never worth an error).
    pub fn from_json(json: &str) -> Self {
        serde_json::from_str::<DiskCache>(json)
            .ok()
            .filter(|c| c.version == CACHE_VERSION)
            .unwrap_or_default()
    }

    /// The fresh entry for `tmdb_id` at `now_ms`, if any.
    pub fn get(&self, tmdb_id: u32, now_ms: u64) -> Option<&CacheEntry> {
        self.entries.get(&tmdb_id).filter(|e| e.is_fresh(now_ms))
    }

    /// Stores an answer, then drops stale entries and the oldest beyond
    /// [`CACHE_MAX_ENTRIES`].
    pub fn insert(&mut self, tmdb_id: u32, entry: CacheEntry) {
        let now = entry.fetched_at_ms;
        self.entries.insert(tmdb_id, entry);
        self.entries.retain(|_, e| e.is_fresh(now));
        self.keep_newest(CACHE_MAX_ENTRIES);
    }

    /// Entries held (items).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn keep_newest(&mut self, max: usize) {
        if self.entries.len() <= max {
            return;
        }
        let mut ages: Vec<(u64, u32)> = self
            .entries
            .iter()
            .map(|(id, e)| (e.fetched_at_ms, *id))
            .collect();
        ages.sort_unstable();
        let excess = self.entries.len() - max;
        for (_, id) in ages.into_iter().take(excess) {
            self.entries.remove(&id);
        }
    }

    /// The JSON to store, at most `max_bytes` long: the oldest entries are
    /// dropped (from `self` too) until it fits.
    pub fn to_json_bounded(&mut self, max_bytes: usize) -> String {
        loop {
            let json = serde_json::to_string(self).unwrap_or_default();
            if json.len() <= max_bytes || self.entries.is_empty() {
                return json;
            }
            let keep = self.entries.len() / 2;
            self.keep_newest(keep);
        }
    }
}

// ----------------------------------------------------------------- display

/// "1 h 21 min", "45 min".
pub fn format_runtime(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// "30 Oct 1995" from `1995-10-30`; the input unchanged if it is not a date.
pub fn format_release_date(date: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let parts: Vec<&str> = date.split('-').collect();
    if let [y, m, d] = parts.as_slice() {
        if let (Ok(_), Ok(m), Ok(d)) = (y.parse::<u16>(), m.parse::<usize>(), d.parse::<u8>()) {
            if (1..=12).contains(&m) && (1..=31).contains(&d) {
                return format!("{d} {} {y}", MONTHS[m - 1]);
            }
        }
    }
    date.to_string()
}

/// "TMDB 8.0/10 · 18,253 votes" from a mean vote out of 10 and its count.
pub fn format_rating(rating: f32, votes: u32) -> String {
    let digits = votes.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let noun = if votes == 1 { "vote" } else { "votes" };
    format!("TMDB {rating:.1}/10 · {grouped} {noun}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "0123456789abcdef0123456789ABCDEF";
    const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJ4In0.c2lnbmF0dXJlX2hlcmU";

    #[test]
    fn credentials_are_told_apart_by_shape() {
        assert_eq!(
            Credential::detect(&format!("  {KEY}\n")),
            Some(Credential::ApiKey(KEY.to_ascii_lowercase()))
        );
        assert_eq!(
            Credential::detect(TOKEN),
            Some(Credential::Bearer(TOKEN.into()))
        );
        assert_eq!(
            Credential::detect(&format!("Bearer {TOKEN}")),
            Some(Credential::Bearer(TOKEN.into()))
        );
        assert_eq!(Credential::detect(""), None);
        assert_eq!(Credential::detect(&KEY[1..]), None, "31 characters");
        assert_eq!(Credential::detect("zz23456789abcdef0123456789abcdef"), None);
        assert_eq!(Credential::detect("eyJ.only-two"), None);
        assert_eq!(Credential::detect("eyJa.b c.d"), None);
        assert_eq!(
            Credential::Bearer(TOKEN.into()).bearer().unwrap(),
            format!("Bearer {TOKEN}")
        );
        assert_eq!(Credential::ApiKey(KEY.into()).bearer(), None);
    }

    #[test]
    fn the_movie_url_carries_a_key_in_the_query_and_a_token_nowhere() {
        let key = Credential::detect(KEY).unwrap();
        assert_eq!(
            movie_url("https://api.themoviedb.org/", 862, &key),
            "https://api.themoviedb.org/3/movie/862?append_to_response=credits,videos\
             &api_key=0123456789abcdef0123456789abcdef"
        );
        let token = Credential::detect(TOKEN).unwrap();
        assert_eq!(
            movie_url("http://127.0.0.1:9/tmdb-fixture", 13, &token),
            "http://127.0.0.1:9/tmdb-fixture/3/movie/13?append_to_response=credits,videos"
        );
    }

    #[test]
    fn image_urls_have_two_sizes_and_refuse_odd_paths() {
        let urls = poster_urls(
            "https://image.tmdb.org/t/p/",
            "/uXDfjJbdP4ijW5hWSBrPrlKpxab.jpg",
        )
        .unwrap();
        assert_eq!(
            urls.src,
            "https://image.tmdb.org/t/p/w185/uXDfjJbdP4ijW5hWSBrPrlKpxab.jpg"
        );
        assert_eq!(
            urls.srcset,
            "https://image.tmdb.org/t/p/w185/uXDfjJbdP4ijW5hWSBrPrlKpxab.jpg 185w, \
             https://image.tmdb.org/t/p/w342/uXDfjJbdP4ijW5hWSBrPrlKpxab.jpg 342w"
        );
        let backdrop = backdrop_urls("/img", "/b.jpg").unwrap();
        assert_eq!(backdrop.src, "/img/w780/b.jpg");
        for bad in [
            "",
            "/",
            "x.jpg",
            "/a/../b.jpg",
            "/a b.jpg",
            "/a\".jpg",
            "//evil.example/x.jpg",
        ] {
            assert_eq!(poster_urls("/img", bad), None, "{bad:?}");
        }
        assert_eq!(
            youtube_url("v-PjgYDrg70_").unwrap(),
            "https://www.youtube.com/watch?v=v-PjgYDrg70_"
        );
        assert_eq!(youtube_url("a&b=c"), None);
    }

    fn fixture() -> String {
        std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/tmdb/862.json"
        ))
        .unwrap()
    }

    #[test]
    fn a_recorded_response_becomes_details() {
        let d = parse_details(&fixture(), 862).unwrap();
        assert_eq!(d.title, "Toy Story");
        assert_eq!(
            d.tagline,
            "Hang on for the comedy that goes to infinity and beyond!"
        );
        assert_eq!(d.runtime_minutes, Some(81));
        assert_eq!(d.release_date.as_deref(), Some("1995-10-30"));
        assert!((d.rating.unwrap() - 7.97).abs() < 0.01);
        assert_eq!(
            d.poster_path.as_deref(),
            Some("/uXDfjJbdP4ijW5hWSBrPrlKpxab.jpg")
        );
        assert_eq!(d.directors, vec!["John Lasseter"]);
        assert_eq!(d.cast.len(), TOP_CAST);
        assert_eq!(d.cast[0].name, "Tom Hanks");
        assert_eq!(d.cast[0].character, "Woody (voice)");
        assert_eq!(d.cast[1].name, "Tim Allen");
        // The fixture lists a teaser and a Vimeo trailer before the official
        // YouTube trailer.
        assert_eq!(d.trailer_youtube_key.as_deref(), Some("v-PjgYDrg70"));
        assert!(d.overview.starts_with("Led by Woody"));
    }

    #[test]
    fn sparse_and_hostile_responses_are_tolerated() {
        let d = parse_details(
            r#"{"id": 5, "title": " Four Rooms ", "runtime": 0, "tagline": "",
                "release_date": "", "vote_average": 6.1, "vote_count": 0,
                "poster_path": "javascript:alert(1)", "backdrop_path": null,
                "credits": {"cast": [{"name": "B", "order": 1}, {"name": "A", "order": 0, "character": null}]},
                "videos": {"results": [{"key": "x\"><script>", "site": "YouTube", "type": "Trailer"}]},
                "unknown": [1, 2, 3]}"#,
            5,
        )
        .unwrap();
        assert_eq!(d.title, "Four Rooms");
        assert_eq!(d.runtime_minutes, None);
        assert_eq!(d.tagline, "");
        assert_eq!(d.release_date, None);
        assert_eq!(d.rating, None, "no votes, no rating");
        assert_eq!(d.poster_path, None);
        assert_eq!(d.trailer_youtube_key, None);
        assert_eq!(
            d.cast.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
            ["A", "B"]
        );
        let minimal = parse_details(r#"{"id": 7}"#, 7).unwrap();
        assert!(minimal.cast.is_empty() && minimal.directors.is_empty());
    }

    #[test]
    fn malformed_bodies_are_errors_not_panics() {
        let truncated = &fixture()[..200];
        assert!(parse_details(truncated, 862)
            .unwrap_err()
            .contains("not valid JSON"));
        assert!(parse_details("<html>502</html>", 862)
            .unwrap_err()
            .contains("not valid JSON"));
        assert!(parse_details(r#"{"title": "no id"}"#, 862)
            .unwrap_err()
            .contains("not a TMDB movie"));
        assert!(parse_details(r#"[1, 2]"#, 862).is_err());
        assert!(parse_details(r#"{"id": 13}"#, 862)
            .unwrap_err()
            .contains("movie 13, not 862"));
    }

    #[test]
    fn retry_after_is_read_in_both_forms() {
        // 2015-10-21T07:28:00Z
        let then = 1_445_412_480;
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", then - 90),
            Some(90)
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", then + 5),
            Some(0)
        );
        assert_eq!(
            parse_retry_after("Thu, 01 Jan 1970 00:00:00 GMT", 0),
            Some(0)
        );
        assert_eq!(parse_retry_after(" 3 ", 0), Some(3));
        assert_eq!(parse_retry_after("soon", 0), None);
        assert_eq!(parse_retry_after("-1", 0), None);
        assert_eq!(parse_retry_after("Wed, 32 Oct 2015 07:28:00 GMT", 0), None);
        assert_eq!(retry_delay_ms(Some("2"), 0), 2_000);
        assert_eq!(retry_delay_ms(Some("0"), 0), 1_000, "at least a second");
        assert_eq!(
            retry_delay_ms(Some("99999999999999999999999"), 0),
            MAX_RETRY_AFTER_S * 1000
        );
        assert_eq!(retry_delay_ms(None, 0), DEFAULT_RETRY_AFTER_S * 1000);
        assert_eq!(
            retry_delay_ms(Some("garbage"), 0),
            DEFAULT_RETRY_AFTER_S * 1000
        );
    }

    fn details(id: u32) -> Details {
        parse_details(
            &format!(
                r#"{{"id": {id}, "title": "Movie {id}", "overview": "{}"}}"#,
                "x".repeat(500)
            ),
            id,
        )
        .unwrap()
    }

    #[test]
    fn cache_entries_expire() {
        let day = 24 * 60 * 60 * 1000;
        let mut cache = DiskCache::new();
        cache.insert(
            1,
            CacheEntry {
                fetched_at_ms: 10 * day,
                details: Some(details(1)),
            },
        );
        cache.insert(
            2,
            CacheEntry {
                fetched_at_ms: 10 * day,
                details: None,
            },
        );
        assert!(cache.get(1, 16 * day).is_some());
        assert!(cache.get(1, 17 * day).is_none(), "details last 7 days");
        assert!(cache.get(2, 10 * day + day - 1).is_some());
        assert!(cache.get(2, 11 * day).is_none(), "a 404 lasts a day");
        assert!(
            cache.get(1, 9 * day).is_none(),
            "a clock set back makes entries stale"
        );
        assert!(cache.get(3, 10 * day).is_none());
        // A later insert drops what has expired by then.
        cache.insert(
            3,
            CacheEntry {
                fetched_at_ms: 12 * day,
                details: Some(details(3)),
            },
        );
        assert_eq!(cache.len(), 2);
    }

    #[test]
    fn the_cache_round_trips_and_is_bounded() {
        let mut cache = DiskCache::new();
        for id in 0..(CACHE_MAX_ENTRIES as u32 + 20) {
            cache.insert(
                id,
                CacheEntry {
                    fetched_at_ms: 1_000 + u64::from(id),
                    details: Some(details(id)),
                },
            );
        }
        assert_eq!(cache.len(), CACHE_MAX_ENTRIES);
        assert!(cache.get(0, 2_000).is_none(), "the oldest went first");
        assert!(cache.get(CACHE_MAX_ENTRIES as u32 + 19, 2_000).is_some());

        let json = cache.to_json_bounded(usize::MAX);
        assert_eq!(DiskCache::from_json(&json), cache);
        let small = cache.to_json_bounded(50_000);
        assert!(small.len() <= 50_000, "{}", small.len());
        let back = DiskCache::from_json(&small);
        assert!(!back.is_empty() && back.len() < CACHE_MAX_ENTRIES);
        assert!(
            back.get(CACHE_MAX_ENTRIES as u32 + 19, 2_000).is_some(),
            "the newest stay"
        );

        assert!(DiskCache::from_json("{not json").is_empty());
        let mut empty = DiskCache::default();
        assert_eq!(
            DiskCache::from_json(&empty.to_json_bounded(100)),
            empty,
            "the default is current"
        );
        assert!(DiskCache::from_json(r#"{"version": 99, "entries": {}}"#).is_empty());
    }

    #[test]
    fn display_formats() {
        assert_eq!(format_runtime(81), "1 h 21 min");
        assert_eq!(format_runtime(45), "45 min");
        assert_eq!(format_runtime(120), "2 h");
        assert_eq!(format_release_date("1995-10-30"), "30 Oct 1995");
        assert_eq!(format_release_date("1995"), "1995");
        assert_eq!(format_rating(7.97, 18_253), "TMDB 8.0/10 · 18,253 votes");
        assert_eq!(format_rating(5.0, 1), "TMDB 5.0/10 · 1 vote");
        assert_eq!(format_rating(6.24, 999), "TMDB 6.2/10 · 999 votes");
    }
}
