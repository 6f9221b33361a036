//! From joined metadata ([`crate::join`]) to the content model's features:
//! five fields, each its own vocabulary, weighted and vectorised with
//! TF-IDF ([`crate::vectorize`]), plus each movie's few most telling
//! features for explanations.
//!
//! | field | terms | from |
//! |---|---|---|
//! | `text` | Snowball stems of the overview and tagline ([`crate::text`]) | TMDB 5000 |
//! | `genres` | genre names | MovieLens `movies.csv` |
//! | `keywords` | whole keywords, "space travel" one feature | TMDB 5000 + `keywords.csv` |
//! | `tags` | whole user tags, counted once per user | MovieLens `tags.csv` |
//! | `decade` | "1990s" | the year |
//! | `title` | Snowball stems of the display title (sequels, series, and a last resort for movies known by nothing else) | MovieLens |
//!
//! Fields are separate vocabularies even when strings coincide: the keyword
//! "batman" and the overview word "batman" are two features, each weighted by
//! its own field. Every movie with a genre or a year has at least one
//! feature another movie shares, so none is left without neighbours.
//!
//! Explanations: the blob stores, per movie, up to [`MAX_TOP_FEATURES`] of its
//! features from the fields people read as reasons (text, keywords, tags —
//! genres and decade are shown from the catalogue itself), as display
//! strings: the keyword or tag as written, or for a stem the word it most
//! often came from ("galaxies", not "galaxi"). A movie's features are ranked
//! by how much they contribute to its similarity with its own content
//! neighbours (`w_i,f · Σ_j w_j,f` over its neighbours `j`), then by weight:
//! the features that explain its list, rather than its rarest words, which
//! no neighbour shares. Only features at least two movies have qualify, and
//! a display string kept for a single movie is dropped, since no pair can
//! share it.

use std::collections::HashMap;

use reelgraph::blob::MAX_TOP_FEATURES;
use reelgraph::explain::decade;

use crate::join::MovieMeta;
use crate::text::{self, Analyzer};
use crate::vectorize::{self, SparseRows};

/// A feature field (a block of columns with its own weight).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// Overview and tagline words.
    Text,
    /// MovieLens genres.
    Genres,
    /// TMDB keywords.
    Keywords,
    /// MovieLens user tags.
    Tags,
    /// Decade of release.
    Decade,
    /// Title words.
    Title,
}

/// Every field, in column order.
pub const FIELDS: [Field; 6] = [
    Field::Text,
    Field::Genres,
    Field::Keywords,
    Field::Tags,
    Field::Decade,
    Field::Title,
];

impl Field {
    /// The field's name in options, summaries and the blob ("keywords").
    pub fn name(self) -> &'static str {
        match self {
            Field::Text => "text",
            Field::Genres => "genres",
            Field::Keywords => "keywords",
            Field::Tags => "tags",
            Field::Decade => "decade",
            Field::Title => "title",
        }
    }

    /// Whether the field's features are stored for explanations.
    fn explains(self) -> bool {
        matches!(self, Field::Text | Field::Keywords | Field::Tags)
    }
}

/// Relative weight of each field (unitless, ≥ 0; 0 leaves a field out).
/// A field's block of a movie's vector is scaled by its weight before the
/// whole vector is normalised, so weights set each field's share of the
/// similarity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldWeights {
    /// Overview and tagline words.
    pub text: f32,
    /// Genres.
    pub genres: f32,
    /// Keywords.
    pub keywords: f32,
    /// User tags.
    pub tags: f32,
    /// Decade.
    pub decade: f32,
    /// Title words.
    pub title: f32,
}

/// Default weight of the overview/tagline words.
pub const DEFAULT_TEXT_WEIGHT: f32 = 1.0;
/// Default weight of the genres.
pub const DEFAULT_GENRES_WEIGHT: f32 = 0.6;
/// Default weight of the keywords.
pub const DEFAULT_KEYWORDS_WEIGHT: f32 = 1.0;
/// Default weight of the user tags.
pub const DEFAULT_TAGS_WEIGHT: f32 = 0.8;
/// Default weight of the decade.
pub const DEFAULT_DECADE_WEIGHT: f32 = 0.3;
/// Default weight of the title words.
pub const DEFAULT_TITLE_WEIGHT: f32 = 0.3;

impl Default for FieldWeights {
    fn default() -> Self {
        FieldWeights {
            text: DEFAULT_TEXT_WEIGHT,
            genres: DEFAULT_GENRES_WEIGHT,
            keywords: DEFAULT_KEYWORDS_WEIGHT,
            tags: DEFAULT_TAGS_WEIGHT,
            decade: DEFAULT_DECADE_WEIGHT,
            title: DEFAULT_TITLE_WEIGHT,
        }
    }
}

impl FieldWeights {
    /// The weight of `field`.
    pub fn get(&self, field: Field) -> f32 {
        match field {
            Field::Text => self.text,
            Field::Genres => self.genres,
            Field::Keywords => self.keywords,
            Field::Tags => self.tags,
            Field::Decade => self.decade,
            Field::Title => self.title,
        }
    }

    /// `(field name, weight)` for every field, as recorded in the blob.
    pub fn pairs(&self) -> Vec<(String, f32)> {
        FIELDS
            .iter()
            .map(|&f| (f.name().to_string(), self.get(f)))
            .collect()
    }

    /// An error message if a weight is negative or not finite, or all are 0.
    pub fn check(&self) -> Result<(), String> {
        for f in FIELDS {
            let w = self.get(f);
            if !w.is_finite() || w < 0.0 {
                return Err(format!(
                    "the {} weight must be a number ≥ 0, got {w}",
                    f.name()
                ));
            }
        }
        if FIELDS.iter().all(|&f| self.get(f) == 0.0) {
            return Err("at least one field weight must be above 0".into());
        }
        Ok(())
    }
}

/// One field's vocabulary and bags of terms.
#[derive(Debug, Clone, Default)]
pub struct FieldTerms {
    /// Display string per term id ("space travel", "galaxies").
    pub display: Vec<String>,
    /// Term ids of each movie, repeats counting (catalogue order).
    pub docs: Vec<Vec<u32>>,
}

impl FieldTerms {
    /// Number of distinct terms.
    pub fn n_terms(&self) -> usize {
        self.display.len()
    }
}

/// Builds a field's vocabulary: terms are matched by key, shown by the
/// display string seen most often for that key (ties: the first seen).
#[derive(Default)]
struct VocabBuilder {
    ids: HashMap<String, u32>,
    /// Per term: display candidates with counts, in first-seen order.
    displays: Vec<Vec<(String, u32)>>,
    docs: Vec<Vec<u32>>,
}

impl VocabBuilder {
    fn add(&mut self, doc: &mut Vec<u32>, key: &str, display: &str) {
        let next = self.ids.len() as u32;
        let id = *self.ids.entry(key.to_string()).or_insert(next);
        if id == next {
            self.displays.push(Vec::new());
        }
        let cands = &mut self.displays[id as usize];
        match cands.iter_mut().find(|(d, _)| d == display) {
            Some((_, n)) => *n += 1,
            None => cands.push((display.to_string(), 1)),
        }
        doc.push(id);
    }

    fn finish(self) -> FieldTerms {
        let display = self
            .displays
            .into_iter()
            .map(|cands| {
                let best = cands.iter().map(|c| c.1).max().unwrap_or(0);
                cands
                    .into_iter()
                    .find(|c| c.1 == best)
                    .map(|c| c.0)
                    .unwrap_or_default()
            })
            .collect();
        FieldTerms {
            display,
            docs: self.docs,
        }
    }
}

/// Extracts the five fields' terms from every movie (catalogue order), in
/// [`FIELDS`] order.
pub fn extract(metas: &[MovieMeta], analyzer: &Analyzer) -> Vec<FieldTerms> {
    let mut builders: Vec<VocabBuilder> = FIELDS.iter().map(|_| VocabBuilder::default()).collect();
    for meta in metas {
        let mut docs: Vec<Vec<u32>> = vec![Vec::new(); FIELDS.len()];
        for (f, field) in FIELDS.iter().enumerate() {
            let (b, doc) = (&mut builders[f], &mut docs[f]);
            match field {
                Field::Text => {
                    for term in analyzer.terms(&meta.text) {
                        b.add(doc, &term.stem, &term.surface);
                    }
                }
                Field::Genres => {
                    for g in &meta.genres {
                        b.add(doc, g, g);
                    }
                }
                Field::Keywords => {
                    for k in &meta.keywords {
                        b.add(doc, &text::phrase_key(k), k);
                    }
                }
                Field::Tags => {
                    for (tag, users) in &meta.tags {
                        let key = text::phrase_key(tag);
                        for _ in 0..*users {
                            b.add(doc, &key, tag);
                        }
                    }
                }
                Field::Decade => {
                    if let Some(y) = meta.year {
                        let d = decade(y);
                        b.add(doc, &d, &d);
                    }
                }
                Field::Title => {
                    for term in analyzer.terms(&meta.title) {
                        b.add(doc, &term.stem, &term.surface);
                    }
                }
            }
        }
        for (b, doc) in builders.iter_mut().zip(docs) {
            b.docs.push(doc);
        }
    }
    builders.into_iter().map(VocabBuilder::finish).collect()
}

/// The movies' content vectors: TF-IDF of each field, joined with the
/// field weights and normalised (see [`vectorize::combine`]). `fields` in
/// [`FIELDS`] order, as [`extract`] returns them.
pub fn vectorize(fields: &[FieldTerms], weights: &FieldWeights) -> SparseRows {
    let blocks: Vec<SparseRows> = fields
        .iter()
        .map(|f| vectorize::tfidf(&f.docs, f.n_terms()))
        .collect();
    let weighted: Vec<(&SparseRows, f32)> = blocks
        .iter()
        .zip(FIELDS)
        .map(|(b, f)| (b, weights.get(f)))
        .collect();
    vectorize::combine(&weighted)
}

/// Explanation features: a vocabulary of display strings (most used first)
/// and, per movie, up to `max` ids into it, best first (see the module docs).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TopFeatures {
    /// Display strings; an id is a position here.
    pub vocabulary: Vec<String>,
    /// Per movie (catalogue order), ids best first, no repeats.
    pub lists: Vec<Vec<u32>>,
}

/// Picks every movie's `max` (≤ [`MAX_TOP_FEATURES`]) explanation features
/// of `matrix` (built by [`vectorize()`] from `fields`), ranked by their
/// contribution to the similarity with the movie's neighbours `lists`
/// (catalogue order, as [`crate::content::cosine_top_k`] returns them), then
/// by weight (see the module docs).
pub fn top_features(
    fields: &[FieldTerms],
    matrix: &SparseRows,
    lists: &[Vec<(u32, f32)>],
    max: usize,
) -> TopFeatures {
    let max = max.min(usize::from(MAX_TOP_FEATURES));
    // Column → (field, term).
    let mut starts = Vec::with_capacity(fields.len());
    let mut at = 0u32;
    for f in fields {
        starts.push(at);
        at += f.n_terms() as u32;
    }
    let locate = |c: u32| {
        let f = starts.partition_point(|&s| s <= c) - 1;
        (f, (c - starts[f]) as usize)
    };
    let mut df = vec![0u32; matrix.n_cols()];
    for i in 0..matrix.n_rows() {
        for &c in matrix.row(i).0 {
            df[c as usize] += 1;
        }
    }

    // Per movie: distinct display strings, best first.
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let mut names: Vec<&str> = Vec::new();
    let weight_in = |j: u32, c: u32| {
        let (cols, vals) = matrix.row(j as usize);
        cols.binary_search(&c).map_or(0.0, |p| vals[p])
    };
    let mut chosen: Vec<Vec<u32>> = Vec::with_capacity(matrix.n_rows());
    for i in 0..matrix.n_rows() {
        let neighbours = lists.get(i).map_or(&[][..], Vec::as_slice);
        // (column, contribution to the neighbours, own weight)
        let mut cands: Vec<(u32, f32, f32)> = matrix
            .entries(i)
            .filter(|&(c, _)| df[c as usize] >= 2 && FIELDS[locate(c).0].explains())
            .map(|(c, w)| {
                let support: f32 = neighbours.iter().map(|&(j, _)| weight_in(j, c)).sum();
                (c, w * support, w)
            })
            .collect();
        cands.sort_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then(b.2.total_cmp(&a.2))
                .then(a.0.cmp(&b.0))
        });
        let mut list: Vec<u32> = Vec::with_capacity(max);
        for (c, _, _) in cands {
            if list.len() == max {
                break;
            }
            let (f, t) = locate(c);
            let name = fields[f].display[t].as_str();
            let next = names.len() as u32;
            let id = *ids.entry(name).or_insert(next);
            if id == next {
                names.push(name);
            }
            if !list.contains(&id) {
                list.push(id);
            }
        }
        chosen.push(list);
    }

    // Keep names used by ≥ 2 movies, renumbered most used first.
    let mut uses = vec![0u32; names.len()];
    for list in &chosen {
        for &id in list {
            uses[id as usize] += 1;
        }
    }
    let mut order: Vec<u32> = (0..names.len() as u32)
        .filter(|&id| uses[id as usize] >= 2)
        .collect();
    order.sort_by(|&a, &b| uses[b as usize].cmp(&uses[a as usize]).then(a.cmp(&b)));
    let mut renumber = vec![u32::MAX; names.len()];
    for (new, &old) in order.iter().enumerate() {
        renumber[old as usize] = new as u32;
    }
    TopFeatures {
        vocabulary: order
            .iter()
            .map(|&id| names[id as usize].to_string())
            .collect(),
        lists: chosen
            .into_iter()
            .map(|l| {
                l.into_iter()
                    .map(|id| renumber[id as usize])
                    .filter(|&id| id != u32::MAX)
                    .collect()
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(genres: &[&str], year: Option<u16>, text: &str, keywords: &[&str]) -> MovieMeta {
        MovieMeta {
            genres: genres.iter().map(|s| s.to_string()).collect(),
            year,
            text: text.into(),
            keywords: keywords.iter().map(|s| s.to_string()).collect(),
            tags: Vec::new(),
            title: String::new(),
        }
    }

    #[test]
    fn fields_vocabularies_and_explanations() {
        let metas = vec![
            meta(
                &["Crime"],
                Some(1975),
                "Heists and heist crews.",
                &["bank robbery"],
            ),
            meta(
                &["Crime"],
                Some(1978),
                "A heist goes wrong.",
                &["bank robbery", "police"],
            ),
            meta(&["Comedy"], None, "", &[]),
        ];
        let mut tags_meta = metas;
        tags_meta[1].tags = vec![("heist".into(), 2)];
        let fields = extract(&tags_meta, &Analyzer::new());
        // Text: "heists"/"heist" share the stem "heist"; the display is the
        // most frequent surface form (2 × "heist" vs 1 × "heists").
        let text = &fields[0];
        assert_eq!(text.display[0], "heist");
        assert_eq!(text.docs[0], vec![0, 0, 1]);
        assert_eq!(fields[1].display, vec!["Crime", "Comedy"]);
        assert_eq!(fields[2].docs[1], vec![0, 1]);
        assert_eq!(fields[3].docs[1], vec![0, 0], "one entry per user");
        assert_eq!(fields[4].display, vec!["1970s"]);
        assert!(fields[4].docs[2].is_empty(), "no year, no decade");

        let m = vectorize(&fields, &FieldWeights::default());
        assert_eq!(m.n_rows(), 3);
        assert!(!m.is_empty_row(2), "genre-only movie still has a vector");
        let lists = crate::content::cosine_top_k(&m, 5);
        assert_eq!(lists[0][0].0, 1, "the two crime movies are neighbours");
        let top = top_features(&fields, &m, &lists, 8);
        // Shared by both crime movies: the stem heist and "bank robbery";
        // everything else belongs to one movie only and is dropped.
        let mut v = top.vocabulary.clone();
        v.sort();
        assert_eq!(v, vec!["bank robbery", "heist"]);
        assert_eq!(top.lists[0].len(), 2);
        assert_eq!(top.lists[1].len(), 2);
        assert!(top.lists[2].is_empty());
    }

    #[test]
    fn weights_are_checked() {
        assert!(FieldWeights::default().check().is_ok());
        let w = FieldWeights {
            tags: -1.0,
            ..FieldWeights::default()
        };
        assert!(w.check().unwrap_err().contains("tags"));
        let zero = FieldWeights {
            text: 0.0,
            genres: 0.0,
            keywords: 0.0,
            tags: 0.0,
            decade: 0.0,
            title: 0.0,
        };
        assert!(zero.check().is_err());
    }
}
