//! CSV parsing: CRLF line endings, quoted titles containing commas, empty
//! TMDB ids, header-driven columns, line numbers and skipped rows.

mod common;

use reelgraph_build_tools::ingest::{self, movielens, IngestStats, LinkRow};

#[test]
fn fixture_really_uses_crlf_and_quotes() {
    // Guards the tests below against a checkout that rewrote line endings.
    let bytes = std::fs::read(common::fixture("tiny/movies.csv")).unwrap();
    assert!(bytes.windows(2).any(|w| w == b"\r\n"));
    assert!(!bytes.windows(2).any(|w| w[1] == b'\n' && w[0] != b'\r'));
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("\"American President, The (1995)\""));
}

#[test]
fn movies_crlf_quoted_titles_sorted_by_id() {
    let movies = movielens::read_movies(&common::fixture("tiny/movies.csv")).unwrap();
    let ids: Vec<u32> = movies.iter().map(|m| m.movie_id).collect();
    assert_eq!(ids, vec![1, 2, 3, 5, 7]);
    assert_eq!(movies[1].title, "American President, The (1995)");
    assert_eq!(
        movies[3].title,
        "City of Lost Children, The (Cité des enfants perdus, La) (1995)"
    );
    // No '\r' survives at the end of the last field.
    assert_eq!(movies[1].genres, "Comedy|Drama|Romance");
    assert_eq!(movies[2].title, "Heat (1995)", "fields are trimmed");
    assert_eq!(movies[4].genres, "(no genres listed)");
}

#[test]
fn links_with_empty_tmdb_id() {
    let path = common::fixture("tiny/links.csv");
    let mut rows = Vec::new();
    let n = movielens::for_each_link(&path, |pos, row| {
        rows.push((pos.line_in(&path), row));
        Ok(())
    })
    .unwrap();
    assert_eq!(n, 6);
    assert_eq!(
        rows[0],
        (
            2,
            LinkRow {
                movie_id: 1,
                imdb_id: Some(114_709),
                tmdb_id: Some(862)
            }
        )
    );
    assert_eq!(
        rows[3],
        (
            5,
            LinkRow {
                movie_id: 5,
                imdb_id: Some(112_682),
                tmdb_id: None
            }
        )
    );
}

#[test]
fn ratings_stream_with_editor_line_numbers() {
    // csv's own count would say 1 and 11 here (CRLF); the rows are on 2 and 12.
    let path = common::fixture("tiny/ratings.csv");
    let mut rows = Vec::new();
    movielens::for_each_rating(&path, |pos, row| {
        rows.push((pos.line_in(&path), row.user_id, row.movie_id, row.rating));
        Ok(())
    })
    .unwrap();
    assert_eq!(rows.len(), 11);
    assert_eq!(rows[0], (2, 10, 1, 1.0), "first data row is line 2");
    assert_eq!(rows[10], (12, 10, 1, 4.0));
}

#[test]
fn load_joins_links_and_counts_skipped_rows() {
    let data = ingest::load(&common::fixture("tiny")).unwrap();
    let m5 = &data.movies[3];
    assert_eq!(
        (m5.movie_id, m5.imdb_id, m5.tmdb_id),
        (5, Some(112_682), None)
    );
    assert_eq!(data.movies[0].tmdb_id, Some(862));
    assert_eq!(
        data.stats,
        IngestStats {
            movie_rows: 5,
            link_rows: 6,
            links_unknown_movie: 1,
            movies_without_link: 0,
            movies_without_tmdb: 2,
            rating_rows: 11,
            ratings_unknown_movie: 1,
            first_unknown_movie: Some(format!(
                "{}: line 9, field \"movieId\": movie 99 is not in movies.csv",
                common::fixture("tiny").join("ratings.csv").display()
            )),
        }
    );
    // Ratings refer to catalogue indices; movie 99's row is gone.
    assert_eq!(data.ratings.len(), 10);
    assert!(data.ratings.iter().all(|r| r.item < 5));
}

#[test]
fn columns_found_by_name_in_any_order_with_bom_and_lf() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("movies.csv"),
        "\u{feff}genres,title,movieId,extra\n\
         Drama,\"Postman, The (Postino, Il) (1994)\",58,x\n\
         \"Comedy\",\"Multi\nline (2001)\",59,y\n\
         Drama,After (2002),60,z\n",
    )
    .unwrap();
    let movies = movielens::read_movies(&dir.path().join("movies.csv")).unwrap();
    assert_eq!(movies[0].title, "Postman, The (Postino, Il) (1994)");
    assert_eq!(movies[1].title, "Multi\nline (2001)");
    assert_eq!(movies.len(), 3);
}

#[test]
fn quoted_field_spanning_lines_counts_every_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("movies.csv"),
        "movieId,title,genres\r\n1,\"Two\r\nlines\",Drama\r\nx,Bad,Drama\r\n",
    )
    .unwrap();
    let err = movielens::read_movies(&dir.path().join("movies.csv")).unwrap_err();
    assert!(
        err.to_string().contains("line 4, field \"movieId\""),
        "{err}"
    );
}

#[test]
fn line_numbers_with_lf_blank_lines_and_crlf() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ratings.csv");
    for (text, want) in [
        ("userId,movieId,rating\n1,1,4\n\n\n1,2,x\n", 5),
        ("userId,movieId,rating\r\n1,1,4\r\n\r\n1,2,x\r\n", 4),
        ("userId,movieId,rating\r\n1,2,x", 2),
    ] {
        std::fs::write(&path, text).unwrap();
        let err = movielens::for_each_rating(&path, |_, _| Ok(())).unwrap_err();
        assert!(
            err.to_string()
                .contains(&format!("line {want}, field \"rating\"")),
            "{text:?}: {err}"
        );
    }
}
