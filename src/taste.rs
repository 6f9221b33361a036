//! The visitor's taste: the movies they liked ("I like this") and the ones
//! they dismissed ("Not interested"), by MovieLens movieId.
//!
//! Ids, never catalogue indices: indices change with every blob, movieIds do
//! not, so a taste set stored in the browser survives a new data release.
//! [`TasteSet::retain_known`] drops the ids a new catalogue lacks and says
//! which, so the app can tell the visitor instead of failing.
//!
//! The stored form ([`TasteSet::encode`]) is a few lines of plain text, read
//! back leniently by [`TasteSet::decode`]: a damaged entry costs that entry,
//! never the whole set. Shared core: no web dependency, tested natively.

use crate::blob::Blob;

/// First line of the stored form; names its version.
pub const STORAGE_HEADER: &str = "reelgraph-taste v1";
/// Most movies kept in each list (items): bounds what one import or a
/// hand-edited link can put into localStorage (≈ 7 bytes per id).
pub const MAX_MOVIES: usize = 5_000;

/// Liked and dismissed movies. A movie is in at most one of the two lists;
/// each list keeps the order in which movies were added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TasteSet {
    liked: Vec<u32>,
    dismissed: Vec<u32>,
}

impl TasteSet {
    /// An empty taste set.
    pub fn new() -> Self {
        Self::default()
    }

    /// A taste set liking `ids` (in order, duplicates dropped).
    pub fn from_liked(ids: &[u32]) -> Self {
        let mut set = Self::new();
        set.like_all(ids.iter().copied());
        set
    }

    /// Liked movieIds, oldest first.
    pub fn liked(&self) -> &[u32] {
        &self.liked
    }

    /// Dismissed movieIds, oldest first.
    pub fn dismissed(&self) -> &[u32] {
        &self.dismissed
    }

    /// True when nothing is liked or dismissed.
    pub fn is_empty(&self) -> bool {
        self.liked.is_empty() && self.dismissed.is_empty()
    }

    /// True if the movie is liked.
    pub fn is_liked(&self, movie_id: u32) -> bool {
        self.liked.contains(&movie_id)
    }

    /// True if the movie is dismissed.
    pub fn is_dismissed(&self, movie_id: u32) -> bool {
        self.dismissed.contains(&movie_id)
    }

    /// Likes a movie (un-dismissing it). Returns false if it was already
    /// liked or the list is full ([`MAX_MOVIES`]).
    pub fn like(&mut self, movie_id: u32) -> bool {
        if self.is_liked(movie_id) || self.liked.len() >= MAX_MOVIES {
            return false;
        }
        self.dismissed.retain(|&m| m != movie_id);
        self.liked.push(movie_id);
        true
    }

    /// Likes every movie of `ids`; returns how many were newly liked.
    pub fn like_all(&mut self, ids: impl IntoIterator<Item = u32>) -> usize {
        ids.into_iter().filter(|&id| self.like(id)).count()
    }

    /// Removes a movie from the liked list. Returns false if it was not there.
    pub fn unlike(&mut self, movie_id: u32) -> bool {
        let before = self.liked.len();
        self.liked.retain(|&m| m != movie_id);
        self.liked.len() != before
    }

    /// Dismisses a movie ("Not interested"), removing it from the liked list.
    /// Returns false if it was already dismissed or the list is full.
    pub fn dismiss(&mut self, movie_id: u32) -> bool {
        if self.is_dismissed(movie_id) || self.dismissed.len() >= MAX_MOVIES {
            return false;
        }
        self.liked.retain(|&m| m != movie_id);
        self.dismissed.push(movie_id);
        true
    }

    /// Takes a movie off the dismissed list. Returns false if it was not there.
    pub fn undismiss(&mut self, movie_id: u32) -> bool {
        let before = self.dismissed.len();
        self.dismissed.retain(|&m| m != movie_id);
        self.dismissed.len() != before
    }

    /// Empties both lists.
    pub fn clear(&mut self) {
        self.liked.clear();
        self.dismissed.clear();
    }

    /// Drops every id for which `known` is false (movies a new catalogue no
    /// longer has) and returns the dropped ids, liked first.
    pub fn retain_known(&mut self, known: impl Fn(u32) -> bool) -> Vec<u32> {
        let mut dropped = Vec::new();
        for list in [&mut self.liked, &mut self.dismissed] {
            list.retain(|&id| {
                let keep = known(id);
                if !keep {
                    dropped.push(id);
                }
                keep
            });
        }
        dropped
    }

    /// Catalogue indices of the liked movies that `blob` has, in order.
    pub fn liked_indices(&self, blob: &Blob) -> Vec<u32> {
        self.liked
            .iter()
            .filter_map(|&id| blob.index_of(id))
            .collect()
    }

    /// Catalogue indices of the dismissed movies that `blob` has, in order.
    pub fn dismissed_indices(&self, blob: &Blob) -> Vec<u32> {
        self.dismissed
            .iter()
            .filter_map(|&id| blob.index_of(id))
            .collect()
    }

    /// The stored form: [`STORAGE_HEADER`], then `liked <ids>` and
    /// `dismissed <ids>` lines with space-separated movieIds.
    pub fn encode(&self) -> String {
        let join = |ids: &[u32]| ids.iter().map(u32::to_string).collect::<Vec<_>>().join(" ");
        format!(
            "{STORAGE_HEADER}\nliked {}\ndismissed {}\n",
            join(&self.liked),
            join(&self.dismissed)
        )
        .replace(" \n", "\n")
    }

    /// Reads the stored form back. Lenient on purpose (the text lives in the
    /// visitor's browser, where anything can edit it): unknown lines and
    /// entries that are not movieIds are skipped and counted in
    /// [`Decoded::skipped`]; only a missing or foreign header is an error.
    pub fn decode(text: &str) -> Result<Decoded, TasteError> {
        let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
        match lines.next() {
            Some(STORAGE_HEADER) => {}
            Some(other) if other.starts_with("reelgraph-taste ") => {
                return Err(TasteError::UnknownVersion(other.to_string()))
            }
            _ => return Err(TasteError::NotATasteSet),
        }
        let mut set = TasteSet::new();
        let mut skipped = 0;
        for line in lines {
            let (key, rest) = line.split_once(' ').unwrap_or((line, ""));
            let ids = rest
                .split_whitespace()
                .filter_map(|word| match word.parse() {
                    Ok(id) => Some(id),
                    Err(_) => {
                        skipped += 1;
                        None
                    }
                });
            match key {
                "liked" => {
                    for id in ids {
                        set.like(id);
                    }
                }
                "dismissed" => {
                    for id in ids {
                        if !set.is_liked(id) {
                            set.dismiss(id);
                        }
                    }
                }
                _ => skipped += 1,
            }
        }
        Ok(Decoded { set, skipped })
    }
}

/// A decoded taste set and how many damaged entries were skipped (items).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub set: TasteSet,
    pub skipped: usize,
}

/// Why stored text is not a taste set this code reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TasteError {
    #[error("the saved taste profile is not in a format this app knows")]
    NotATasteSet,
    #[error("the saved taste profile was written by another version of the app ({0})")]
    UnknownVersion(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_and_dismiss_are_exclusive() {
        let mut t = TasteSet::new();
        assert!(t.like(1));
        assert!(!t.like(1));
        assert!(t.dismiss(1));
        assert_eq!(t.liked(), &[] as &[u32]);
        assert_eq!(t.dismissed(), &[1]);
        assert!(t.like(1));
        assert!(!t.is_dismissed(1));
    }

    #[test]
    fn round_trips_and_tolerates_damage() {
        let mut t = TasteSet::from_liked(&[318, 1, 2571]);
        t.dismiss(5);
        let text = t.encode();
        assert_eq!(text, "reelgraph-taste v1\nliked 318 1 2571\ndismissed 5\n");
        assert_eq!(TasteSet::decode(&text).unwrap().set, t);
        let damaged = "reelgraph-taste v1\nliked 318 x 1\nbogus 3\n";
        let d = TasteSet::decode(damaged).unwrap();
        assert_eq!(d.set.liked(), &[318, 1]);
        assert_eq!(d.skipped, 2);
        assert_eq!(TasteSet::decode("{}"), Err(TasteError::NotATasteSet));
        assert!(matches!(
            TasteSet::decode("reelgraph-taste v9\n"),
            Err(TasteError::UnknownVersion(_))
        ));
    }
}
