//! A small hand-made catalogue shared by the native and the browser tests.

#![allow(dead_code)]

use reelgraph::blob::{Blob, BuildInfo, Model, Movie, NeighbourTable};

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
/// Toy Story ↔ Toy Story 2 are each other's best match.
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
    Blob {
        info: BuildInfo {
            dataset: "sample".into(),
            ratings: 545,
            users: 40,
            generator: "tests".into(),
        },
        genres: vec!["Animation".into(), "Children".into(), "Romance".into()],
        movies,
        tables: vec![NeighbourTable::from_lists(Model::RatingsCosine, 3, &lists)],
    }
}
