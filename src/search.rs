//! Title search: suggestions as the visitor types.
//!
//! The index is derived from the catalogue when the blob is decoded (a few ms
//! for 10k titles) instead of being shipped: it would double the titles'
//! bytes in the download and could drift from the folding code. A query is
//! folded like the titles and matched by prefix, word prefix, all words in any
//! order, or substring; better matches first, then more popular movies.

use crate::blob::Movie;
use crate::fold::fold;

/// How well a title matches a query; lower is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchQuality {
    /// The title starts with the query ("toy st" → "Toy Story").
    TitlePrefix,
    /// A later word starts with the query ("story" → "Toy Story").
    WordPrefix,
    /// Every query word starts a word of the title, in any order
    /// ("toy story 1999" → "Toy Story 2 (1999)").
    AllWords,
    /// The query appears inside a word ("oy sto" → "Toy Story").
    Substring,
}

/// A search index over movie titles.
#[derive(Debug, Clone, Default)]
pub struct TitleIndex {
    /// Folded "title year" per movie index.
    keys: Vec<String>,
    /// Movie indices, most rated first: the scan order, so that early exit
    /// keeps the most popular of the best matches.
    by_popularity: Vec<u32>,
}

impl TitleIndex {
    /// Builds the index for a catalogue (movies in blob order).
    pub fn new(movies: &[Movie]) -> Self {
        let keys = movies.iter().map(|m| fold(&m.label())).collect();
        let mut by_popularity: Vec<u32> = (0..movies.len() as u32).collect();
        by_popularity.sort_by_key(|&i| std::cmp::Reverse(movies[i as usize].ratings));
        TitleIndex {
            keys,
            by_popularity,
        }
    }

    /// Number of titles indexed (items).
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when the index holds no title.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Up to `limit` movie indices matching `query`, best first. A query that
    /// folds to nothing (empty, only punctuation) matches nothing.
    pub fn search(&self, query: &str, limit: usize) -> Vec<u32> {
        let q = fold(query);
        if q.is_empty() || limit == 0 {
            return Vec::new();
        }
        let word_prefix = format!(" {q}");
        let words: Vec<&str> = q.split(' ').collect();
        let mut tiers: [Vec<u32>; 4] = Default::default();
        for &i in &self.by_popularity {
            let key = &self.keys[i as usize];
            let quality = if key.starts_with(&q) {
                MatchQuality::TitlePrefix
            } else if key.contains(&word_prefix) {
                MatchQuality::WordPrefix
            } else if words.len() > 1
                && words
                    .iter()
                    .all(|w| key.split(' ').any(|k| k.starts_with(w)))
            {
                MatchQuality::AllWords
            } else if key.contains(&q) {
                MatchQuality::Substring
            } else {
                continue;
            };
            let tier = &mut tiers[quality as usize];
            if tier.len() < limit {
                tier.push(i);
            }
            if tiers[0].len() >= limit {
                break;
            }
        }
        tiers.into_iter().flatten().take(limit).collect()
    }
}
