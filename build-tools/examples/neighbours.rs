//! Prints the top rating neighbours of some movies from a written blob, to
//! eyeball a build:
//! `cargo run -p reelgraph-build-tools --example neighbours -- BLOB MOVIE_ID... [-n N]`

use reelgraph::blob::{Blob, Model};

fn main() -> anyhow::Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut n = 10;
    if let Some(i) = args.iter().position(|a| a == "-n") {
        n = args.get(i + 1).map_or(Ok(10), |v| v.parse())?;
        args.drain(i..(i + 2).min(args.len()));
    }
    let Some((path, ids)) = args.split_first() else {
        anyhow::bail!("usage: neighbours BLOB MOVIE_ID... [-n N]");
    };
    let blob = Blob::decode(&std::fs::read(path)?)?;
    let table = blob
        .table(Model::RatingsCosine)
        .ok_or_else(|| anyhow::anyhow!("no ratings table"))?;
    println!(
        "{}: {} movies, {} ratings, {} users, {}",
        blob.info.dataset,
        blob.movies.len(),
        blob.info.ratings,
        blob.info.users,
        blob.info.generator
    );
    for id in ids {
        let id: u32 = id.parse()?;
        let Some(index) = blob.index_of(id) else {
            println!("\nmovie {id}: not in the catalogue");
            continue;
        };
        let movie = &blob.movies[index as usize];
        println!("\n{} [{}], {} ratings", movie.label(), id, movie.ratings);
        for (rank, (j, score)) in table.list(index).take(n).enumerate() {
            let other = &blob.movies[j as usize];
            println!("  {:>2}. {:.3}  {}", rank + 1, score, other.label());
        }
    }
    Ok(())
}
