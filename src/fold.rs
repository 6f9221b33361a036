//! Text folding for search: one canonical form for titles and queries.
//!
//! Titles arrive with accents, capitals and punctuation ("Amélie", "WALL·E",
//! "Se7en"); people type without them. Folding both sides the same way makes
//! matching a plain substring test.

use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

/// Folds `text` for matching: lower case, accents removed (NFD, combining
/// marks dropped), every run of non-alphanumeric characters turned into one
/// space, trimmed. "Amélie (2001)" → "amelie 2001".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else if c != '\'' && c != '’' {
            // Apostrophes join ("Schindler's" → "schindlers") so that people
            // who leave them out still match; everything else separates words.
            pending_space = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_case_accents_and_punctuation() {
        assert_eq!(fold("Amélie"), "amelie");
        assert_eq!(fold("  Toy   Story (1995) "), "toy story 1995");
        assert_eq!(fold("Misérables, Les"), "miserables les");
        assert_eq!(fold("Schindler's List"), "schindlers list");
        assert_eq!(fold("WALL·E"), "wall e");
        assert_eq!(fold("ÉCOLE"), "ecole");
        assert_eq!(fold(""), "");
    }
}
