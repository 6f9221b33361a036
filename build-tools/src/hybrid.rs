//! The rating model `build-tools eval` recommends shipping: EASE cut to k
//! neighbours per movie by a refit on its top-k support ([`crate::ease`]),
//! blended with the content lists so that movies with few or no ratings
//! still get good neighbours ([`blend`]). [`HybridConfig::RECOMMENDED`]
//! holds the parameters the evaluation chose (see `docs/eval/README.md`);
//! [`hybrid_top_k`] builds the lists in one call.

use rayon::prelude::*;

use crate::ease::{self, EaseError, Sparsify};
use crate::neighbours::select_top_k;
use crate::ratings::RatingMatrix;

/// Ratings at or above this many stars are the positives the model learns.
pub const POSITIVE_THRESHOLD: f32 = 4.0;

/// Parameters of [`hybrid_top_k`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HybridConfig {
    /// Neighbours kept per movie.
    pub k: usize,
    /// EASE's λ per user with a positive (λ = this × users).
    pub lambda_per_user: f64,
    /// The refit's λ as a fraction of λ.
    pub refit_fraction: f64,
    /// Weight of content similarity for a movie without ratings.
    pub content_scale: f32,
    /// Number of positives at which content weighs half of `content_scale`.
    pub half_at: f32,
}

impl HybridConfig {
    /// The configuration measured by `build-tools eval` (docs/eval): the
    /// values chosen on validation users in most folds and seeds.
    pub const RECOMMENDED: HybridConfig = HybridConfig {
        k: 50,
        lambda_per_user: 0.25,
        refit_fraction: 1.0,
        content_scale: 0.1,
        half_at: 30.0,
    };
}

/// Every movie's hybrid neighbours, `(index, score)` best first, from the
/// raw `ratings` (binarised at [`POSITIVE_THRESHOLD`]) and catalogue-wide
/// `content` lists (indexed like `ratings`' items; `None`: ratings only).
pub fn hybrid_top_k(
    ratings: &RatingMatrix,
    content: Option<&[Vec<(u32, f32)>]>,
    config: &HybridConfig,
) -> Result<Vec<Vec<(u32, f32)>>, EaseError> {
    let positives = ratings.positives(POSITIVE_THRESHOLD);
    let lambda = config.lambda_per_user * positives.n_users() as f64;
    let lists = ease::ease_top_k(
        &positives,
        lambda,
        config.k,
        Sparsify::Refit {
            lambda: lambda * config.refit_fraction,
        },
    )?;
    Ok(match content {
        Some(content) => blend(
            &lists,
            content,
            &positives,
            config.k,
            config.content_scale,
            config.half_at,
        ),
        None => lists,
    })
}

/// Blends rating and content lists: for movie `i` with `n_i` positives in
/// `train`, every candidate of either list scores `r_ij + α_i · c_ij`
/// (rating weight plus content similarity, 0 where a list lacks `j`) with
/// `α_i = scale · h / (h + n_i)`: content counts fully for a movie nobody
/// rated and fades as ratings accumulate, to half at `n_i = h`. The k best
/// positive scores are kept, best first.
pub fn blend(
    rating: &[Vec<(u32, f32)>],
    content: &[Vec<(u32, f32)>],
    train: &RatingMatrix,
    k: usize,
    scale: f32,
    half_at: f32,
) -> Vec<Vec<(u32, f32)>> {
    (0..rating.len())
        .into_par_iter()
        .map(|i| {
            let n_i = train.item_count(i as u32) as f32;
            let alpha = scale * half_at / (half_at + n_i);
            let mut cand: Vec<(u32, f32)> = rating[i].clone();
            if alpha > 0.0 {
                for &(j, c) in content.get(i).map_or(&[][..], Vec::as_slice) {
                    match cand.iter_mut().find(|(x, _)| *x == j) {
                        Some(entry) => entry.1 += alpha * c,
                        None => cand.push((j, alpha * c)),
                    }
                }
            }
            cand.retain(|&(j, s)| j as usize != i && s > 0.0);
            select_top_k(&mut cand, k);
            cand
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ratings::RatingTriple;

    fn t(user: u32, item: u32, value: f32) -> RatingTriple {
        RatingTriple { user, item, value }
    }

    #[test]
    fn blend_leans_on_content_for_rarely_rated_movies() {
        // Item 0 has 1 positive, item 1 has 9 (items 2 and 3 have 1 each).
        let mut triples = vec![t(0, 0, 1.0)];
        triples.extend((0..9).map(|u| t(u, 1, 1.0)));
        triples.extend([t(1, 2, 1.0), t(2, 3, 1.0)]);
        let train = RatingMatrix::from_triples(4, triples);
        let rating = vec![vec![(2, 0.1)], vec![(2, 0.1)], vec![], vec![]];
        let content = vec![vec![(3, 1.0)], vec![(3, 1.0)], vec![], vec![]];
        // h = 1: α = 0.3 · 1/2 = 0.15 for item 0, 0.3 · 1/10 = 0.03 for item 1.
        let b = blend(&rating, &content, &train, 2, 0.3, 1.0);
        assert_eq!(b[0][0].0, 3);
        assert!((b[0][0].1 - 0.15).abs() < 1e-6);
        assert_eq!(b[1][0], (2, 0.1));
        assert!((b[1][1].1 - 0.03).abs() < 1e-6);
        // Scale 0: the rating lists unchanged.
        assert_eq!(blend(&rating, &content, &train, 2, 0.0, 1.0), rating);
    }

    #[test]
    fn unrated_movies_get_content_neighbours() {
        // Items 0–2 co-liked by three users; item 3 has no rating at all.
        let mut triples = Vec::new();
        for u in 0..3 {
            triples.extend([t(u, 0, 5.0), t(u, 1, 4.0), t(u, 2, 4.5)]);
        }
        triples.push(t(3, 0, 2.0)); // below the threshold: not a positive
        let ratings = RatingMatrix::from_triples(4, triples);
        let content = vec![vec![(3, 0.5)], vec![], vec![], vec![(0, 0.8), (2, 0.4)]];
        let config = HybridConfig {
            k: 2,
            lambda_per_user: 0.5,
            ..HybridConfig::RECOMMENDED
        };
        let lists = hybrid_top_k(&ratings, Some(&content), &config).unwrap();
        assert_eq!(lists[3].iter().map(|p| p.0).collect::<Vec<_>>(), vec![0, 2]);
        assert!(lists[1].iter().all(|&(j, s)| j != 1 && s > 0.0));
        assert_eq!(lists[1].len(), 2);
        let ratings_only = hybrid_top_k(&ratings, None, &config).unwrap();
        assert!(ratings_only[3].is_empty());
    }
}
