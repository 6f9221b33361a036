//! Model selection: every hyper-parameter is chosen per fold by Recall@20
//! — scored through the blob's lists and `recommend`, like the test — on
//! [`VALIDATION_FOLDS`] validation splits of that fold's *training* users
//! ([`super::split::Split::validation_folds`]), pooled over all their
//! validation users. Every training user validates once, so the choice rests
//! on as many users as the test does (one split of a fifth of them proved
//! too noisy: λ and the refit's λ swung from fold to fold).
//!
//! EASE's λ is searched as a multiple of the number of training users:
//! `G = XᵀX` grows with the users, and scaling λ with it leaves the solution
//! unchanged, so the λ chosen on two thirds of the training users carries
//! over to all of them ([`final_params`]).

use std::collections::BTreeMap;

use anyhow::{bail, Result};

use super::metrics::FoldMetrics;
use super::models::restrict;
use super::scoring::{self, Lists};
use super::split::Split;
use super::{ModelName, Params};
use crate::cf;
use crate::ease::{self, Signs};
use crate::hybrid::blend;

/// Validation splits per fold.
pub const VALIDATION_FOLDS: usize = 3;
/// Shrinkage values tried for `cosine-shrunk`.
pub const SHRINK_GRID: [f64; 6] = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0];
/// EASE: λ per training user tried (×482 users: λ ≈ 60, 120, 240).
pub const LAMBDA_PER_USER: [f64; 3] = [0.125, 0.25, 0.5];
/// EASE refit: its λ as a fraction of the dense λ.
pub const REFIT_FRACTIONS: [f64; 2] = [0.5, 1.0];
/// Hybrid: content scales tried (0 = rating lists unchanged).
pub const BLEND_SCALES: [f64; 6] = [0.0, 0.01, 0.03, 0.1, 0.3, 1.0];
/// Hybrid: number of positives at which content weighs half its scale
/// (1000: about the same for every movie).
pub const BLEND_HALF_AT: [f64; 5] = [3.0, 10.0, 30.0, 100.0, 1000.0];

/// The parameters to train with on `n_train_users` users, from a choice
/// made on validation: `lambda` = λ per user × users, `refit_lambda` =
/// `lambda` × the refit fraction; other values as chosen.
pub fn final_params(choice: &Params, n_train_users: usize) -> Params {
    let mut out = Params::new();
    for (key, &value) in choice {
        match key.as_str() {
            "lambda_per_user" => {
                let lambda = value * n_train_users as f64;
                out.insert("lambda".into(), lambda);
                if let Some(&fraction) = choice.get("refit_fraction") {
                    out.insert("refit_lambda".into(), lambda * fraction);
                }
            }
            "refit_fraction" => {}
            _ => {
                out.insert(key.clone(), value);
            }
        }
    }
    out
}

/// Recall@20 summed over validation users, per candidate.
#[derive(Default)]
struct Scores {
    /// `(model, params)` in the order first tried, with the sum and count.
    entries: Vec<(ModelName, Params, f64, usize)>,
}

impl Scores {
    fn add(&mut self, model: ModelName, params: &Params, v: &Split, rankings: &[Vec<u32>]) {
        let held: Vec<&[u32]> = v.cases.iter().map(|c| c.held.as_slice()).collect();
        let mean = FoldMetrics::compute(rankings, &held, v.n_items()).recall_at(20);
        let users = v.cases.len();
        match self
            .entries
            .iter_mut()
            .find(|e| e.0 == model && &e.1 == params)
        {
            Some(e) => {
                e.2 += mean * users as f64;
                e.3 += users;
            }
            None => self
                .entries
                .push((model, params.clone(), mean * users as f64, users)),
        }
    }

    fn add_lists(
        &mut self,
        model: ModelName,
        params: &Params,
        v: &Split,
        lists: &[Vec<(u32, f32)>],
        k: usize,
    ) {
        let rankings = scoring::rank_table(&scoring::table(lists, k), &v.cases);
        self.add(model, params, v, &rankings);
    }

    /// The best candidate of `model` (pooled mean; ties: first tried).
    fn best(&self, model: ModelName) -> Option<Params> {
        let mut best: Option<(f64, &Params)> = None;
        for (m, p, sum, users) in &self.entries {
            let mean = sum / (*users).max(1) as f64;
            if *m == model && best.is_none_or(|(b, _)| mean > b) {
                best = Some((mean, p));
            }
        }
        best.map(|(_, p)| p.clone())
    }
}

fn params<const N: usize>(pairs: [(&str, f64); N]) -> Params {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// Chooses the hyper-parameters of `models` on validation splits `vs`.
/// `content` holds content lists indexed like the splits' input items (the
/// fold's items), long enough to survive the further restriction.
pub fn select(
    vs: &[Split],
    models: &[ModelName],
    k: usize,
    content: Option<&Lists>,
) -> Result<BTreeMap<ModelName, Params>> {
    let wants = |m: ModelName| models.contains(&m);
    let wants_refit =
        wants(ModelName::EaseRefit) || wants(ModelName::EaseSigned) || wants(ModelName::Hybrid);
    let wants_ease = wants_refit || wants(ModelName::EaseDense) || wants(ModelName::EaseTopk);
    let mut scores = Scores::default();
    // Refitted lists per validation split and (λ, fraction), for the hybrid.
    let mut refitted: Vec<Vec<(Params, Lists)>> = Vec::new();

    for v in vs {
        let train = v.train_matrix();
        let n_users = v.train_users.len() as f64;
        if wants(ModelName::CosineShrunk) {
            for shrink in SHRINK_GRID {
                let lists = cf::cosine_top_k_shrunk(&train, k, shrink as f32);
                scores.add_lists(
                    ModelName::CosineShrunk,
                    &params([("shrink", shrink)]),
                    v,
                    &lists,
                    k,
                );
            }
        }
        let mut kept = Vec::new();
        if wants_ease {
            let g = ease::gram(&train);
            for per_user in LAMBDA_PER_USER {
                let lambda = per_user * n_users;
                let b = ease::fit(&g, lambda)?;
                let choice = params([("lambda_per_user", per_user)]);
                if wants(ModelName::EaseDense) {
                    scores.add(
                        ModelName::EaseDense,
                        &choice,
                        v,
                        &scoring::rank_dense(&b, &v.cases),
                    );
                }
                let lists = ease::top_k_rows(&b, k);
                drop(b);
                if wants(ModelName::EaseTopk) {
                    scores.add_lists(ModelName::EaseTopk, &choice, v, &lists, k);
                }
                if !wants_refit {
                    continue;
                }
                for fraction in REFIT_FRACTIONS {
                    let r = ease::refit(&g, &lists, lambda * fraction, Signs::Positive);
                    let choice =
                        params([("lambda_per_user", per_user), ("refit_fraction", fraction)]);
                    scores.add_lists(ModelName::EaseRefit, &choice, v, &r, k);
                    if wants(ModelName::Hybrid) {
                        kept.push((choice, r));
                    }
                }
            }
        }
        refitted.push(kept);
    }

    let mut chosen = BTreeMap::new();
    if wants(ModelName::Shipped) {
        // Fixed, not chosen: the row measures exactly what `build` ships.
        let c = crate::hybrid::HybridConfig::RECOMMENDED;
        chosen.insert(
            ModelName::Shipped,
            params([
                ("lambda_per_user", c.lambda_per_user),
                ("refit_fraction", c.refit_fraction),
                ("content_scale", f64::from(c.content_scale)),
                ("half_at", f64::from(c.half_at)),
            ]),
        );
    }
    for model in [
        ModelName::CosineShrunk,
        ModelName::EaseDense,
        ModelName::EaseTopk,
        ModelName::EaseRefit,
    ] {
        if let Some(p) = scores.best(model) {
            chosen.insert(model, p);
        }
    }
    // The signed reference uses the refit's choice, so the two differ only
    // in how negative weights are kept.
    if let Some(p) = scores.best(ModelName::EaseRefit) {
        chosen.insert(ModelName::EaseSigned, p);
    }
    if wants(ModelName::Hybrid) {
        let (Some(base), Some(content)) = (scores.best(ModelName::EaseRefit), content) else {
            bail!("internal error: hybrid selection without its inputs");
        };
        for (v, kept) in vs.iter().zip(&refitted) {
            let Some((_, rating)) = kept.iter().find(|(p, _)| *p == base) else {
                bail!("internal error: refitted lists of the chosen λ are missing");
            };
            let v_content = restrict(content, &v.items, content.len(), k);
            let train = v.train_matrix();
            for scale in BLEND_SCALES {
                for half_at in BLEND_HALF_AT {
                    if scale == 0.0 && half_at != BLEND_HALF_AT[0] {
                        continue;
                    }
                    let lists = blend(rating, &v_content, &train, k, scale as f32, half_at as f32);
                    let mut p = base.clone();
                    p.insert("content_scale".into(), scale);
                    p.insert("half_at".into(), half_at);
                    scores.add_lists(ModelName::Hybrid, &p, v, &lists, k);
                }
            }
        }
        if let Some(p) = scores.best(ModelName::Hybrid) {
            chosen.insert(ModelName::Hybrid, p);
        }
    }
    Ok(chosen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn final_params_scale_lambda_with_the_users() {
        let choice = params([
            ("lambda_per_user", 0.25),
            ("refit_fraction", 0.5),
            ("half_at", 3.0),
        ]);
        let p = final_params(&choice, 480);
        assert_eq!(
            p,
            params([("lambda", 120.0), ("refit_lambda", 60.0), ("half_at", 3.0)])
        );
        assert_eq!(
            final_params(&params([("shrink", 2.0)]), 10),
            params([("shrink", 2.0)])
        );
    }
}
