//! Values per fiscal year, in year order: a sorted vector with the part of
//! `BTreeMap`'s interface the model uses. Years are the most numerous
//! values of a site (every target, actual and grade), and a map of a few
//! years held as a B-tree costs a node of eleven places each: about 3 KB
//! per item of a national site's model, a sixth of it.

use std::fmt;
use std::ops::{Bound, RangeBounds};

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::model::Year;

#[derive(Clone, PartialEq, Eq)]
pub struct YearMap<T>(Vec<(Year, T)>);

impl<T> Default for YearMap<T> {
    fn default() -> Self {
        YearMap(Vec::new())
    }
}

impl<T: fmt::Debug> fmt::Debug for YearMap<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<T> YearMap<T> {
    pub fn new() -> Self {
        Self::default()
    }

    fn find(&self, year: Year) -> Result<usize, usize> {
        self.0.binary_search_by_key(&year, |(y, _)| *y)
    }

    pub fn get(&self, year: &Year) -> Option<&T> {
        self.find(*year).ok().map(|i| &self.0[i].1)
    }

    pub fn get_mut(&mut self, year: &Year) -> Option<&mut T> {
        self.find(*year).ok().map(|i| &mut self.0[i].1)
    }

    pub fn contains_key(&self, year: &Year) -> bool {
        self.find(*year).is_ok()
    }

    /// Sets the value of `year`, returning the one it replaces.
    pub fn insert(&mut self, year: Year, value: T) -> Option<T> {
        match self.find(year) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (year, value));
                None
            }
        }
    }

    pub fn remove(&mut self, year: &Year) -> Option<T> {
        self.find(*year).ok().map(|i| self.0.remove(i).1)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> Iter<'_, T> {
        Iter(self.0.iter())
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &Year> + ExactSizeIterator + Clone {
        self.0.iter().map(|(y, _)| y)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &T> + ExactSizeIterator + Clone {
        self.0.iter().map(|(_, v)| v)
    }

    pub fn into_keys(self) -> impl DoubleEndedIterator<Item = Year> + ExactSizeIterator {
        self.0.into_iter().map(|(y, _)| y)
    }

    pub fn into_values(self) -> impl DoubleEndedIterator<Item = T> + ExactSizeIterator {
        self.0.into_iter().map(|(_, v)| v)
    }

    /// The years within `range`, in order.
    pub fn range(&self, range: impl RangeBounds<Year>) -> Iter<'_, T> {
        let start = match range.start_bound() {
            Bound::Included(&y) => self.find(y).unwrap_or_else(|i| i),
            Bound::Excluded(&y) => self.find(y).map_or_else(|i| i, |i| i + 1),
            Bound::Unbounded => 0,
        };
        let end = match range.end_bound() {
            Bound::Included(&y) => self.find(y).map_or_else(|i| i, |i| i + 1),
            Bound::Excluded(&y) => self.find(y).unwrap_or_else(|i| i),
            Bound::Unbounded => self.0.len(),
        };
        Iter(self.0[start..end.max(start)].iter())
    }

    pub fn first_key_value(&self) -> Option<(&Year, &T)> {
        self.0.first().map(|(y, v)| (y, v))
    }

    pub fn last_key_value(&self) -> Option<(&Year, &T)> {
        self.0.last().map(|(y, v)| (y, v))
    }

    pub fn pop_last(&mut self) -> Option<(Year, T)> {
        self.0.pop()
    }

    /// Gives back the room a map built value by value has left over.
    pub fn shrink_to_fit(&mut self) {
        self.0.shrink_to_fit();
    }
}

/// `map[&year]`, as `BTreeMap`'s: panics when the year has no value.
impl<T> std::ops::Index<&Year> for YearMap<T> {
    type Output = T;

    fn index(&self, year: &Year) -> &T {
        self.get(year).expect("a year the map has")
    }
}

/// The years and values of a [`YearMap`], in year order.
#[derive(Clone)]
pub struct Iter<'a, T>(std::slice::Iter<'a, (Year, T)>);

impl<'a, T> Iterator for Iter<'a, T> {
    type Item = (&'a Year, &'a T);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(y, v)| (y, v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<T> DoubleEndedIterator for Iter<'_, T> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(y, v)| (y, v))
    }
}

impl<T> ExactSizeIterator for Iter<'_, T> {}

impl<'a, T> IntoIterator for &'a YearMap<T> {
    type Item = (&'a Year, &'a T);
    type IntoIter = Iter<'a, T>;

    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

impl<T> IntoIterator for YearMap<T> {
    type Item = (Year, T);
    type IntoIter = std::vec::IntoIter<(Year, T)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// As `BTreeMap`'s: of the same year, the last value stays.
impl<T> FromIterator<(Year, T)> for YearMap<T> {
    fn from_iter<I: IntoIterator<Item = (Year, T)>>(iter: I) -> Self {
        let mut map = YearMap::new();
        map.extend(iter);
        map.shrink_to_fit();
        map
    }
}

impl<T> Extend<(Year, T)> for YearMap<T> {
    fn extend<I: IntoIterator<Item = (Year, T)>>(&mut self, iter: I) {
        for (year, value) in iter {
            self.insert(year, value);
        }
    }
}

/// A map with the years as keys, as `BTreeMap<Year, T>` serialises.
impl<T: Serialize> Serialize for YearMap<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (year, value) in &self.0 {
            map.serialize_entry(year, value)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn behaves_as_a_btree_map_of_the_same_entries() {
        let entries = [
            (2023, "c"),
            (2021, "a"),
            (2025, "e"),
            (2023, "C"),
            (2022, "b"),
        ];
        let ours: YearMap<&str> = entries.into_iter().collect();
        let theirs: BTreeMap<Year, &str> = entries.into_iter().collect();
        assert!(ours.iter().eq(theirs.iter()));
        assert!(ours.iter().rev().eq(theirs.iter().rev()));
        assert_eq!(ours.len(), theirs.len());
        assert_eq!(ours.get(&2023), theirs.get(&2023));
        assert_eq!(ours.get(&2024), None);
        for (a, b) in [
            (2020, 2030),
            (2022, 2024),
            (2023, 2023),
            (2024, 2025),
            (2026, 2030),
        ] {
            assert!(ours.range(a..b).eq(theirs.range(a..b)), "{a}..{b}");
            assert!(ours.range(a..=b).eq(theirs.range(a..=b)), "{a}..={b}");
            assert!(ours.range(a..).eq(theirs.range(a..)), "{a}..");
            assert!(ours.range(..b).eq(theirs.range(..b)), "..{b}");
        }
        assert_eq!(ours.first_key_value(), theirs.first_key_value());
        assert_eq!(ours.last_key_value(), theirs.last_key_value());
        assert_eq!(
            serde_json::to_string(&ours).unwrap(),
            serde_json::to_string(&theirs).unwrap()
        );
        assert_eq!(format!("{ours:?}"), format!("{theirs:?}"));
    }
}
