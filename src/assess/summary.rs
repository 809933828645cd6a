//! Counts and shares of each level of a scale among a set of items.

use serde::Serialize;

use super::{round_to, ser_number, ItemAssessment};
use crate::config::Scale;
use crate::model::Plan;

/// Count and share of each level among a set of items.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub scale: String,
    /// Items counted (with or without a status).
    pub items: usize,
    pub reported: Tally,
    /// Present when the scale has a rule.
    pub computed: Option<Tally>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Tally {
    pub levels: Vec<LevelCount>,
    /// Items with a status of this kind.
    pub total: usize,
    /// Items without one.
    pub none: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct LevelCount {
    pub key: String,
    pub slug: String,
    pub label: String,
    pub color: String,
    pub count: usize,
    /// Per cent of `total`, one decimal, as reports print it.
    #[serde(serialize_with = "ser_number")]
    pub share: f64,
}

pub(super) fn summarize(
    plan: &Plan,
    scale: Option<&Scale>,
    items: &[ItemAssessment],
    members: &[usize],
) -> Summary {
    let tally = |pick: &dyn Fn(&ItemAssessment) -> Option<&String>| {
        let mut t = Tally::default();
        if let Some(scale) = scale {
            for level in &scale.levels {
                let count = members
                    .iter()
                    .filter(|&&i| pick(&items[i]) == Some(&level.key))
                    .count();
                t.levels.push(LevelCount {
                    key: level.key.clone(),
                    slug: level.slug.clone(),
                    label: level.label.clone(),
                    color: level.color.clone(),
                    count,
                    share: 0.0,
                });
            }
        }
        t.total = t.levels.iter().map(|l| l.count).sum();
        t.none = members.len() - t.total;
        t
    };
    let mut s = Summary {
        scale: plan.scale.clone(),
        items: members.len(),
        reported: tally(&|a: &ItemAssessment| a.reported.as_ref()),
        computed: scale
            .and_then(|s| s.rule)
            .map(|_| tally(&|a: &ItemAssessment| a.computed.as_ref())),
    };
    recompute_shares(&mut s);
    s
}

pub(super) fn add(into: &mut Summary, from: &Summary) {
    into.items += from.items;
    add_tally(&mut into.reported, &from.reported);
    match (&mut into.computed, &from.computed) {
        (Some(a), Some(b)) => add_tally(a, b),
        (None, Some(b)) => into.computed = Some(b.clone()),
        _ => {}
    }
}

fn add_tally(into: &mut Tally, from: &Tally) {
    for (a, b) in into.levels.iter_mut().zip(&from.levels) {
        a.count += b.count;
    }
    into.total += from.total;
    into.none += from.none;
}

pub(super) fn recompute_shares(s: &mut Summary) {
    for t in std::iter::once(&mut s.reported).chain(s.computed.as_mut()) {
        for l in &mut t.levels {
            l.share = if t.total == 0 {
                0.0
            } else {
                round_to(l.count as f64 / t.total as f64 * 100.0, 1)
            };
        }
    }
}
