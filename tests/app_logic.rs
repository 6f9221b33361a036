//! Native tests of the app's pure logic: the taste set, history import
//! (parsing and matching the handwritten fixtures), routes, and the reason
//! lines under neighbours and recommendations.

mod common;

use common::sample_blob;
use reelgraph::blob::{Blob, Model, Movie, NeighbourTable};
use reelgraph::import::{parse_export, title_key, ImportError, MatchedBy, Matcher, Source};
use reelgraph::reason::{neighbour_reason, recommendation_reason, strongest_seed};
use reelgraph::route::{parse_ids, Route};
use reelgraph::score::recommend;
use reelgraph::taste::TasteSet;

const IMDB: &str = include_str!("fixtures/import/imdb_ratings.csv");
const LETTERBOXD: &str = include_str!("fixtures/import/letterboxd_ratings.csv");

fn film(movie_id: u32, title: &str, year: u16, imdb_id: Option<u32>) -> Movie {
    Movie {
        movie_id,
        title: title.to_string(),
        year: Some(year),
        genres: 0,
        ratings: 10,
        mean_rating_tenths: 40,
        imdb_id,
        tmdb_id: None,
    }
}

/// The fixtures' films as `build-tools` writes them from ml-latest-small
/// (articles moved to the front, alternative titles in parentheses), plus
/// decoys: same title another year, a near title.
fn catalogue() -> Blob {
    let mut blob = sample_blob();
    blob.movies = vec![
        film(1, "Toy Story", 1995, Some(114709)),
        film(6, "Heat", 1995, Some(113277)),
        film(47, "Seven (a.k.a. Se7en)", 1995, Some(114369)),
        film(318, "The Shawshank Redemption", 1994, Some(111161)),
        film(858, "The Godfather", 1972, Some(68646)),
        film(1221, "The Godfather: Part II", 1974, Some(71562)),
        film(2023, "The Godfather: Part III", 1990, Some(99674)),
        film(2256, "Parasite", 1982, Some(84472)),
        film(2571, "The Matrix", 1999, Some(133093)),
        film(
            4973,
            "Amelie (Le Fabuleux destin d'Amélie Poulain)",
            2001,
            Some(211915),
        ),
        film(
            5618,
            "Spirited Away (Sen to Chihiro no kamikakushi)",
            2001,
            Some(245429),
        ),
        film(58559, "The Dark Knight", 2008, Some(468569)),
        film(172591, "The Godfather Trilogy: 1972-1990", 1992, None),
    ];
    let n = blob.movies.len();
    blob.tables = vec![NeighbourTable::from_lists(
        Model::Content,
        1,
        &vec![vec![]; n],
    )];
    blob.content = None;
    blob
}

fn ids(blob: &Blob, indices: impl IntoIterator<Item = u32>) -> Vec<u32> {
    indices
        .into_iter()
        .map(|i| blob.movies[i as usize].movie_id)
        .collect()
}

#[test]
fn imdb_export_matches_by_id_and_reports_the_rest() {
    let blob = catalogue();
    let export = parse_export(IMDB).unwrap();
    assert_eq!(export.source, Source::Imdb);
    assert_eq!(export.films.len(), 8);
    assert_eq!(export.skipped, 0);
    // Quoted commas and doubled quotes survive.
    assert_eq!(export.films[7].title, "A Made-Up Film, With a Comma");
    assert_eq!(export.films[0].imdb_id, Some(114709));
    assert_eq!(export.films[0].rating, 9.0);

    let report = Matcher::new(&blob).match_export(export);
    assert_eq!(report.matched.len(), 5);
    assert!(report.matched.iter().all(|m| m.by == MatchedBy::ImdbId));
    assert_eq!(
        ids(&blob, report.matched.iter().map(|m| m.index)),
        vec![1, 318, 2571, 858, 6]
    );
    let missing: Vec<String> = report.unmatched.iter().map(|f| f.label()).collect();
    assert_eq!(
        missing,
        vec![
            "Oppenheimer (2023)",
            "Breaking Bad (2008)",
            "A Made-Up Film, With a Comma (2019)"
        ]
    );
    // Default threshold 8/10: The Godfather (7) stays out.
    let liked = report.liked_ids(&blob, Source::Imdb.default_threshold());
    assert_eq!(liked, vec![1, 318, 2571, 6]);
    assert_eq!(report.liked_ids(&blob, 10.0), vec![318]);
}

#[test]
fn letterboxd_export_matches_by_title_and_year() {
    let blob = catalogue();
    let export = parse_export(LETTERBOXD).unwrap();
    assert_eq!(export.source, Source::Letterboxd);
    assert_eq!(export.films.len(), 7);
    let report = Matcher::new(&blob).match_export(export);
    assert!(report
        .matched
        .iter()
        .all(|m| m.by == MatchedBy::TitleAndYear));
    assert_eq!(
        ids(&blob, report.matched.iter().map(|m| m.index)),
        vec![4973, 58559, 5618, 1221, 47]
    );
    let missing: Vec<String> = report.unmatched.iter().map(|f| f.label()).collect();
    // The catalogue's Parasite is from 1982: the year keeps them apart.
    assert_eq!(
        missing,
        vec![
            "Parasite (2019)",
            "Everything Everywhere All at Once (2022)"
        ]
    );
    let liked = report.liked_ids(&blob, Source::Letterboxd.default_threshold());
    assert_eq!(liked, vec![4973, 58559, 5618, 47]);
}

#[test]
fn title_matching_folds_articles_accents_and_allows_a_year_off_by_one() {
    let blob = catalogue();
    let matcher = Matcher::new(&blob);
    let text = "Date,Name,Year,Letterboxd URI,Rating\n\
                x,godfather,1972,u,4\n\
                x,THE MATRIX,2000,u,4\n\
                x,The Matrix,2003,u,4\n\
                x,Le Fabuleux destin d'Amélie Poulain,2001,u,4\n";
    let report = matcher.match_export(parse_export(text).unwrap());
    assert_eq!(
        ids(&blob, report.matched.iter().map(|m| m.index)),
        vec![858, 2571, 4973]
    );
    assert_eq!(report.unmatched[0].year, Some(2003));
    assert_eq!(title_key("The Godfather"), title_key("Godfather"));
}

#[test]
fn exports_that_are_not_exports_are_refused_clearly() {
    assert_eq!(parse_export(""), Err(ImportError::Empty));
    assert_eq!(
        parse_export("Date,Name,Year,Letterboxd URI\nx,y,1999,u\n"),
        Err(ImportError::UnknownFormat)
    );
    // Rows without a rating are skipped, not fatal.
    let export = parse_export("Date,Name,Year,Letterboxd URI,Rating\nx,Heat,1995,u,\n").unwrap();
    assert_eq!((export.films.len(), export.skipped), (0, 1));
}

#[test]
fn taste_set_survives_a_new_catalogue_without_some_movies() {
    let blob = sample_blob();
    let mut taste = TasteSet::from_liked(&[1, 999_999, 3114]);
    taste.dismiss(4973);
    taste.dismiss(888_888);
    let stored = taste.encode();

    let mut restored = TasteSet::decode(&stored).unwrap().set;
    let dropped = restored.retain_known(|id| blob.index_of(id).is_some());
    assert_eq!(dropped, vec![999_999, 888_888]);
    assert_eq!(restored.liked(), &[1, 3114]);
    assert_eq!(restored.dismissed(), &[4973]);
    assert_eq!(restored.liked_indices(&blob), vec![0, 2]);
    assert_eq!(restored.dismissed_indices(&blob), vec![3]);
}

#[test]
fn for_you_excludes_liked_and_dismissed_movies() {
    let blob = sample_blob();
    let mut taste = TasteSet::from_liked(&[1]);
    taste.dismiss(2);
    let table = &blob.tables[0];
    let picks = recommend(
        table,
        &taste.liked_indices(&blob),
        &taste.dismissed_indices(&blob),
        10,
    );
    let picked: Vec<u32> = picks.iter().map(|&(i, _)| i).collect();
    // Toy Story's neighbours are Toy Story 2, Jumanji, Amélie; Jumanji is dismissed.
    assert_eq!(picked, vec![2, 3]);
    assert_eq!(
        recommendation_reason(&blob, table, &[0], 2),
        "Because you liked Toy Story (1995)"
    );
    // Of two liked movies, the one closer to the candidate is named.
    assert_eq!(strongest_seed(table, &[1, 0], 2), Some(0));
}

#[test]
fn reasons_follow_the_model() {
    let blob = sample_blob();
    assert_eq!(
        neighbour_reason(&blob, Model::RatingsCosine, 0, 1),
        "Fans of Toy Story (1995) also liked this"
    );
    let content = neighbour_reason(&blob, Model::Content, 0, 2);
    assert!(content.starts_with("shares: pixar, toy"), "{content}");
    // Blended: a neighbour only the rating lists have is explained by fans;
    // one the content lists have by what it shares.
    assert_eq!(
        neighbour_reason(&blob, Model::Hybrid, 0, 1),
        "Fans of Toy Story (1995) also liked this"
    );
    assert!(neighbour_reason(&blob, Model::Hybrid, 0, 2).starts_with("shares: pixar"));
}

#[test]
fn routes_round_trip_and_never_fail() {
    let cases = [
        ("#/", Route::home()),
        (
            "#/?q=toy%20story",
            Route::Home {
                query: "toy story".into(),
            },
        ),
        (
            "#/movie/318",
            Route::Movie {
                movie_id: 318,
                model: None,
            },
        ),
        ("#/for-you", Route::ForYou { like: None }),
        (
            "#/for-you?like=1,318,2571",
            Route::ForYou {
                like: Some(vec![1, 318, 2571]),
            },
        ),
    ];
    for (hash, route) in cases {
        assert_eq!(Route::parse(hash), route, "{hash}");
        assert_eq!(route.to_hash(), hash);
    }
    assert_eq!(
        Route::parse("#/?q=am%C3%A9lie+2001").to_hash(),
        "#/?q=am%C3%A9lie%202001"
    );
    assert_eq!(
        Route::parse("#/?q=am%C3%A9lie"),
        Route::Home {
            query: "amélie".into()
        }
    );
    for junk in [
        "",
        "#",
        "#/nowhere",
        "#/movie/abc",
        "#/movie/",
        "#?",
        "#/?q=%",
    ] {
        assert!(matches!(Route::parse(junk), Route::Home { .. }), "{junk}");
    }
    assert_eq!(parse_ids("1,x,,318,1, 2571"), vec![1, 318, 2571]);
}
