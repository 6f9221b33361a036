//! Raw MovieLens titles and genre strings turned into what the app shows.
//!
//! MovieLens writes titles library-style: the year in parentheses at the end
//! and a leading article moved behind a comma ("American President, The
//! (1995)"), often followed by the original-language title in parentheses,
//! itself library-style ("City of Lost Children, The (Cité des enfants
//! perdus, La) (1995)"). For display, [`title_and_year`]:
//! 1. collapses runs of whitespace and trims;
//! 2. takes a trailing "(1995)" as the year; a range "(2006-2007)" or
//!    "(2006–2007)" gives its first year; no such group → no year;
//! 3. splits off trailing parenthesised groups that follow a space — the
//!    alternative titles ("(a.k.a. Se7en)", "(Postino, Il)");
//! 4. in the main title and in each alternative title, moves an article that
//!    ends the text after a final ", " back to the front: "Postman, The" →
//!    "The Postman", "Ours, L'" → "L'Ours", "a.k.a. Boss, The" → "a.k.a.
//!    The Boss". Only an exact, capitalised article from [`ARTICLES`] that is
//!    the whole last comma-separated part counts, so "Girl, Interrupted" and
//!    "Good, the Bad and the Ugly" are left alone.
//!
//! Result: "The City of Lost Children (La Cité des enfants perdus)", 1995.
//! Genres are `|`-separated; "(no genres listed)" means none.

/// Articles MovieLens moves behind a comma (English, French, Italian, German,
/// Spanish, Dutch, Portuguese, Scandinavian). "L'" attaches without a space.
pub const ARTICLES: &[&str] = &[
    "The", "A", "An", "Les", "La", "Le", "L'", "Il", "Das", "Der", "Die", "El", "Los", "Las", "Lo",
    "Gli", "I", "De", "Het", "Een", "O", "Os", "As", "Um", "Uma", "Ein", "Eine", "Un", "Une",
    "Una", "Det", "Den", "En", "Et",
];

/// What MovieLens writes when a movie has no genre.
pub const NO_GENRES: &str = "(no genres listed)";

/// Splits a raw title into (display title, release year). See the module
/// docs for the rules. A title that is nothing but a year group keeps its
/// text and gets no year, so no movie ends up with an empty title.
pub fn title_and_year(raw: &str) -> (String, Option<u16>) {
    let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let (rest, year) = split_year(&collapsed);
    let (main, alternatives) = split_alternatives(rest);
    let mut title = front_article(main);
    for alt in alternatives {
        title.push_str(" (");
        match alt.strip_prefix("a.k.a. ") {
            Some(aka) => {
                title.push_str("a.k.a. ");
                title.push_str(&front_article(aka));
            }
            None => title.push_str(&front_article(alt)),
        }
        title.push(')');
    }
    (title, year)
}

/// The genre names of a raw `|`-separated genre string, trimmed, in order;
/// empty for "(no genres listed)" or an empty string.
pub fn genres(raw: &str) -> Vec<&str> {
    raw.split('|')
        .map(str::trim)
        .filter(|g| !g.is_empty() && *g != NO_GENRES)
        .collect()
}

/// Strips a trailing year group, returning the rest and the (first) year.
fn split_year(s: &str) -> (&str, Option<u16>) {
    let Some(inner_end) = s.strip_suffix(')') else {
        return (s, None);
    };
    let Some(open) = inner_end.rfind('(') else {
        return (s, None);
    };
    let rest = inner_end[..open].trim_end();
    match parse_year(&inner_end[open + 1..]) {
        Some(year) if !rest.is_empty() => (rest, Some(year)),
        _ => (s, None),
    }
}

/// "1995", "2006-2007", "2006–2007" or "2006-" → the first year.
fn parse_year(s: &str) -> Option<u16> {
    let (digits, tail) = s.split_at_checked(4)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let tail_ok = match tail.strip_prefix('-').or_else(|| tail.strip_prefix('–')) {
        None => tail.is_empty(),
        Some(end) => end.is_empty() || (end.len() == 4 && end.bytes().all(|b| b.is_ascii_digit())),
    };
    if tail_ok {
        digits.parse().ok()
    } else {
        None
    }
}

/// Splits trailing " (…)" groups off the main title, returning them in
/// reading order. A group must follow a space ("Frontière(s)" stays whole)
/// and may nest parentheses; the main title must stay non-empty.
fn split_alternatives(s: &str) -> (&str, Vec<&str>) {
    let mut main = s.trim_end();
    let mut groups = Vec::new();
    while let Some(inner_end) = main.strip_suffix(')') {
        let Some(open) = matching_open(inner_end) else {
            break;
        };
        let before = &main[..open];
        if !before.ends_with(' ') || before.trim_end().is_empty() {
            break;
        }
        groups.push(&inner_end[open + 1..]);
        main = before.trim_end();
    }
    groups.reverse();
    (main, groups)
}

/// Byte index of the '(' that closes a group ending just after `s`.
fn matching_open(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' if depth == 0 => return Some(i),
            '(' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// "Postman, The" → "The Postman"; text without a trailing article unchanged.
fn front_article(s: &str) -> String {
    if let Some(comma) = s.rfind(", ") {
        let (head, article) = (&s[..comma], &s[comma + 2..]);
        if !head.is_empty() && ARTICLES.contains(&article) {
            return if article.ends_with('\'') {
                format!("{article}{head}")
            } else {
                format!("{article} {head}")
            };
        }
    }
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(raw: &str, title: &str, year: Option<u16>) {
        assert_eq!(
            title_and_year(raw),
            (title.to_string(), year),
            "raw: {raw:?}"
        );
    }

    #[test]
    fn plain_title_and_year() {
        check("Toy Story (1995)", "Toy Story", Some(1995));
        check("1408 (2007)", "1408", Some(2007));
        check("Blade Runner 2049 (2017)", "Blade Runner 2049", Some(2017));
    }

    #[test]
    fn whitespace_is_trimmed_and_collapsed() {
        check("Runaway Brain (1995) ", "Runaway Brain", Some(1995));
        check("Blind Side, The  (2009)", "The Blind Side", Some(2009));
        check("  Heat   (1995)", "Heat", Some(1995));
    }

    #[test]
    fn year_ranges_and_missing_years() {
        check(
            "Death Note: Desu nôto (2006–2007)",
            "Death Note: Desu nôto",
            Some(2006),
        );
        check("Some Series (2006-2007)", "Some Series", Some(2006));
        check("Ongoing (2016-)", "Ongoing", Some(2016));
        check("Babylon 5", "Babylon 5", None);
        check("Hyena Road", "Hyena Road", None);
        check("(2007)", "(2007)", None);
        check("Numbers (12345)", "Numbers (12345)", None);
    }

    #[test]
    fn trailing_article_moves_to_front() {
        check(
            "American President, The (1995)",
            "The American President",
            Some(1995),
        );
        check("Misérables, Les (1995)", "Les Misérables", Some(1995));
        check("Time to Kill, A (1996)", "A Time to Kill", Some(1996));
        check(
            "Affair of Love, An (Liaison pornographique, Une) (1999)",
            "An Affair of Love (Une Liaison pornographique)",
            Some(1999),
        );
        check("Divo, Il (2008)", "Il Divo", Some(2008));
        check(
            "Baader Meinhof Komplex, Der (2008)",
            "Der Baader Meinhof Komplex",
            Some(2008),
        );
    }

    #[test]
    fn commas_that_are_not_articles_stay() {
        check("Girl, Interrupted (1999)", "Girl, Interrupted", Some(1999));
        check(
            "Good, the Bad and the Ugly, The (Buono, il brutto, il cattivo, Il) (1966)",
            "The Good, the Bad and the Ugly (Il Buono, il brutto, il cattivo)",
            Some(1966),
        );
        // ", A" only counts as the very last part, and only capitalised.
        check("A, B, C, D (2001)", "A, B, C, D", Some(2001));
        check("Me, a Ghost (2001)", "Me, a Ghost", Some(2001));
        check(
            "Sex, Lies, and Videotape (1989)",
            "Sex, Lies, and Videotape",
            Some(1989),
        );
    }

    #[test]
    fn alternative_titles_are_fixed_too() {
        check(
            "City of Lost Children, The (Cité des enfants perdus, La) (1995)",
            "The City of Lost Children (La Cité des enfants perdus)",
            Some(1995),
        );
        check(
            "Boot, Das (Boat, The) (1981)",
            "Das Boot (The Boat)",
            Some(1981),
        );
        check(
            "Bear, The (Ours, L') (1988)",
            "The Bear (L'Ours)",
            Some(1988),
        );
        check(
            "Vitelloni, I (a.k.a. The Young and the Passionate) (1953)",
            "I Vitelloni (a.k.a. The Young and the Passionate)",
            Some(1953),
        );
        check(
            "Some Film (a.k.a. Boss, The) (2000)",
            "Some Film (a.k.a. The Boss)",
            Some(2000),
        );
        check(
            "Seven (a.k.a. Se7en) (1995)",
            "Seven (a.k.a. Se7en)",
            Some(1995),
        );
        check(
            "Strike! (a.k.a. All I Wanna Do, The Hairy Bird) (1998)",
            "Strike! (a.k.a. All I Wanna Do, The Hairy Bird)",
            Some(1998),
        );
    }

    #[test]
    fn parentheses_inside_or_at_the_start_are_not_alternatives() {
        check("Frontière(s) (2007)", "Frontière(s)", Some(2007));
        check(
            "(500) Days of Summer (2009)",
            "(500) Days of Summer",
            Some(2009),
        );
        check("(Untitled) (2009)", "(Untitled)", Some(2009));
    }

    #[test]
    fn genre_lists() {
        assert_eq!(
            genres("Adventure|Animation|Children"),
            vec!["Adventure", "Animation", "Children"]
        );
        assert!(genres("(no genres listed)").is_empty());
        assert!(genres("").is_empty());
        assert_eq!(genres("Drama"), vec!["Drama"]);
    }
}
