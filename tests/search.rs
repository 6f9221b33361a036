//! Native tests of title search ranking (`reelgraph::search`) on a small
//! hand-made catalogue: folding, leading articles, typos, years, same-title
//! films, and the order of the match tiers.

#![cfg(not(target_arch = "wasm32"))]

use reelgraph::blob::Movie;
use reelgraph::search::{MatchQuality, TitleIndex};

fn movie(movie_id: u32, title: &str, year: Option<u16>, ratings: u32) -> Movie {
    Movie {
        movie_id,
        title: title.to_string(),
        year,
        genres: 0,
        ratings,
        mean_rating_tenths: 40,
        imdb_id: None,
        tmdb_id: None,
    }
}

/// Display titles as the blob holds them (article in front, alternative
/// titles in parentheses), with MovieLens-like rating counts.
fn catalogue() -> Vec<Movie> {
    vec![
        movie(318, "The Shawshank Redemption", Some(1994), 317), // 0
        movie(858, "The Godfather", Some(1972), 192),            // 1
        movie(1221, "The Godfather: Part II", Some(1974), 129),  // 2
        movie(2023, "The Godfather: Part III", Some(1990), 40),  // 3
        movie(8607, "Tokyo Godfathers", Some(2003), 10),         // 4
        movie(
            4973,
            "Amélie (Le Fabuleux destin d'Amélie Poulain)",
            Some(2001),
            120,
        ), // 5
        movie(52885, "Paprika (Papurika)", Some(2006), 37),      // 6
        movie(90001, "Paprika", Some(1991), 2),                  // 7
        movie(
            293,
            "Léon: The Professional (a.k.a. The Professional) (Léon)",
            Some(1994),
            133,
        ), // 8
        movie(3000, "L'Ours", Some(1988), 5),                    // 9
        movie(1411, "Hamlet", Some(1996), 20),                   // 10
        movie(1039, "Hamlet", Some(1990), 8),                    // 11
        movie(3598, "Hamlet", Some(2000), 12),                   // 12
        movie(1036, "Die Hard", Some(1988), 145),                // 13
        movie(459, "Hard Target", Some(1993), 9),                // 14
        movie(1214, "Alien", Some(1979), 146),                   // 15
        movie(1200, "Aliens", Some(1986), 200),                  // 16
        movie(99114, "Les Misérables", Some(2012), 30),          // 17
        movie(527, "Schindler's List", Some(1993), 220),         // 18
        movie(1, "Toy Story", Some(1995), 215),                  // 19
        movie(3114, "Toy Story 2", Some(1999), 97),              // 20
        movie(5000, "Untitled", None, 1),                        // 21
        movie(60069, "WALL·E", Some(2008), 40),                  // 22
        movie(70000, "Walled In", Some(2009), 50),               // 23
        movie(5349, "Spider-Man", Some(2002), 122),              // 24
        movie(1617, "L.A. Confidential", Some(1997), 180),       // 25
    ]
}

fn titles(movies: &[Movie], found: &[u32]) -> Vec<String> {
    found.iter().map(|&i| movies[i as usize].label()).collect()
}

#[test]
fn leading_articles_are_ignored_and_exact_titles_come_first() {
    let movies = catalogue();
    let index = TitleIndex::new(&movies);
    let hits = index.hits("godfather", 10);
    assert_eq!(
        titles(&movies, &hits.iter().map(|h| h.movie).collect::<Vec<_>>()),
        vec![
            "The Godfather (1972)",
            "The Godfather: Part II (1974)",
            "The Godfather: Part III (1990)",
            "Tokyo Godfathers (2003)",
        ]
    );
    assert_eq!(hits[0].quality, MatchQuality::Exact);
    assert_eq!(hits[1].quality, MatchQuality::TitlePrefix);
    assert_eq!(hits[3].quality, MatchQuality::WordPrefix);
    // With the article typed, the same order.
    assert_eq!(index.search("The Godfather", 3), vec![1, 2, 3]);
    // Other languages: French, and an elided article.
    assert_eq!(index.search("miserables", 5), vec![17]);
    assert_eq!(index.search("ours", 5), vec![9]);
    assert_eq!(index.hits("ours", 5)[0].quality, MatchQuality::Exact);
    // An article the title does not have is ignored.
    assert_eq!(index.search("the amelie", 5), vec![5]);
    // "Die" is not skipped: "hard" starts "Hard Target", and only a word of
    // "Die Hard".
    assert_eq!(index.search("hard", 5), vec![14, 13]);
}

#[test]
fn case_accents_and_punctuation_are_folded() {
    let movies = catalogue();
    let index = TitleIndex::new(&movies);
    assert_eq!(index.search("amelie", 5), vec![5]);
    assert_eq!(index.hits("AMÉLIE", 5)[0].quality, MatchQuality::Exact);
    assert_eq!(index.search("leon the professional", 5), vec![8]);
    assert_eq!(index.search("Léon: The Pro", 5), vec![8]);
    assert_eq!(index.search("schindlers list", 5), vec![18]);
    assert_eq!(index.search("schindler's", 5), vec![18]);
    // An alternative title in parentheses is searchable too.
    assert_eq!(index.search("fabuleux destin", 5), vec![5]);
    let hits = index.hits("papurika", 5);
    assert_eq!(
        (hits[0].movie, hits[0].quality),
        (6, MatchQuality::WordPrefix)
    );
}

#[test]
fn a_typo_or_two_still_finds_the_title() {
    let movies = catalogue();
    let index = TitleIndex::new(&movies);
    let hits = index.hits("shawshenk", 8);
    assert_eq!(hits[0].movie, 0, "shawshenk → The Shawshank Redemption");
    assert_eq!((hits[0].quality, hits[0].typos), (MatchQuality::Fuzzy, 1));
    assert_eq!(
        index.search("shawshnak redemtion", 8)[0],
        0,
        "two words, typos in both"
    );
    assert_eq!(index.search("amelei", 8)[0], 5, "transposition");
    assert_eq!(index.search("godfater", 8)[0], 1, "missing letter");
    assert_eq!(index.search("schindlr's list", 8)[0], 18);
    // Three typos in a nine-letter word is too many.
    assert!(index.search("shuwshenq", 8).is_empty());
    // Short words must be typed right: "tay" is not "toy".
    assert!(index.search("tay story", 8).is_empty());
    assert!(index.search("qwxzvb", 8).is_empty());
}

#[test]
fn typos_only_fill_the_list_after_the_exact_tiers() {
    let movies = catalogue();
    let index = TitleIndex::new(&movies);
    let hits = index.hits("aliens", 8);
    assert_eq!(index.search("aliens", 8), vec![16, 15]);
    assert_eq!(hits[0].quality, MatchQuality::Exact);
    // "alien" is one letter short of "aliens": a typo match, after.
    assert_eq!((hits[1].quality, hits[1].typos), (MatchQuality::Fuzzy, 1));
    // The exact title beats a more popular longer one.
    assert_eq!(index.search("alien", 8), vec![15, 16]);
}

#[test]
fn a_year_in_the_query_narrows_and_same_titles_go_by_popularity() {
    let movies = catalogue();
    let index = TitleIndex::new(&movies);
    assert_eq!(index.search("paprika", 8), vec![6, 7], "more rated first");
    assert_eq!(index.search("paprika 2006", 8), vec![6]);
    assert_eq!(index.search("paprika 1991", 8), vec![7]);
    assert_eq!(
        index.hits("paprika 1991", 8)[0].quality,
        MatchQuality::Exact
    );
    assert_eq!(
        titles(&movies, &index.search("hamlet", 8)),
        vec!["Hamlet (1996)", "Hamlet (2000)", "Hamlet (1990)"]
    );
    assert_eq!(index.search("hamlet 2000", 8), vec![12]);
    assert_eq!(index.search("godfather 1974", 8), vec![2]);
    // A year with a typo in the title still narrows; a wrong year finds nothing.
    assert_eq!(index.search("paprka 2006", 8), vec![6]);
    assert!(index.search("paprika 1999", 8).is_empty());
}

#[test]
fn tiers_prefix_then_word_then_all_words_then_substring() {
    let movies = catalogue();
    let index = TitleIndex::new(&movies);
    let hits = index.hits("story", 8);
    assert!(hits.iter().all(|h| h.quality == MatchQuality::WordPrefix));
    assert_eq!(index.search("story", 8), vec![19, 20]);
    let hits = index.hits("story toy 1999", 8);
    assert_eq!(
        (hits[0].movie, hits[0].quality),
        (20, MatchQuality::AllWords)
    );
    let hits = index.hits("oy sto", 8);
    assert_eq!(index.search("oy sto", 8), vec![19, 20]);
    assert!(hits.iter().all(|h| h.quality == MatchQuality::Substring));
    assert_eq!(index.search("hawshank", 8), vec![0], "inside a word");
}

#[test]
fn hyphenated_and_dotted_titles_match_joined_or_apart() {
    let movies = catalogue();
    let index = TitleIndex::new(&movies);
    assert_eq!(index.search("spiderman", 8), vec![24]);
    assert_eq!(index.hits("spiderman", 8)[0].quality, MatchQuality::Exact);
    assert_eq!(index.search("spider man", 8), vec![24]);
    assert_eq!(index.search("spider-m", 8), vec![24]);
    // The exact title first, though "Walled In" is more rated.
    assert_eq!(index.search("walle", 8)[..2], [22, 23]);
    assert_eq!(index.hits("wall e", 8)[0].movie, 22);
    assert_eq!(index.search("la confidential", 8), vec![25]);
    assert_eq!(index.search("l.a. conf", 8), vec![25]);
}

#[test]
fn limits_empty_queries_and_titles_without_a_year() {
    let movies = catalogue();
    let index = TitleIndex::new(&movies);
    assert_eq!(index.len(), movies.len());
    assert!(index.vocabulary_len() > 20);
    assert_eq!(index.search("t", 3).len(), 3);
    assert!(index.search("the", 0).is_empty());
    assert!(index.search("  ?! ", 8).is_empty());
    assert!(index.search("", 8).is_empty());
    assert_eq!(index.search("untitled", 8), vec![21]);
    // Never the same movie twice, whatever tiers it matches.
    let all = index.search("a", 100);
    let mut unique = all.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), all.len());
    assert!(TitleIndex::new(&[]).search("anything", 8).is_empty());
}
