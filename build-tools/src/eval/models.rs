//! Training each evaluated model on a fold's training users, with its chosen
//! parameters, into something [`super::scoring`] can rank with.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use super::scoring::Lists;
use super::{ModelName, Params};
use crate::ease::{self, Signs};
use crate::hybrid::blend;
use crate::ratings::RatingMatrix;
use crate::{cf, popularity};
use anyhow::{Context, Result};
use faer::Mat;

/// A trained model, ready to score.
pub enum Trained {
    /// Lists for the blob (scored through the table and `recommend`).
    Lists(Lists),
    /// Lists the blob cannot hold (signed), scored exactly.
    Exact(Lists),
    /// Dense weights, scored exactly.
    Dense(Mat<f32>),
}

/// A trained model and the time training it took from scratch.
pub struct TrainedModel {
    /// The model.
    pub model: Trained,
    /// Training time, including any shared step (Gram matrix, dense fit)
    /// it took from [`EaseCache`] as if computed for it alone.
    pub time: Duration,
}

/// The EASE steps several models share within a fold, computed once: the
/// Gram matrix and, per λ, the dense fit's top-k supports. Each user of the
/// cache is charged the time of the steps it uses.
pub struct EaseCache<'a> {
    train: &'a RatingMatrix,
    gram: Option<(Mat<f32>, Duration)>,
    supports: HashMap<u64, Support>,
    /// Time spent computing inside the cache so far.
    computing: Duration,
}

struct Support {
    /// k largest weights per row.
    top: Lists,
    /// k largest |weights| per row, signed.
    magnitude: Lists,
    time: Duration,
}

impl<'a> EaseCache<'a> {
    /// An empty cache for the training matrix `train`.
    pub fn new(train: &'a RatingMatrix) -> Self {
        EaseCache {
            train,
            gram: None,
            supports: HashMap::new(),
            computing: Duration::ZERO,
        }
    }

    /// `G = XᵀX` and the time it took.
    pub fn gram(&mut self) -> (&Mat<f32>, Duration) {
        let train = self.train;
        if self.gram.is_none() {
            let started = Instant::now();
            let g = ease::gram(train);
            let t = started.elapsed();
            self.computing += t;
            self.gram = Some((g, t));
        }
        let (g, t) = self.gram.as_ref().expect("computed above");
        (g, *t)
    }

    fn support(&mut self, lambda: f64, k: usize) -> Result<(&Support, Duration)> {
        let (_, gram_time) = self.gram();
        let key = lambda.to_bits();
        if !self.supports.contains_key(&key) {
            let started = Instant::now();
            let b = ease::fit(&self.gram.as_ref().expect("computed above").0, lambda)?;
            let support = Support {
                top: ease::top_k_rows(&b, k),
                magnitude: ease::top_k_by_magnitude(&b, k),
                time: started.elapsed(),
            };
            self.computing += support.time;
            self.supports.insert(key, support);
        }
        let s = &self.supports[&key];
        Ok((s, gram_time + s.time))
    }
}

fn param(params: &Params, key: &str) -> Result<f64> {
    params
        .get(key)
        .copied()
        .with_context(|| format!("internal error: parameter {key} was not chosen"))
}

/// Trains `model` on `train` with its chosen `params` (final values, see
/// [`super::select::final_params`]); `content` holds the fold's content
/// lists cut to k.
pub fn train(
    model: ModelName,
    train: &RatingMatrix,
    k: usize,
    params: &Params,
    content: Option<&Lists>,
    cache: &mut EaseCache,
) -> Result<TrainedModel> {
    let content = || content.context("internal error: no content lists");
    let started = Instant::now();
    let cache_before = cache.computing;
    // Time of the cached steps this model uses, whenever they were computed.
    let mut charged = Duration::ZERO;
    let model = match model {
        ModelName::Popularity => Trained::Lists(popularity::popularity_top_k(train, k)),
        ModelName::Cosine => Trained::Lists(cf::cosine_top_k(train, k)),
        ModelName::CosineShrunk => Trained::Lists(cf::cosine_top_k_shrunk(
            train,
            k,
            param(params, "shrink")? as f32,
        )),
        ModelName::EaseDense => {
            let (g, t) = cache.gram();
            charged = t;
            Trained::Dense(ease::fit(g, param(params, "lambda")?)?)
        }
        ModelName::EaseTopk => {
            let (support, t) = cache.support(param(params, "lambda")?, k)?;
            charged = t;
            Trained::Lists(support.top.clone())
        }
        ModelName::EaseRefit | ModelName::EaseSigned | ModelName::Hybrid | ModelName::Shipped => {
            let signed = model == ModelName::EaseSigned;
            let (support, t) = cache.support(param(params, "lambda")?, k)?;
            charged = t;
            let support = if signed {
                support.magnitude.clone()
            } else {
                support.top.clone()
            };
            let signs = if signed { Signs::Keep } else { Signs::Positive };
            let lists = ease::refit(
                cache.gram().0,
                &support,
                param(params, "refit_lambda")?,
                signs,
            );
            match model {
                ModelName::EaseSigned => Trained::Exact(lists),
                ModelName::Hybrid | ModelName::Shipped => Trained::Lists(blend(
                    &lists,
                    content()?,
                    train,
                    k,
                    param(params, "content_scale")? as f32,
                    param(params, "half_at")? as f32,
                )),
                _ => Trained::Lists(lists),
            }
        }
        ModelName::Content => Trained::Lists(content()?.clone()),
    };
    // Own work (elapsed minus what the cache computed during this call)
    // plus the cached steps used: the cost of training this model alone.
    let own = started
        .elapsed()
        .saturating_sub(cache.computing - cache_before);
    Ok(TrainedModel {
        model,
        time: own + charged,
    })
}

/// Catalogue-wide `lists` restricted to a split's `items` (indices into
/// the lists' item space, ascending), re-indexed to positions in `items`
/// and cut to `k`. `n` is the size of the lists' item space.
pub fn restrict(lists: &[Vec<(u32, f32)>], items: &[u32], n: usize, k: usize) -> Lists {
    let mut local = vec![u32::MAX; n];
    for (pos, &i) in items.iter().enumerate() {
        local[i as usize] = pos as u32;
    }
    items
        .iter()
        .map(|&i| {
            lists[i as usize]
                .iter()
                .filter_map(|&(j, s)| {
                    let l = local[j as usize];
                    (l != u32::MAX).then_some((l, s))
                })
                .take(k)
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restrict_reindexes_and_drops_items_outside() {
        // Catalogue of 5; the split's items are 1, 3, 4 (local 0, 1, 2).
        let lists = vec![
            vec![],
            vec![(2, 0.9), (4, 0.8), (3, 0.7)],
            vec![],
            vec![(1, 0.5)],
            vec![(0, 0.4)],
        ];
        let r = restrict(&lists, &[1, 3, 4], 5, 1);
        assert_eq!(r, vec![vec![(2, 0.8)], vec![(0, 0.5)], vec![]]);
    }
}
