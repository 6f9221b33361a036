//! Text folding for search: one canonical form for titles and queries.
//!
//! Titles arrive with accents, capitals and punctuation ("Amélie", "WALL·E",
//! "Se7en"); people type without them. Folding both sides the same way makes
//! matching a plain comparison of words. The same function folds the titles
//! (once, when the index is built) and every query (on every keystroke), so
//! the two can never disagree; `build-tools` uses it too for its text keys.

use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

/// Letters that carry no combining mark under NFD but that people type as
/// plain Latin letters ("Ærø" → "aero", "Straße" → "strasse").
fn latin_fallback(c: char) -> Option<&'static str> {
    Some(match c {
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'ø' | 'Ø' => "o",
        'ß' | 'ẞ' => "ss",
        'ł' | 'Ł' => "l",
        'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'þ' | 'Þ' => "th",
        'ı' => "i",
        _ => return None,
    })
}

/// Folds `text` for matching: lower case, accents removed (NFD, combining
/// marks dropped; æ, œ, ø, ß and a few other letters spelled out), every run
/// of non-alphanumeric characters turned into one space, trimmed.
/// Apostrophes join rather than separate ("Schindler's" → "schindlers").
/// "Amélie (2001)" → "amelie 2001".
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        // Most titles and nearly every query: no decomposition needed, and
        // skipping NFD makes indexing several times faster.
        return fold_chars(text.chars());
    }
    fold_chars(text.nfd().filter(|c| !is_combining_mark(*c)))
}

fn fold_chars(chars: impl Iterator<Item = char>) -> String {
    let mut out = String::with_capacity(32);
    let mut pending_space = false;
    for c in chars {
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else if let Some(spelled) = latin_fallback(c) {
                out.push_str(spelled);
            } else {
                out.extend(c.to_lowercase());
            }
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
        assert_eq!(fold("Léon: The Professional"), "leon the professional");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn spells_out_letters_without_a_decomposition() {
        assert_eq!(fold("Ærø"), "aero");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("Œuvre"), "oeuvre");
    }
}
