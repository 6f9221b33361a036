//! Text analysis for the content model: Unicode text → stemmed terms, and
//! multi-word labels (keywords, tags) → one normalised feature each.
//!
//! [`Analyzer::terms`] does, in order:
//! 1. **fold**: Unicode NFD, combining marks dropped, lower case — "Amélie"
//!    and "AMELIE" become "amelie";
//! 2. **tokenise**: a token is a run of letters and digits; everything else
//!    separates tokens, apostrophes included ("batman's" → "batman" + "s",
//!    "don't" → "don" + "t", which is how the NLTK stop list expects them).
//!    One exception keeps numbers that matter in one piece: a `/`, `.` or `:`
//!    between two digits joins them ("9/11", "24/7", "3.5");
//! 3. **filter**: tokens of one character go, and so do bare numbers other
//!    than four-digit ones — "1984" and "2001" name eras and films, "2" or
//!    "10" ("10 years later") carry nothing; mixed tokens ("3d", "1970s",
//!    "r2") and joined numbers ("9/11") stay;
//! 4. **stop words**: the NLTK English list (179 words, via the `stop-words`
//!    crate), matched on the folded token;
//! 5. **stem**: Snowball English (`rust-stemmers`), letters only — numbers
//!    are kept as written.
//!
//! Each term keeps its folded, unstemmed *surface* form too, so features can
//! be shown to people as words ("galaxies", not "galaxi").
//!
//! Keywords and tags are not tokenised: [`phrase`] normalises a whole label
//! ("Space  Travel\u{a0}" → "space travel") so that it stays one feature.

use std::collections::HashSet;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

/// One analysed word: the stem used as a feature and the folded word it came
/// from (for display).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Snowball stem of the folded token ("galaxi"); numbers unchanged.
    pub stem: String,
    /// The folded token before stemming ("galaxies").
    pub surface: String,
}

/// Tokeniser, stop-word filter and stemmer, built once and shared.
pub struct Analyzer {
    stemmer: Stemmer,
    stop_words: HashSet<String>,
}

impl Default for Analyzer {
    fn default() -> Self {
        Self::new()
    }
}

impl Analyzer {
    /// An English analyser with the NLTK stop-word list.
    pub fn new() -> Self {
        let stop_words = stop_words::lookup("en")
            .unwrap_or_default()
            .iter()
            .flat_map(|w| tokens(w))
            .collect();
        Analyzer {
            stemmer: Stemmer::create(Algorithm::English),
            stop_words,
        }
    }

    /// Whether a folded token is a stop word.
    pub fn is_stop_word(&self, token: &str) -> bool {
        self.stop_words.contains(token)
    }

    /// The terms of `text` in reading order, repeats included (see the
    /// module docs for the steps).
    pub fn terms(&self, text: &str) -> Vec<Term> {
        tokens(text)
            .into_iter()
            .filter(|t| keep_token(t) && !self.is_stop_word(t))
            .map(|surface| Term {
                stem: self.stem(&surface),
                surface,
            })
            .collect()
    }

    /// Snowball stem of a folded token; tokens containing a digit are
    /// returned unchanged.
    pub fn stem(&self, token: &str) -> String {
        if token.bytes().any(|b| b.is_ascii_digit()) {
            token.to_string()
        } else {
            self.stemmer.stem(token).into_owned()
        }
    }
}

/// Folds `text` (NFD, combining marks dropped, lower case) and splits it
/// into tokens (steps 1–2 of the module docs), before any filtering.
pub fn tokens(text: &str) -> Vec<String> {
    let chars: Vec<char> = text
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect();
    let mut out = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_alphanumeric() {
            current.push(c);
            continue;
        }
        let joins_digits = matches!(c, '/' | '.' | ':')
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if joins_digits {
            current.push(c);
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Step 3 of the module docs: drop one-character tokens and bare numbers
/// other than four-digit ones.
fn keep_token(token: &str) -> bool {
    if token.chars().count() < 2 {
        return false;
    }
    let all_digits = token.bytes().all(|b| b.is_ascii_digit());
    !all_digits || token.len() == 4
}

/// A keyword or tag as one feature: lower case, whitespace (including
/// no-break spaces) collapsed to single spaces, trimmed; accents and
/// punctuation kept for display ("  Space\u{a0}Travel " → "space travel").
/// Empty when nothing but whitespace is left.
pub fn phrase(label: &str) -> String {
    label
        .split(char::is_whitespace)
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The matching key of a [`phrase`]: folded like titles are for search
/// (accents and punctuation dropped, see `reelgraph::fold`), so "sci-fi"
/// and "Sci Fi" are the same feature.
pub fn phrase_key(label: &str) -> String {
    reelgraph::fold::fold(label)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(text: &str) -> Vec<String> {
        Analyzer::new()
            .terms(text)
            .into_iter()
            .map(|t| t.stem)
            .collect()
    }

    #[test]
    fn tokens_fold_case_and_accents_and_split_on_punctuation() {
        assert_eq!(
            tokens("Amélie's CAFÉ, in Montmartre!"),
            vec!["amelie", "s", "cafe", "in", "montmartre"]
        );
        assert_eq!(
            tokens("sci-fi\u{a0}road\r\ntrip"),
            vec!["sci", "fi", "road", "trip"]
        );
        assert!(tokens("  ... -- ").is_empty());
    }

    #[test]
    fn numbers_that_matter_stay_whole() {
        assert_eq!(
            tokens("After 9/11, open 24/7 in 3.5 hours."),
            vec!["after", "9/11", "open", "24/7", "in", "3.5", "hours"]
        );
        // A separator not between two digits still splits.
        assert_eq!(tokens("end. 9/ x"), vec!["end", "9", "x"]);
    }

    #[test]
    fn stop_words_are_the_nltk_list() {
        let a = Analyzer::new();
        for w in ["the", "and", "of", "don", "t", "s", "yourselves", "it"] {
            assert!(a.is_stop_word(w), "{w}");
        }
        for w in ["batman", "space", "love", "war"] {
            assert!(!a.is_stop_word(w), "{w}");
        }
    }

    #[test]
    fn sentences_checked_by_hand() {
        // "The"/"in"/"of"/"a" are stop words, "2" is a bare short number,
        // "s" a single character; Snowball: running → run, galaxies → galaxi,
        // cities → citi, dreaming → dream.
        assert_eq!(
            stems("The running man's dreaming of 2 galaxies in a cities"),
            vec!["run", "man", "dream", "galaxi", "citi"]
        );
        // Years and joined numbers are kept and not stemmed; "1970s" keeps its
        // digits so is not stemmed either.
        assert_eq!(
            stems("A heist in the 1970s, before 9/11 and after 2001."),
            vec!["heist", "1970s", "9/11", "2001"]
        );
        // Contractions split at the apostrophe and vanish as stop words.
        assert_eq!(
            stems("Don't you know it's Batman's city?"),
            vec!["know", "batman", "citi"]
        );
    }

    #[test]
    fn terms_keep_their_surface_form() {
        let t = Analyzer::new().terms("Galaxies");
        assert_eq!(
            t,
            vec![Term {
                stem: "galaxi".into(),
                surface: "galaxies".into()
            }]
        );
    }

    #[test]
    fn phrases_stay_whole() {
        assert_eq!(phrase("  Space\u{a0}Travel "), "space travel");
        assert_eq!(phrase("\u{a0}nightgown"), "nightgown");
        assert_eq!(
            phrase("Based on Children's Book"),
            "based on children's book"
        );
        assert_eq!(phrase(" \u{a0} "), "");
        assert_eq!(phrase_key("Sci-Fi"), phrase_key("sci fi"));
    }
}
