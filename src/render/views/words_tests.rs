//! The opening sentences and the comparison, in both languages, on a scale
//! of rates (said in two bands), a manual scale (level by level) and the
//! edge cases (no items, no grades yet).

use super::*;
use crate::assess::{LevelCount, Tally};
use crate::config::Config;
use crate::diagnostics::{Diagnostics, SourceFile};

const SITE: &str = r##"
title = "t"
[scales.abcd]
name = "A〜D"
rule = "rate"
[[scales.abcd.levels]]
key = "A"
min_rate = 100
[[scales.abcd.levels]]
key = "B"
min_rate = 80
[[scales.abcd.levels]]
key = "C"
min_rate = 50
[[scales.abcd.levels]]
key = "D"
[scales.marks]
name = "進捗"
[[scales.marks.levels]]
key = "○"
slug = "done"
[[scales.marks.levels]]
key = "△"
slug = "partly"
"##;

fn config(language: &str) -> Config {
    let text = format!("language = \"{language}\"\n{SITE}");
    let mut diags = Diagnostics::default();
    let c = crate::config::parse(SourceFile::new("site.toml".into(), text), &mut diags);
    assert!(!diags.has_errors(), "{diags:?}");
    c
}

fn plan(scale: &str) -> Plan {
    Plan {
        scale: scale.into(),
        ..crate::assess::testing::plan()
    }
}

/// A summary of `counts` items per level (in the scale's order) and `none`
/// without a grade.
fn summary(config: &Config, scale: &str, counts: &[usize], none: usize) -> Summary {
    let levels: Vec<LevelCount> = config.scales[scale]
        .levels
        .iter()
        .zip(counts)
        .map(|(l, &count)| LevelCount {
            key: l.key.clone(),
            slug: l.slug.clone(),
            label: l.label.clone(),
            color: l.color.clone(),
            count,
            share: 0.0,
        })
        .collect();
    let total: usize = counts.iter().sum();
    Summary {
        scale: scale.into(),
        items: total + none,
        reported: Tally {
            levels,
            total,
            none,
        },
        computed: None,
    }
}

fn sentence(language: &str, scale: &str, counts: &[usize], none: usize) -> String {
    let c = config(language);
    let ctx = Ctx { config: &c };
    ctx.summary_sentence(&plan(scale), &summary(&c, scale, counts, none))
}

#[test]
fn a_scale_of_rates_is_said_in_two_bands_over_all_items() {
    // Sanyo-Onoda's R2 figures: 25 items, 12 B or better, 9 C or lower, 4 not graded.
    assert_eq!(
        sentence("ja", "abcd", &[5, 7, 6, 3], 4),
        "令和5年度の評価では、25項目のうち、B以上は12項目(48.0%)、C以下は9項目(36.0%)、評価なしは4項目(16.0%)です。"
    );
    assert_eq!(
        sentence("en", "abcd", &[5, 7, 6, 3], 4),
        "In the FY2023 (Reiwa 5) report, of 25 items, 12 (48.0%) are B or better and 9 (36.0%) are C or lower; 4 (16.0%) are not graded."
    );
    // Without ungraded items the sentence ends at the second band.
    assert_eq!(
        sentence("ja", "abcd", &[1, 1, 1, 0], 0),
        "令和5年度の評価では、3項目のうち、B以上は2項目(66.7%)、C以下は1項目(33.3%)です。"
    );
}

#[test]
fn a_manual_scale_is_said_level_by_level() {
    assert_eq!(
        sentence("ja", "marks", &[3, 1], 1),
        "令和5年度の評価では、5項目のうち、○ 3項目(60.0%)、△ 1項目(20.0%)、評価なし 1項目(20.0%)です。"
    );
    assert_eq!(
        sentence("en", "marks", &[3, 1], 0),
        "In the FY2023 (Reiwa 5) report, of 4 items: ○ 3 (75.0%), △ 1 (25.0%)."
    );
}

#[test]
fn no_items_and_no_grades_yet_are_said_plainly() {
    assert_eq!(
        sentence("ja", "abcd", &[0, 0, 0, 0], 0),
        "項目はありません。"
    );
    assert_eq!(
        sentence("ja", "abcd", &[0, 0, 0, 0], 7),
        "令和5年度の評価が公表された項目は、7項目のうちまだありません。"
    );
    assert_eq!(
        sentence("en", "marks", &[0, 0], 2),
        "None of the 2 items has a reported status for FY2023 (Reiwa 5) yet."
    );
}

fn assessed(reported: Option<&str>, computed: Option<&str>) -> ItemAssessment {
    ItemAssessment {
        kpis: vec![],
        reported: reported.map(String::from),
        computed: computed.map(String::from),
        disagrees: false,
    }
}

#[test]
fn the_comparison_counts_only_items_with_both_grades() {
    let c = config("ja");
    let ctx = Ctx { config: &c };
    let items = [
        assessed(Some("A"), Some("A")),
        assessed(Some("B"), Some("C")),
        assessed(Some("B"), None),
        assessed(None, Some("D")),
        assessed(None, None),
    ];
    let cmp = ctx.comparison(&plan("abcd"), &items).expect("a rule");
    assert_eq!(
        (cmp.reported, cmp.computed, cmp.both, cmp.agree, cmp.differ),
        (3, 3, 2, 1, 1)
    );
    let per_level: Vec<(usize, usize)> = cmp
        .levels
        .iter()
        .map(|l| (l.reported, l.computed))
        .collect();
    assert_eq!(per_level, [(1, 1), (1, 0), (0, 1), (0, 0)]);
    // A scale without a rule computes nothing to compare.
    assert_eq!(ctx.comparison(&plan("marks"), &items), None);
}

#[test]
fn shares_have_one_decimal_and_survive_an_empty_denominator() {
    assert_eq!(pct(1, 3), "33.3");
    assert_eq!(pct(2, 3), "66.7");
    assert_eq!(pct(0, 0), "0");
}
