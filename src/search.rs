//! Title search: suggestions as the visitor types.
//!
//! # What it does
//! Titles and queries are folded alike ([`crate::fold`]: case, accents and
//! punctuation) and split into words. A title matches, from best to worst
//! ([`MatchQuality`]): exactly (its main title, with or without the year,
//! with or without a leading article), by title prefix ("toy st", and
//! "godfather" for "The Godfather": leading articles of several languages
//! are skipped), by word prefix ("story"), with every query word starting a
//! title word in any order ("toy story 1999", which is how a year narrows),
//! by substring ("oy sto"), and last with a typo or two per word
//! ("shawshenk"). Within a tier, the more rated movie comes first, so that
//! same-title films (told apart by the year in their labels) come in order
//! of popularity.
//!
//! # Why it is fast
//! A keystroke's search must stay well under one frame (16 ms) even for
//! 90,000 titles on a phone, so nothing scans every title's text:
//! - The index keeps the **sorted vocabulary** of title words. The words
//!   starting with a query word are one contiguous range of word ids (two
//!   binary searches), so "title has a word starting with w" is an integer
//!   range test on the title's few word ids.
//! - Titles are stored **in popularity order** with **posting lists** (word
//!   id → titles). The query word with the shortest postings picks the
//!   candidate titles into a bitset that is read back in popularity order;
//!   broad one-letter queries scan instead, and stop as soon as enough
//!   title-prefix matches are found (only an exact match could beat them,
//!   and exact matches come from a binary search in a sorted table).
//! - Typo tolerance runs only when the exact tiers leave the list short. It
//!   compares query words with *vocabulary words*, not titles: a bigram
//!   count filter (an edit changes at most three of a word's bigrams, so a
//!   word within `k` edits shares all but `3k` of them) picks the few words
//!   worth a bounded Damerau–Levenshtein check, which itself stops as soon
//!   as two rows exceed the bound.
//!
//! The index is derived from the catalogue when the blob is decoded (a few
//! ms for 10k titles) instead of being shipped: it would add to the
//! download and could drift from the folding code.

use std::cmp::Reverse;
use std::collections::HashMap;

use crate::blob::Movie;
use crate::fold::fold;

/// How well a title matches a query; lower is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchQuality {
    /// The main title is the query, optionally with its year and without a
    /// leading article ("godfather", "the godfather 1972" → "The Godfather").
    Exact,
    /// The title starts with the query, also after a leading article
    /// ("toy st" → "Toy Story", "godf" → "The Godfather").
    TitlePrefix,
    /// A later word starts with the query ("story" → "Toy Story").
    WordPrefix,
    /// Every query word starts a word of the title, in any order
    /// ("toy story 1999" → "Toy Story 2 (1999)").
    AllWords,
    /// The query appears inside a word ("oy sto" → "Toy Story").
    Substring,
    /// Every query word matches a title word with at most a few typos
    /// ("shawshenk" → "The Shawshank Redemption"); see [`typo_budget`].
    Fuzzy,
}

/// One suggestion: the movie's index in the catalogue and how it matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index of the movie in the catalogue (blob order).
    pub movie: u32,
    /// Which tier matched.
    pub quality: MatchQuality,
    /// Edits (insertions, deletions, substitutions, transpositions) summed
    /// over the query words; 0 unless `quality` is [`MatchQuality::Fuzzy`].
    pub typos: u8,
}

/// Leading articles skipped for title-prefix and exact matches, folded:
/// English, French, Italian, Spanish, Portuguese, German, Dutch and
/// Scandinavian. German "die" is left out on purpose: "Die Hard" would
/// otherwise title-prefix-match "hard". Skipping only ever *adds* a way to
/// match; the full title still matches as typed.
pub const ARTICLES: &[&str] = &[
    "the", "a", "an", "le", "la", "les", "l", "il", "lo", "gli", "i", "el", "los", "las", "o",
    "os", "as", "um", "uma", "un", "une", "una", "uno", "der", "das", "ein", "eine", "de", "het",
    "een", "den", "det", "en", "et",
];

/// Largest query-word length (characters) compared with typos; longer
/// words must match exactly (keeps the distance table small).
const MAX_FUZZY_CHARS: usize = 40;

/// Typos (edits) tolerated in one query word of `chars` characters. `open`
/// is true for the word still being typed, matched against word prefixes:
/// a short prefix with a typo would match too much, so it gets one less.
/// Words with a digit (years, "2", "se7en") are never fuzzy: a year narrows
/// exactly.
pub fn typo_budget(word: &str, open: bool) -> u8 {
    if word.bytes().any(|b| b.is_ascii_digit()) {
        return 0;
    }
    match word.chars().count() {
        0..=3 => 0,
        4 => u8::from(!open),
        5..=7 => 1,
        8..=MAX_FUZZY_CHARS => 2,
        _ => 0,
    }
}

/// One title as the index keeps it.
#[derive(Debug, Clone)]
struct Entry {
    /// Index of the movie in the catalogue.
    movie: u32,
    /// Release year, if known.
    year: Option<u16>,
    /// The title folded.
    folded: Form,
    /// The title folded with the words of each hyphenated or dotted token
    /// joined ("Spider-Man" → "spiderman", "WALL·E" → "walle", "L.A." →
    /// "la"), when that differs: people type these both ways.
    joined: Option<Box<Form>>,
}

/// A folded form of a title.
#[derive(Debug, Clone)]
struct Form {
    /// Folded main title, alternative titles and year, space-separated:
    /// "amelie le fabuleux destin damelie poulain 2001".
    key: Box<str>,
    /// Byte offset in `key` where the main title starts once its leading
    /// article is skipped ("the godfather" → 4; "lours" from "L'Ours" → 1);
    /// 0 when there is none.
    start: u32,
    /// Byte length of the folded main title (before any alternative title
    /// in parentheses) at the start of `key`.
    main_end: u32,
}

impl Form {
    /// Builds the form of a title split into its main part and alternative
    /// titles: folded as a whole, or with each whitespace-separated token's
    /// words `joined` into one.
    fn new(main: &str, alternatives: &str, year: Option<u16>, joined: bool) -> Self {
        let fold_text = |text: &str| {
            if !joined {
                return fold(text);
            }
            let tokens: Vec<String> = text
                .split_whitespace()
                .map(|token| fold(token).replace(' ', ""))
                .filter(|t| !t.is_empty())
                .collect();
            tokens.join(" ")
        };
        let main_folded = fold_text(main);
        let mut key = main_folded.clone();
        for part in [
            fold_text(alternatives),
            year.map(|y| y.to_string()).unwrap_or_default(),
        ] {
            if !part.is_empty() {
                if !key.is_empty() {
                    key.push(' ');
                }
                key.push_str(&part);
            }
        }
        Form {
            start: article_len(main, &main_folded) as u32,
            main_end: main_folded.len() as u32,
            key: key.into_boxed_str(),
        }
    }

    /// The main title, whole or without its leading article.
    fn main_title(&self, skip_article: bool) -> &str {
        let from = if skip_article { self.start } else { 0 } as usize;
        &self.key[from..self.main_end as usize]
    }

    /// True when the main title is `text`, whole or without its article.
    fn is_title(&self, text: &str) -> bool {
        self.main_title(false) == text || (self.start > 0 && self.main_title(true) == text)
    }

    /// True when the title starts with `q`, whole or after its article.
    fn starts_with(&self, q: &str) -> bool {
        self.key.starts_with(q) || self.key[self.start as usize..].starts_with(q)
    }

    /// The word an elided article hides ("L'Ours" folds to "lours"; this
    /// gives "ours"), so that it is in the vocabulary too.
    fn elided_word(&self) -> Option<&str> {
        let rest = &self.key[self.start as usize..self.main_end as usize];
        let first = rest.split(' ').next()?;
        (self.start > 0 && !self.key[..self.start as usize].ends_with(' ') && !first.is_empty())
            .then_some(first)
    }
}

impl Entry {
    fn new(movie: u32, m: &Movie) -> Self {
        // Display titles put alternative titles in trailing parentheses:
        // "Paprika (Papurika)". Exact matches compare the main title only.
        let (main, alternatives) = match m.title.find(" (") {
            Some(at) => m.title.split_at(at),
            None => (m.title.as_str(), ""),
        };
        let joined = has_inner_punctuation(&m.title)
            .then(|| Form::new(main, alternatives, m.year, true))
            .map(Box::new);
        Entry {
            movie,
            year: m.year,
            folded: Form::new(main, alternatives, m.year, false),
            joined,
        }
    }

    /// The title's forms: folded, and joined if that differs.
    fn forms(&self) -> impl Iterator<Item = &Form> {
        std::iter::once(&self.folded).chain(self.joined.as_deref())
    }
}

/// True when punctuation separates two letters or digits with no space
/// ("Spider-Man", "WALL·E", "L.A."), so that a joined form differs.
/// Apostrophes do not count: folding already joins across them.
fn has_inner_punctuation(title: &str) -> bool {
    let (mut before, mut between) = (' ', ' ');
    title.chars().any(|c| {
        let found = before.is_alphanumeric()
            && !between.is_alphanumeric()
            && !between.is_whitespace()
            && !matches!(between, '\'' | '’')
            && c.is_alphanumeric();
        (before, between) = (between, c);
        found
    })
}

/// Bytes to skip at the start of a folded main title to drop its leading
/// article: "the " → 4, an elided "L'" → 1, else 0. Never drops the whole
/// title ("The" alone stays).
fn article_len(main: &str, folded: &str) -> usize {
    let mut chars = main.chars();
    if let (Some('L' | 'l'), Some('\'' | '’'), Some(next)) =
        (chars.next(), chars.next(), chars.next())
    {
        if next.is_alphanumeric() && folded.len() > 1 {
            return 1;
        }
    }
    match folded.split_once(' ') {
        Some((first, rest)) if !rest.is_empty() && ARTICLES.contains(&first) => first.len() + 1,
        _ => 0,
    }
}

/// Slots of the bigram filter: `a`–`z`, `0`–`9`, any other character (one
/// shared slot only loosens the filter), and the start-of-word marker.
const BIGRAM_ALPHABET: usize = 38;
const START_MARK: usize = 37;

fn bigram_code(c: char) -> usize {
    match c {
        'a'..='z' => c as usize - 'a' as usize,
        '0'..='9' => 26 + (c as usize - '0' as usize),
        _ => 36,
    }
}

/// Distinct bigram slots of "^word" (the marker makes the first letter
/// count), sorted.
fn bigram_slots(word: &[char]) -> Vec<u16> {
    let mut prev = START_MARK;
    let mut slots: Vec<u16> = word
        .iter()
        .map(|&c| {
            let code = bigram_code(c);
            let slot = (prev * BIGRAM_ALPHABET + code) as u16;
            prev = code;
            slot
        })
        .collect();
    slots.sort_unstable();
    slots.dedup();
    slots
}

/// What one query word accepts among the vocabulary's word ids.
#[derive(Debug, Clone)]
enum WordSet {
    /// Ids `lo..hi`: the words starting with the query word.
    Range(u32, u32),
    /// Explicit ids with their distance in edits, sorted by id.
    List(Vec<(u32, u8)>),
}

#[derive(Debug, Clone)]
struct Matcher {
    set: WordSet,
    /// A leading article of a longer query ("the amelie"): used when the
    /// title has it, ignored when it does not.
    optional: bool,
}

impl Matcher {
    /// Fewest edits with which one of `words` (a title's word ids) matches.
    fn best(&self, words: &[u32]) -> Option<u8> {
        match &self.set {
            WordSet::Range(lo, hi) => words.iter().any(|w| (*lo..*hi).contains(w)).then_some(0),
            WordSet::List(list) => words
                .iter()
                .filter_map(|w| list.binary_search_by_key(w, |&(id, _)| id).ok())
                .map(|at| list[at].1)
                .min(),
        }
    }
}

/// A bitset over title ranks (popularity order).
struct RankSet(Vec<u64>);

impl RankSet {
    fn new(len: usize) -> Self {
        RankSet(vec![0; len.div_ceil(64)])
    }
    fn insert(&mut self, rank: u32) {
        self.0[rank as usize / 64] |= 1 << (rank % 64);
    }
    fn contains(&self, rank: u32) -> bool {
        self.0[rank as usize / 64] & (1 << (rank % 64)) != 0
    }
    /// Members in increasing rank, that is most popular first.
    fn into_ranks(self) -> impl Iterator<Item = u32> {
        self.0.into_iter().enumerate().flat_map(|(block, bits)| {
            let mut bits = bits;
            std::iter::from_fn(move || {
                (bits != 0).then(|| {
                    let bit = bits.trailing_zeros();
                    bits &= bits - 1;
                    block as u32 * 64 + bit
                })
            })
        })
    }
}

/// First `i` in `0..n` for which `pred` is false (`pred` true then false).
fn partition_point(n: u32, pred: impl Fn(u32) -> bool) -> u32 {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// A search index over movie titles. See the module docs for how it works.
#[derive(Debug, Clone, Default)]
pub struct TitleIndex {
    /// Titles by popularity rank (most rated first).
    entries: Vec<Entry>,
    /// Distinct title words, sorted (byte order, so a prefix is a range),
    /// each followed by a newline: one text, so that a substring search is
    /// one scan. Word `w` is `vocab[vocab_starts[w]..vocab_starts[w + 1] - 1]`.
    vocab: String,
    vocab_starts: Vec<u32>,
    /// Length of each word in characters, saturated at 255.
    vocab_chars: Vec<u8>,
    /// `postings[posting_starts[w]..posting_starts[w + 1]]`: ranks of the
    /// titles containing word `w`, increasing.
    posting_starts: Vec<u32>,
    postings: Vec<u32>,
    /// `title_words[word_starts[r]..word_starts[r + 1]]`: the word ids of the
    /// title at rank `r`, increasing.
    word_starts: Vec<u32>,
    title_words: Vec<u32>,
    /// Per bigram slot, the word ids containing that bigram, increasing.
    bigrams: Vec<Vec<u32>>,
}

impl TitleIndex {
    /// Builds the index for a catalogue (movies in blob order). About
    /// 10 ms per 10k titles natively (see BENCHMARKS.md).
    pub fn new(movies: &[Movie]) -> Self {
        let mut order: Vec<u32> = (0..movies.len() as u32).collect();
        order.sort_by_key(|&i| Reverse(movies[i as usize].ratings));
        let entries: Vec<Entry> = order
            .iter()
            .map(|&i| Entry::new(i, &movies[i as usize]))
            .collect();

        // Provisional word ids in order of first appearance, then the
        // distinct words sorted once (sorting every occurrence would compare
        // far more strings).
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let mut distinct: Vec<&str> = Vec::new();
        let mut occurrences: Vec<u32> = Vec::new();
        let mut word_starts = Vec::with_capacity(entries.len() + 1);
        for entry in &entries {
            word_starts.push(occurrences.len() as u32);
            let words = entry.forms().flat_map(|f| {
                f.key
                    .split(' ')
                    .filter(|w| !w.is_empty())
                    .chain(f.elided_word())
            });
            for word in words {
                let id = *ids.entry(word).or_insert_with(|| {
                    distinct.push(word);
                    distinct.len() as u32 - 1
                });
                occurrences.push(id);
            }
        }
        word_starts.push(occurrences.len() as u32);
        let mut sorted: Vec<u32> = (0..distinct.len() as u32).collect();
        sorted.sort_unstable_by_key(|&id| distinct[id as usize]);
        let mut final_id = vec![0u32; distinct.len()];
        let mut vocab = String::new();
        let mut vocab_starts = Vec::with_capacity(sorted.len() + 1);
        let mut vocab_chars = Vec::with_capacity(sorted.len());
        for (new_id, &old) in sorted.iter().enumerate() {
            final_id[old as usize] = new_id as u32;
            let word = distinct[old as usize];
            vocab_starts.push(vocab.len() as u32);
            vocab_chars.push(word.chars().count().min(255) as u8);
            vocab.push_str(word);
            vocab.push('\n');
        }
        vocab_starts.push(vocab.len() as u32);

        // Each title's word ids, sorted and distinct; the postings by a
        // counting sort, filled in rank order so each list is increasing.
        let mut title_words = Vec::with_capacity(occurrences.len());
        let mut counts = vec![0u32; sorted.len() + 1];
        for rank in 0..entries.len() {
            let from = title_words.len();
            let (start, end) = (word_starts[rank] as usize, word_starts[rank + 1] as usize);
            title_words.extend(
                occurrences[start..end]
                    .iter()
                    .map(|&id| final_id[id as usize]),
            );
            title_words[from..].sort_unstable();
            let mut kept = from;
            for i in from..title_words.len() {
                if i == from || title_words[i] != title_words[kept - 1] {
                    title_words[kept] = title_words[i];
                    kept += 1;
                }
            }
            title_words.truncate(kept);
            word_starts[rank] = from as u32;
            for &w in &title_words[from..] {
                counts[w as usize + 1] += 1;
            }
        }
        word_starts[entries.len()] = title_words.len() as u32;
        for w in 1..counts.len() {
            counts[w] += counts[w - 1];
        }
        let posting_starts = counts.clone();
        let mut postings = vec![0u32; title_words.len()];
        for rank in 0..entries.len() {
            let (start, end) = (word_starts[rank] as usize, word_starts[rank + 1] as usize);
            for &w in &title_words[start..end] {
                postings[counts[w as usize] as usize] = rank as u32;
                counts[w as usize] += 1;
            }
        }

        let mut bigrams = vec![Vec::new(); BIGRAM_ALPHABET * BIGRAM_ALPHABET];
        let mut chars = Vec::new();
        for (id, word) in vocab.lines().enumerate() {
            chars.clear();
            chars.extend(word.chars());
            for slot in bigram_slots(&chars) {
                bigrams[slot as usize].push(id as u32);
            }
        }

        TitleIndex {
            entries,
            vocab,
            vocab_starts,
            vocab_chars,
            posting_starts,
            postings,
            word_starts,
            title_words,
            bigrams,
        }
    }

    /// Number of titles indexed (items).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the index holds no title.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Number of distinct title words (items).
    pub fn vocabulary_len(&self) -> usize {
        self.vocab_chars.len()
    }

    /// Up to `limit` movie indices matching `query`, best first. A query that
    /// folds to nothing (empty, only punctuation) matches nothing.
    pub fn search(&self, query: &str, limit: usize) -> Vec<u32> {
        self.hits(query, limit)
            .into_iter()
            .map(|h| h.movie)
            .collect()
    }

    /// Like [`TitleIndex::search`], with how each movie matched.
    pub fn hits(&self, query: &str, limit: usize) -> Vec<Hit> {
        let q = fold(query);
        if q.is_empty() || limit == 0 || self.is_empty() {
            return Vec::new();
        }
        let words: Vec<&str> = q.split(' ').collect();
        // The last word is still being typed unless a space or punctuation
        // follows it: it then matches word prefixes, also with typos.
        let open = query.chars().last().is_some_and(char::is_alphanumeric);
        let mut found = RankSet::new(self.len());
        let mut hits: Vec<Hit> = Vec::with_capacity(limit);
        let push = |hits: &mut Vec<Hit>, found: &mut RankSet, rank: u32, quality, typos| {
            if hits.len() < limit && !found.contains(rank) {
                found.insert(rank);
                hits.push(Hit {
                    movie: self.entries[rank as usize].movie,
                    quality,
                    typos,
                });
            }
        };

        // Exact, then the tiers found by word prefixes; substrings and typos
        // only while the list is short.
        for rank in self.exact_matches(&q, &words) {
            push(&mut hits, &mut found, rank, MatchQuality::Exact, 0);
        }
        let wanted = limit.saturating_sub(hits.len());
        for (rank, quality) in self.prefix_matches(&q, &words, wanted, &found) {
            push(&mut hits, &mut found, rank, quality, 0);
        }
        if hits.len() < limit {
            let wanted = limit - hits.len();
            for rank in self.substring_matches(&q, &words, wanted, &found) {
                push(&mut hits, &mut found, rank, MatchQuality::Substring, 0);
            }
        }
        if hits.len() < limit {
            for (rank, typos) in self.fuzzy_matches(&words, open, &found) {
                push(&mut hits, &mut found, rank, MatchQuality::Fuzzy, typos);
            }
        }
        hits
    }

    /// Vocabulary word `id`.
    fn word(&self, id: u32) -> &str {
        let (from, to) = (
            self.vocab_starts[id as usize],
            self.vocab_starts[id as usize + 1],
        );
        &self.vocab[from as usize..to as usize - 1]
    }

    /// The id of a vocabulary word, if the word is in it.
    fn word_id(&self, word: &str) -> Option<u32> {
        let id = partition_point(self.vocabulary_len() as u32, |w| self.word(w) < word);
        (id < self.vocabulary_len() as u32 && self.word(id) == word).then_some(id)
    }

    /// Ranks of the titles containing word `id`, increasing.
    fn postings_of(&self, id: u32) -> &[u32] {
        let (from, to) = (
            self.posting_starts[id as usize],
            self.posting_starts[id as usize + 1],
        );
        &self.postings[from as usize..to as usize]
    }

    fn words_of(&self, rank: u32) -> &[u32] {
        let r = rank as usize;
        &self.title_words[self.word_starts[r] as usize..self.word_starts[r + 1] as usize]
    }

    /// Word ids of the vocabulary words starting with `prefix`.
    fn prefix_range(&self, prefix: &str) -> (u32, u32) {
        let n = self.vocabulary_len() as u32;
        let lo = partition_point(n, |w| self.word(w) < prefix);
        let len = partition_point(n - lo, |i| self.word(lo + i).starts_with(prefix));
        (lo, lo + len)
    }

    /// Number of (title, word) postings a word set would visit.
    fn postings_len(&self, set: &WordSet) -> usize {
        match set {
            WordSet::Range(lo, hi) => {
                (self.posting_starts[*hi as usize] - self.posting_starts[*lo as usize]) as usize
            }
            WordSet::List(list) => list
                .iter()
                .map(|&(w, _)| {
                    (self.posting_starts[w as usize + 1] - self.posting_starts[w as usize]) as usize
                })
                .sum(),
        }
    }

    /// Candidate titles for a set of matchers, most popular first: the
    /// postings of the most selective word, or `None` to scan every title
    /// when even that word is common (a scan is then cheaper).
    fn candidates(&self, matchers: &[Matcher]) -> Option<RankSet> {
        let (cost, best) = matchers
            .iter()
            .filter(|m| !m.optional)
            .map(|m| (self.postings_len(&m.set), m))
            .min_by_key(|(cost, _)| *cost)?;
        if cost > self.len() / 2 {
            return None;
        }
        let mut set = RankSet::new(self.len());
        let mut add = |w: u32| {
            let w = w as usize;
            for &rank in
                &self.postings[self.posting_starts[w] as usize..self.posting_starts[w + 1] as usize]
            {
                set.insert(rank);
            }
        };
        match &best.set {
            WordSet::Range(lo, hi) => (*lo..*hi).for_each(&mut add),
            WordSet::List(list) => list.iter().for_each(|&(w, _)| add(w)),
        }
        Some(set)
    }

    /// Titles, most popular first, whose words satisfy every matcher, with
    /// the edits summed over the matchers.
    fn matching<'a>(&'a self, matchers: &'a [Matcher]) -> impl Iterator<Item = (u32, u8)> + 'a {
        let ranks: Box<dyn Iterator<Item = u32>> = match self.candidates(matchers) {
            Some(set) => Box::new(set.into_ranks()),
            None => Box::new(0..self.len() as u32),
        };
        ranks.filter_map(move |rank| {
            let words = self.words_of(rank);
            let mut typos = 0u8;
            for m in matchers {
                match m.best(words) {
                    Some(d) => typos = typos.saturating_add(d),
                    None if m.optional => {}
                    None => return None,
                }
            }
            Some((rank, typos))
        })
    }

    /// Ranks whose main title (whole or without its article) is the query,
    /// or the query minus a trailing year that equals the movie's year.
    /// Every word of such a title is a whole word of the query, so the
    /// postings of one of them (not an article: those are common) hold
    /// every candidate.
    fn exact_matches(&self, q: &str, words: &[&str]) -> Vec<u32> {
        let anchor = words
            .iter()
            .find(|w| !ARTICLES.contains(w))
            .unwrap_or(&words[0]);
        let Some(id) = self.word_id(anchor) else {
            return Vec::new();
        };
        let with_year = match words {
            [_, .., year] if year.len() == 4 => year
                .parse::<u16>()
                .ok()
                .map(|year| (&q[..q.len() - 5], year)),
            _ => None,
        };
        let is_title = |entry: &Entry, text: &str| entry.forms().any(|f| f.is_title(text));
        self.postings_of(id)
            .iter()
            .copied()
            .filter(|&rank| {
                let entry = &self.entries[rank as usize];
                is_title(entry, q)
                    || with_year.is_some_and(|(title, year)| {
                        entry.year == Some(year) && is_title(entry, title)
                    })
            })
            .collect()
    }

    /// Title-prefix, word-prefix and all-words matches (ranks and tier), at
    /// most `limit` per tier, best tier first.
    fn prefix_matches(
        &self,
        q: &str,
        words: &[&str],
        limit: usize,
        found: &RankSet,
    ) -> Vec<(u32, MatchQuality)> {
        let matchers: Vec<Matcher> = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let (lo, hi) = self.prefix_range(w);
                Matcher {
                    set: WordSet::Range(lo, hi),
                    optional: is_leading_article(i, w, words.len()),
                }
            })
            .collect();
        let word_prefix = format!(" {q}");
        let mut tiers: [Vec<u32>; 3] = Default::default();
        for (rank, _) in self.matching(&matchers) {
            if found.contains(rank) {
                continue;
            }
            let entry = &self.entries[rank as usize];
            let tier = if entry.forms().any(|f| f.starts_with(q)) {
                0
            } else if entry.forms().any(|f| f.key.contains(&word_prefix)) {
                1
            } else {
                2
            };
            if tiers[tier].len() < limit {
                tiers[tier].push(rank);
            }
            // Titles come most popular first: once `limit` title-prefix
            // matches are in, no later title can enter the list (exact
            // matches were found separately).
            if tiers[0].len() >= limit {
                break;
            }
        }
        let qualities = [
            MatchQuality::TitlePrefix,
            MatchQuality::WordPrefix,
            MatchQuality::AllWords,
        ];
        tiers
            .into_iter()
            .zip(qualities)
            .flat_map(|(ranks, quality)| ranks.into_iter().map(move |r| (r, quality)))
            .collect()
    }

    /// Titles containing the query inside a word ("oy sto"), most popular
    /// first, at most `limit`: the first query word inside a title word, the
    /// others starting title words, and the folded query in the title.
    fn substring_matches(
        &self,
        q: &str,
        words: &[&str],
        limit: usize,
        found: &RankSet,
    ) -> Vec<u32> {
        // A word containing the query word contains each of its bigrams:
        // check only the words of its rarest one. A single character inside
        // a word says too little to be worth a suggestion.
        let needle: Vec<char> = words[0].chars().collect();
        let Some(rarest) = needle
            .windows(2)
            .map(|pair| bigram_code(pair[0]) * BIGRAM_ALPHABET + bigram_code(pair[1]))
            .min_by_key(|&slot| self.bigrams[slot].len())
        else {
            return Vec::new();
        };
        let needle = words[0].as_bytes();
        let inside: Vec<(u32, u8)> = self.bigrams[rarest]
            .iter()
            .filter(|&&id| {
                self.word(id)
                    .as_bytes()
                    .windows(needle.len())
                    .any(|w| w == needle)
            })
            .map(|&id| (id, 0))
            .collect();
        if inside.is_empty() {
            return Vec::new();
        }
        let mut matchers = vec![Matcher {
            set: WordSet::List(inside),
            optional: false,
        }];
        matchers.extend(words[1..].iter().map(|w| {
            let (lo, hi) = self.prefix_range(w);
            Matcher {
                set: WordSet::Range(lo, hi),
                optional: false,
            }
        }));
        self.matching(&matchers)
            .map(|(rank, _)| rank)
            .filter(|&rank| {
                !found.contains(rank)
                    && self.entries[rank as usize]
                        .forms()
                        .any(|f| f.key.contains(q))
            })
            .take(limit)
            .collect()
    }

    /// Titles matching every query word with typos (see [`typo_budget`]),
    /// fewest edits first, then most popular. Empty when no word may have a
    /// typo (everything else was found by the exact tiers).
    fn fuzzy_matches(&self, words: &[&str], open: bool, found: &RankSet) -> Vec<(u32, u8)> {
        let budgets: Vec<u8> = words
            .iter()
            .enumerate()
            .map(|(i, w)| typo_budget(w, open && i + 1 == words.len()))
            .collect();
        if budgets.iter().all(|&k| k == 0) {
            return Vec::new();
        }
        let mut matchers = Vec::with_capacity(words.len());
        for (i, (w, &k)) in words.iter().zip(&budgets).enumerate() {
            let is_open = open && i + 1 == words.len();
            let (lo, hi) = self.prefix_range(w);
            let set = if k == 0 {
                WordSet::Range(lo, hi)
            } else {
                let mut list: Vec<(u32, u8)> = (lo..hi).map(|id| (id, 0)).collect();
                list.extend(self.similar_words(w, k, is_open));
                list.sort_unstable();
                list.dedup_by_key(|&mut (id, _)| id);
                WordSet::List(list)
            };
            matchers.push(Matcher {
                set,
                optional: is_leading_article(i, w, words.len()),
            });
        }
        let mut matches: Vec<(u32, u8)> = self
            .matching(&matchers)
            .filter(|(rank, _)| !found.contains(*rank))
            .collect();
        matches.sort_by_key(|&(rank, typos)| (typos, rank));
        matches
    }

    /// Vocabulary words within `k` edits of `word` (of a prefix of them when
    /// `prefix`), with their distance. A bigram count filter first, then the
    /// bit-parallel distance of the few survivors.
    fn similar_words(&self, word: &str, k: u8, prefix: bool) -> Vec<(u32, u8)> {
        let query: Vec<char> = word.chars().collect();
        let Some(pattern) = WordPattern::new(&query) else {
            return Vec::new();
        };
        let (m, k) = (query.len(), usize::from(k));
        let slots = bigram_slots(&query);
        // Each edit removes at most 3 of the query's distinct bigrams.
        let need = slots.len().saturating_sub(3 * k).max(1);
        let mut counts = vec![0u8; self.vocabulary_len()];
        for &slot in &slots {
            for &id in &self.bigrams[slot as usize] {
                counts[id as usize] = counts[id as usize].saturating_add(1);
            }
        }
        let mut out = Vec::new();
        for (id, &count) in counts.iter().enumerate() {
            let chars = usize::from(self.vocab_chars[id]);
            // A whole word differs in length by at most k; a prefix needs
            // at least m - k characters.
            if usize::from(count) < need || chars + k < m || (!prefix && chars > m + k) {
                continue;
            }
            let d = pattern.distance(self.word(id as u32), prefix, k);
            if d <= k {
                out.push((id as u32, d as u8));
            }
        }
        out
    }
}

/// True for a leading article in a query of several words: it helps when
/// the title has it ("the godfather") and is ignored when it does not ("the
/// amelie").
fn is_leading_article(position: usize, word: &str, words: usize) -> bool {
    position == 0 && words > 1 && ARTICLES.contains(&word)
}

/// A query word prepared for the bit-parallel edit distance of Myers (1999)
/// with Hyyrö's (2003) extension to transpositions: one machine word per
/// text character instead of a row of the dynamic-programming table, so a
/// candidate word costs a few dozen instructions.
#[derive(Debug, Clone)]
pub struct WordPattern {
    /// Bit `i` of `ascii[c]` is set when the pattern's `i`-th character is `c`.
    ascii: [u64; 128],
    /// The same for characters beyond ASCII (rare in folded text).
    other: Vec<(char, u64)>,
    /// Pattern length (characters, 1–64).
    len: usize,
}

impl WordPattern {
    /// Prepares `word`; `None` if it is empty or longer than 64 characters.
    pub fn new(word: &[char]) -> Option<Self> {
        if word.is_empty() || word.len() > 64 {
            return None;
        }
        let mut pattern = WordPattern {
            ascii: [0; 128],
            other: Vec::new(),
            len: word.len(),
        };
        for (i, &c) in word.iter().enumerate() {
            let bit = 1u64 << i;
            if c.is_ascii() {
                pattern.ascii[c as usize] |= bit;
            } else if let Some(entry) = pattern.other.iter_mut().find(|(o, _)| *o == c) {
                entry.1 |= bit;
            } else {
                pattern.other.push((c, bit));
            }
        }
        Some(pattern)
    }

    fn mask(&self, c: char) -> u64 {
        if c.is_ascii() {
            self.ascii[c as usize]
        } else {
            self.other
                .iter()
                .find(|(o, _)| *o == c)
                .map_or(0, |&(_, bits)| bits)
        }
    }

    /// Optimal-string-alignment distance in edits (insertions, deletions,
    /// substitutions, and transpositions of adjacent characters; no
    /// substring edited twice) between the pattern and `text` — or, when
    /// `prefix`, between the pattern and the closest prefix of `text`.
    /// `max` (edits) only bounds the work: prefixes longer than the pattern
    /// plus `max` are not looked at, so results above `max` are not exact.
    pub fn distance(&self, text: &str, prefix: bool, max: usize) -> usize {
        let m = self.len;
        let high = 1u64 << (m - 1);
        // Vertical deltas of the current column, as +1 / -1 bit vectors.
        let (mut vp, mut vn) = (u64::MAX, 0u64);
        let (mut d0, mut previous_eq) = (0u64, 0u64);
        let mut score = m;
        let mut best = m;
        for (j, c) in text.chars().enumerate() {
            if prefix && j >= m + max {
                break;
            }
            let eq = self.mask(c);
            let transposed = ((!d0 & eq) << 1) & previous_eq;
            d0 = (((eq & vp).wrapping_add(vp)) ^ vp) | eq | vn | transposed;
            let hp = vn | !(d0 | vp);
            let hn = vp & d0;
            if hp & high != 0 {
                score += 1;
            } else if hn & high != 0 {
                score -= 1;
            }
            // The first row is 0, 1, 2, …: every column starts one higher.
            let hp = (hp << 1) | 1;
            let hn = hn << 1;
            vp = hn | !(d0 | hp);
            vn = hp & d0;
            previous_eq = eq;
            best = best.min(score);
        }
        if prefix {
            best
        } else {
            score
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference: the textbook optimal-string-alignment table.
    fn table_distance(a: &[char], b: &[char], prefix: bool) -> usize {
        let (m, n) = (a.len(), b.len());
        let mut d = vec![vec![0usize; n + 1]; m + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=m {
            for j in 1..=n {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut v = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        if prefix {
            *d[m].iter().min().unwrap()
        } else {
            d[m][n]
        }
    }

    fn dist(a: &str, b: &str, prefix: bool) -> usize {
        let a: Vec<char> = a.chars().collect();
        WordPattern::new(&a).unwrap().distance(b, prefix, 64)
    }

    #[test]
    fn distance_counts_edits_and_transpositions() {
        assert_eq!(dist("shawshank", "shawshank", false), 0);
        assert_eq!(dist("shawshenk", "shawshank", false), 1);
        assert_eq!(dist("amelei", "amelie", false), 1, "transposition");
        assert_eq!(dist("godfater", "godfather", false), 1, "deletion");
        assert_eq!(dist("kitten", "sitting", false), 3);
        assert_eq!(dist("abc", "abcdef", false), 3);
        assert_eq!(dist("ca", "abc", false), 3, "OSA edits no substring twice");
        assert_eq!(dist("léon", "leon", false), 1, "beyond ASCII");
    }

    #[test]
    fn prefix_distance_compares_with_the_closest_prefix() {
        assert_eq!(dist("shawsh", "shawshank", true), 0);
        assert_eq!(dist("shawshe", "shawshank", true), 1);
        assert_eq!(dist("redemtion", "redemption", true), 1);
        assert!(dist("xyzzy", "shawshank", true) > 2);
        let pattern = WordPattern::new(&['a', 'b', 'c']).unwrap();
        assert_eq!(pattern.distance("abcxxxxxxxxx", true, 1), 0);
    }

    #[test]
    fn bit_parallel_distance_agrees_with_the_table() {
        // Deterministic pseudo-random words over a small alphabet, so that
        // matches, transpositions and repeats are frequent.
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let alphabet = ['a', 'b', 'c', 'd', 'é'];
        for _ in 0..3000 {
            let a: Vec<char> = (0..1 + next(12))
                .map(|_| alphabet[next(5) as usize])
                .collect();
            let b: Vec<char> = (0..next(14)).map(|_| alphabet[next(5) as usize]).collect();
            let text: String = b.iter().collect();
            let pattern = WordPattern::new(&a).unwrap();
            for prefix in [false, true] {
                assert_eq!(
                    pattern.distance(&text, prefix, 64),
                    table_distance(&a, &b, prefix),
                    "{a:?} vs {text:?}, prefix {prefix}"
                );
            }
        }
    }

    #[test]
    fn typo_budget_grows_with_length_and_spares_numbers() {
        assert_eq!(typo_budget("toy", false), 0);
        assert_eq!(typo_budget("heat", false), 1);
        assert_eq!(typo_budget("heat", true), 0);
        assert_eq!(typo_budget("amelie", true), 1);
        assert_eq!(typo_budget("shawshenk", true), 2);
        assert_eq!(typo_budget("2006", false), 0);
        assert_eq!(typo_budget("se7en", false), 0);
    }

    #[test]
    fn articles_are_skipped_once_and_never_the_whole_title() {
        assert_eq!(article_len("The Godfather", "the godfather"), 4);
        assert_eq!(article_len("L'Ours", "lours"), 1);
        assert_eq!(article_len("Les Misérables", "les miserables"), 4);
        assert_eq!(article_len("The", "the"), 0);
        assert_eq!(article_len("Die Hard", "die hard"), 0);
        assert_eq!(
            article_len("Theory of Everything", "theory of everything"),
            0
        );
    }

    #[test]
    fn inner_punctuation_is_between_two_letters_or_digits() {
        assert!(has_inner_punctuation("Spider-Man"));
        assert!(has_inner_punctuation("WALL·E"));
        assert!(has_inner_punctuation("L.A. Confidential"));
        assert!(!has_inner_punctuation("Schindler's List"));
        assert!(!has_inner_punctuation("Alien: Resurrection"));
        assert!(!has_inner_punctuation("Paprika (Papurika)"));
    }

    #[test]
    fn rank_set_iterates_in_increasing_order() {
        let mut set = RankSet::new(200);
        for r in [130, 3, 64, 63, 199] {
            set.insert(r);
        }
        assert!(set.contains(64) && !set.contains(65));
        assert_eq!(
            set.into_ranks().collect::<Vec<_>>(),
            vec![3, 63, 64, 130, 199]
        );
    }
}
