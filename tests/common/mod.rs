//! A small hand-made catalogue shared by the native and the browser tests.

#![allow(dead_code)]

use reelgraph::blob::{Blob, BuildInfo, ContentInfo, Model, Movie, NeighbourTable};

fn movie(movie_id: u32, title: &str, year: u16, genres: u32, ratings: u32) -> Movie {
    Movie {
        movie_id,
        title: title.to_string(),
        year: Some(year),
        genres,
        ratings,
        mean_rating_tenths: 40,
        imdb_id: None,
        tmdb_id: None,
    }
}

/// Five movies (indices 0–4) with hand-written neighbour lists:
/// Toy Story ↔ Toy Story 2 are each other's best match. Both models have a
/// table; the content features say what Toy Story and Toy Story 2 share
/// ("pixar", "toy").
pub fn sample_blob() -> Blob {
    let movies = vec![
        movie(1, "Toy Story", 1995, 0b011, 215),
        movie(2, "Jumanji", 1995, 0b010, 110),
        movie(3114, "Toy Story 2", 1999, 0b011, 97),
        movie(4973, "Amélie", 2001, 0b100, 120),
        movie(5000, "Story of Us", 1999, 0b100, 3),
    ];
    let lists = vec![
        vec![(2, 0.8), (1, 0.4), (3, 0.1)],
        vec![(0, 0.4), (2, 0.3)],
        vec![(0, 0.8), (1, 0.3)],
        vec![(4, 0.2), (0, 0.1)],
        vec![],
    ];
    let content_lists = vec![
        vec![(2, 0.9)],
        vec![(0, 0.2)],
        vec![(0, 0.9)],
        vec![(4, 0.3)],
        vec![(3, 0.3)],
    ];
    Blob {
        info: BuildInfo {
            dataset: "sample".into(),
            ratings: 545,
            users: 40,
            generator: "tests".into(),
            recommender: "ratings: item-kNN cosine, top 3".into(),
            recall_at_20: None,
        },
        genres: vec!["Animation".into(), "Children".into(), "Romance".into()],
        movies,
        tables: vec![
            NeighbourTable::from_lists(Model::RatingsCosine, 3, &lists),
            NeighbourTable::from_lists(Model::Content, 3, &content_lists),
        ],
        content: Some(ContentInfo::from_lists(
            vec![("keywords".into(), 1.0), ("genres".into(), 0.5)],
            vec!["toy".into(), "pixar".into(), "paris".into()],
            &[vec![1, 0], vec![], vec![0, 1], vec![2], vec![2]],
        )),
    }
}
