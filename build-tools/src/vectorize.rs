//! TF-IDF: bags of term ids → sparse, weighted, unit-length vectors.
//!
//! One field (overview words, keywords, …) at a time, [`tfidf`] gives each
//! term `t` of document `d` the weight
//!
//! ```text
//! tf(t, d)  = 1 + ln(count of t in d)               (sublinear tf)
//! idf(t)    = ln((1 + n) / (1 + df(t))) + 1         (smooth idf)
//! w(t, d)   = tf(t, d) · idf(t), then each row divided by its L2 norm
//! ```
//!
//! with `n` the number of documents and `df(t)` the number containing `t`
//! — the formulas of scikit-learn's `TfidfVectorizer(sublinear_tf=True)`.
//! [`combine`] then joins the fields side by side, field `f`'s block scaled
//! by `√(w_f / W)` (`W` the sum of the weights), so the dot product of two
//! joined rows is the weighted mean of the fields' cosines:
//!
//! ```text
//! sim(a, b) = Σ_f w_f · cos_f(a, b) / Σ_f w_f        (in 0..=1)
//! ```
//!
//! A field one of the two movies lacks contributes 0. This matters: were
//! joined rows normalised again, a movie known only by its genres would put
//! its whole weight on them and match every movie of those genres better
//! than two richly described movies match each other.
//!
//! Rows are stored in compressed sparse row form ([`SparseRows`]); nothing
//! here is ever dense over documents × terms.

/// Sparse rows: row `i`'s non-zero entries are `cols[offsets[i]..offsets[i+1]]`
/// with values at the same positions in `vals`, columns ascending.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SparseRows {
    offsets: Vec<usize>,
    cols: Vec<u32>,
    vals: Vec<f32>,
    n_cols: usize,
}

impl SparseRows {
    /// Builds rows from `(column, value)` lists (any order; zero values
    /// dropped, a repeated column summed). `n_cols` is the number of columns.
    ///
    /// # Panics
    /// If a column is not below `n_cols` (a bug in the caller).
    pub fn from_rows(rows: Vec<Vec<(u32, f32)>>, n_cols: usize) -> Self {
        let mut out = SparseRows {
            offsets: Vec::with_capacity(rows.len() + 1),
            cols: Vec::new(),
            vals: Vec::new(),
            n_cols,
        };
        out.offsets.push(0);
        for mut row in rows {
            row.sort_unstable_by_key(|&(c, _)| c);
            let start = out.cols.len();
            for (c, v) in row {
                assert!((c as usize) < n_cols, "column {c} of {n_cols}");
                if out.cols.len() > start && out.cols.last() == Some(&c) {
                    *out.vals.last_mut().expect("parallel to cols") += v;
                } else {
                    out.cols.push(c);
                    out.vals.push(v);
                }
            }
            // Drop entries that are (or summed to) zero.
            let mut w = start;
            for r in start..out.cols.len() {
                if out.vals[r] != 0.0 {
                    out.cols[w] = out.cols[r];
                    out.vals[w] = out.vals[r];
                    w += 1;
                }
            }
            out.cols.truncate(w);
            out.vals.truncate(w);
            out.offsets.push(out.cols.len());
        }
        out
    }

    /// Number of rows (documents).
    pub fn n_rows(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Number of columns (terms).
    pub fn n_cols(&self) -> usize {
        self.n_cols
    }

    /// Number of stored (non-zero) entries.
    pub fn nnz(&self) -> usize {
        self.cols.len()
    }

    /// Row `i` as parallel slices (columns ascending, values).
    pub fn row(&self, i: usize) -> (&[u32], &[f32]) {
        let (s, e) = (self.offsets[i], self.offsets[i + 1]);
        (&self.cols[s..e], &self.vals[s..e])
    }

    /// Row `i` as `(column, value)` pairs.
    pub fn entries(&self, i: usize) -> impl Iterator<Item = (u32, f32)> + '_ {
        let (c, v) = self.row(i);
        c.iter().copied().zip(v.iter().copied())
    }

    /// Whether row `i` has no entry.
    pub fn is_empty_row(&self, i: usize) -> bool {
        self.offsets[i] == self.offsets[i + 1]
    }
}

/// Smooth inverse document frequency: `ln((1 + n) / (1 + df)) + 1`, with `n`
/// documents of which `df` contain the term. Always ≥ 1.
pub fn smooth_idf(n_docs: usize, df: usize) -> f32 {
    (((1 + n_docs) as f64 / (1 + df) as f64).ln() + 1.0) as f32
}

/// Sublinear term frequency: `1 + ln(count)` for a count ≥ 1, else 0.
pub fn sublinear_tf(count: u32) -> f32 {
    if count == 0 {
        0.0
    } else {
        (1.0 + f64::from(count).ln()) as f32
    }
}

/// TF-IDF of one field (see the module docs): `docs[d]` lists the term ids
/// of document `d`, repeats counting; ids must be below `n_terms`. Returns
/// one L2-normalised row per document (an empty document gives an empty row).
pub fn tfidf(docs: &[Vec<u32>], n_terms: usize) -> SparseRows {
    let counted: Vec<Vec<(u32, u32)>> = docs.iter().map(|d| count_terms(d)).collect();
    let mut df = vec![0usize; n_terms];
    for doc in &counted {
        for &(t, _) in doc {
            df[t as usize] += 1;
        }
    }
    let idf: Vec<f32> = df.iter().map(|&d| smooth_idf(docs.len(), d)).collect();
    let rows = counted
        .into_iter()
        .map(|doc| {
            let mut row: Vec<(u32, f32)> = doc
                .into_iter()
                .map(|(t, c)| (t, sublinear_tf(c) * idf[t as usize]))
                .collect();
            normalise(&mut row);
            row
        })
        .collect();
    SparseRows::from_rows(rows, n_terms)
}

/// Joins fields side by side: field `f`'s columns are shifted by the column
/// counts of the fields before it and its values multiplied by `√(w_f / W)`,
/// `W` the sum of all weights, so that row dot products are the weighted
/// mean of the per-field cosines (see the module docs). A weight of zero
/// leaves its field out (its columns stay, empty).
///
/// # Panics
/// If the fields disagree on the number of rows.
pub fn combine(fields: &[(&SparseRows, f32)]) -> SparseRows {
    let n_rows = fields.first().map_or(0, |(f, _)| f.n_rows());
    assert!(
        fields.iter().all(|(f, _)| f.n_rows() == n_rows),
        "fields with different numbers of rows"
    );
    let n_cols = fields.iter().map(|(f, _)| f.n_cols()).sum();
    let total: f64 = fields.iter().map(|&(_, w)| f64::from(w.max(0.0))).sum();
    let scales: Vec<f32> = fields
        .iter()
        .map(|&(_, w)| {
            if total > 0.0 {
                (f64::from(w.max(0.0)) / total).sqrt() as f32
            } else {
                0.0
            }
        })
        .collect();
    let rows = (0..n_rows)
        .map(|i| {
            let mut row = Vec::new();
            let mut shift = 0u32;
            for ((field, _), &scale) in fields.iter().zip(&scales) {
                if scale > 0.0 {
                    row.extend(field.entries(i).map(|(c, v)| (c + shift, v * scale)));
                }
                shift += field.n_cols() as u32;
            }
            row
        })
        .collect();
    SparseRows::from_rows(rows, n_cols)
}

/// Counts repeats: term ids → `(id, count)`, ids ascending.
fn count_terms(doc: &[u32]) -> Vec<(u32, u32)> {
    let mut sorted = doc.to_vec();
    sorted.sort_unstable();
    let mut out: Vec<(u32, u32)> = Vec::new();
    for t in sorted {
        match out.last_mut() {
            Some((last, c)) if *last == t => *c += 1,
            _ => out.push((t, 1)),
        }
    }
    out
}

/// Scales `row` to unit L2 norm (left alone if all zero).
fn normalise(row: &mut [(u32, f32)]) {
    let norm = row
        .iter()
        .map(|&(_, v)| f64::from(v).powi(2))
        .sum::<f64>()
        .sqrt();
    if norm > 0.0 {
        for (_, v) in row {
            *v = (f64::from(*v) / norm) as f32;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f32, b: f64) -> bool {
        (f64::from(a) - b).abs() < 1e-5
    }

    #[test]
    fn three_documents_by_hand() {
        // Terms: 0 = "space", 1 = "war", 2 = "love".
        // d0 = space space war     d1 = war love     d2 = love
        // n = 3; df: space 1, war 2, love 2.
        // idf(space) = ln(4/2) + 1 = 1.693147;  idf(war) = idf(love) = ln(4/3) + 1 = 1.287682.
        // d0: tf(space) = 1 + ln 2 = 1.693147 → 1.693147 · 1.693147 = 2.866747,
        //     war: 1 · 1.287682 = 1.287682; norm = √(2.866747² + 1.287682²)
        //     = √(8.218240 + 1.658125) = √9.876365 = 3.142668
        //     → space 2.866747 / 3.142668 = 0.912201, war 1.287682 / 3.142668 = 0.409740.
        // d1: war and love both 1.287682 → 1/√2 = 0.707107 each.
        // d2: love alone → 1.
        let docs = vec![vec![0, 0, 1], vec![1, 2], vec![2]];
        let m = tfidf(&docs, 3);
        assert!(close(smooth_idf(3, 1), 1.693_147));
        assert!(close(smooth_idf(3, 2), 1.287_682));
        let (c0, v0) = m.row(0);
        assert_eq!(c0, &[0, 1]);
        assert!(close(v0[0], 0.912_201) && close(v0[1], 0.409_740), "{v0:?}");
        let (c1, v1) = m.row(1);
        assert_eq!(c1, &[1, 2]);
        let h = std::f64::consts::FRAC_1_SQRT_2; // 0.707107
        assert!(close(v1[0], h) && close(v1[1], h));
        assert_eq!(m.row(2), (&[2u32][..], &[1.0f32][..]));
        // cos(d0, d1) = 0.409740 · 0.707107 = 0.289730.
        let dot: f32 = v0[1] * v1[0];
        assert!(close(dot, 0.289_730));
    }

    #[test]
    fn empty_documents_give_empty_rows() {
        let m = tfidf(&[vec![], vec![0]], 1);
        assert!(m.is_empty_row(0));
        assert_eq!(m.row(1), (&[0u32][..], &[1.0f32][..]));
    }

    #[test]
    fn combine_gives_the_weighted_mean_of_field_cosines() {
        // Field a: row 0 = (1), row 1 = empty. Field b: both rows = (1).
        let a = SparseRows::from_rows(vec![vec![(0, 1.0)], vec![]], 1);
        let b = SparseRows::from_rows(vec![vec![(0, 1.0)], vec![(0, 1.0)]], 1);
        // Weights 3 and 4, W = 7: row 0 = (√(3/7), √(4/7)) = (0.654654, 0.755929),
        // row 1 = (0, 0.755929).
        let m = combine(&[(&a, 3.0), (&b, 4.0)]);
        assert_eq!(m.n_cols(), 2);
        let (c, v) = m.row(0);
        assert_eq!(c, &[0, 1]);
        assert!(close(v[0], 0.654_654) && close(v[1], 0.755_929), "{v:?}");
        let (c1, v1) = m.row(1);
        assert_eq!(c1, &[1]);
        // sim = (3 · cos_a + 4 · cos_b) / 7 = (3 · 0 + 4 · 1) / 7 = 0.571429:
        // row 1 lacks field a, which counts as no similarity there.
        assert!(close(v[1] * v1[0], 0.571_429));
        // Row 0 with itself: 1.
        assert!(close(v[0] * v[0] + v[1] * v[1], 1.0));
        // Weight zero drops the field: b alone, scale 1.
        let m = combine(&[(&a, 0.0), (&b, 4.0)]);
        assert_eq!(m.row(0), (&[1u32][..], &[1.0f32][..]));
    }

    #[test]
    fn from_rows_sorts_sums_and_drops_zeros() {
        let m = SparseRows::from_rows(vec![vec![(2, 1.0), (0, 0.0), (2, 0.5), (1, 2.0)]], 3);
        assert_eq!(m.row(0), (&[1u32, 2][..], &[2.0f32, 1.5][..]));
        assert_eq!(m.nnz(), 2);
    }
}
