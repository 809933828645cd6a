//! Properties that must hold for any input, checked on generated cases:
//! value parsing, number formatting, achievement rates, and the content
//! parser (which must report, never panic).

use plansite::assess::{compare, rate, round_to};
use plansite::config::Condition;
use plansite::content::frontmatter::split;
use plansite::content::reader::{fmt_number, looks_like_number};
use plansite::content::{parse_source, FileKind};
use plansite::diagnostics::{Diagnostics, SourceFile};
use plansite::model::{Baseline, Datum, Direction, Kpi, Method, Plan, Pos, Value, YearMap};
use proptest::prelude::*;

/// How Japanese reports print a whole number: separators, △ for minus, maybe full-width.
fn printed(n: i64, full_width: bool) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let s = if n < 0 {
        format!("△ {grouped}")
    } else {
        grouped
    };
    if full_width {
        s.chars()
            .map(|c| {
                if c.is_ascii_digit() {
                    char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap()
                } else {
                    c
                }
            })
            .collect()
    } else {
        s
    }
}

fn pos() -> Pos {
    Pos {
        file: SourceFile::new("p".into(), String::new()),
        range: 0..0,
    }
}

fn kpi(baseline: f64, target: f64, actual: f64) -> Kpi {
    kpi_by_year(baseline, &[target, target], &[actual, actual])
}

/// A KPI with a figure per year from FY2022 on.
fn kpi_by_year(baseline: f64, targets: &[f64], actuals: &[f64]) -> Kpi {
    let n = |v: f64| Datum {
        value: Value::Number(v),
        note: None,
    };
    let years = |figures: &[f64]| -> YearMap<Datum> {
        (2022..).zip(figures).map(|(y, v)| (y, n(*v))).collect()
    };
    Kpi {
        name: "k".into(),
        indicator: None,
        unit: None,
        direction: None,
        method: None,
        baseline: Some(Baseline {
            year: Some(2017),
            value: Value::Number(baseline),
            note: None,
        }),
        targets: years(targets),
        actuals: years(actuals),
        totals: None,
        status: YearMap::new(),
        reported_rate: None,
        notes: vec![],
        pos: pos(),
        status_pos: YearMap::new(),
        reported_rate_pos: None,
        totals_pos: None,
        indicator_pos: None,
        unit_pos: None,
    }
}

fn plan() -> Plan {
    Plan {
        slug: "p".into(),
        title: "p".into(),
        period: [2022, 2024],
        report_year: 2023,
        scale: "s".into(),
        method: Method::Ratio,
        direction: Direction::Higher,
        year_format: None,
        category_levels: vec![],
        categories: vec![],
        source: None,
        issued: None,
        print: Default::default(),
        notes: vec![],
        themes: vec![],
        body: String::new(),
        items: vec![],
        themes_pos: vec![],
        unread_category_ids: false,
        pos: pos(),
        scale_pos: pos(),
    }
}

fn figure() -> impl Strategy<Value = f64> {
    prop_oneof![
        (-1_000_000_000i64..1_000_000_000).prop_map(|n| n as f64),
        (-1.0e9f64..1.0e9).prop_map(|x| round_to(x, 2)),
        Just(0.0),
    ]
}

/// Figures as the reader accepts them, including the magnitudes that break
/// naive arithmetic: subnormals, the smallest normal, 2^53 (MAX_NUMBER), and
/// decimals whose binary forms do not cancel (0.1 + 0.2 − 0.3).
fn hostile() -> impl Strategy<Value = f64> {
    const MAX: f64 = 9_007_199_254_740_992.0;
    prop_oneof![
        3 => figure(),
        1 => prop::sample::select(vec![
            5e-324, -5e-324, 1e-310, f64::MIN_POSITIVE, -f64::MIN_POSITIVE, 1e-300,
            MAX, -MAX, MAX - 1.0, -(MAX - 1.0), 4_503_599_627_370_497.0,
            0.1, 0.2, -0.3, 0.3, 1.1, 2.2, -3.3, 0.30000000000000004, -0.1, 1e-7,
        ]),
        1 => -1.0e-6f64..1.0e-6,
    ]
}

const METHODS: [Method; 3] = [Method::Ratio, Method::Progress, Method::Cumulative];

proptest! {
    #[test]
    fn printed_numbers_are_recognised(n in -10_000_000_000i64..10_000_000_000, full in any::<bool>()) {
        prop_assert_eq!(looks_like_number(&printed(n, full)), Some(n as f64));
    }

    #[test]
    fn plain_numbers_read_back_exactly(x in figure()) {
        prop_assert_eq!(fmt_number(x).parse::<f64>().unwrap(), x);
        let grouped = plansite::render::format::number(x);
        prop_assert_eq!(grouped.replace(',', "").parse::<f64>().unwrap(), x);
    }

    #[test]
    fn rates_are_finite_or_explained(
        b in hostile(),
        t in prop::collection::vec(hostile(), 1..4),
        a in prop::collection::vec(hostile(), 1..4),
        lower in any::<bool>(),
    ) {
        let direction = if lower { Direction::Lower } else { Direction::Higher };
        let n = t.len().min(a.len());
        let k = kpi_by_year(b, &t[..n], &a[..n]);
        let year = 2021 + n as i32;
        for method in METHODS {
            if let Ok(r) = rate(&plan(), &k, method, direction, year) {
                prop_assert!(
                    r.percent.is_finite() && r.percent.abs() <= 9_007_199_254_740_992.0,
                    "{method:?} gave {} = {}", r.percent, r.formula
                );
                prop_assert!(round_to(r.percent, 9).is_finite());
            }
        }
    }

    /// At or beyond the target in the KPI's direction is 100 % or more;
    /// short of it, less — for every method and any signs. The one exception
    /// is a shortfall too small for an f64 to tell the rate from 100 %.
    #[test]
    fn the_verdict_is_never_inverted(b in hostile(), t in hostile(), a in hostile(), lower in any::<bool>()) {
        let direction = if lower { Direction::Lower } else { Direction::Higher };
        let k = kpi(b, t, a);
        let met = if lower { a <= t } else { a >= t };
        for method in METHODS {
            let Ok(r) = rate(&plan(), &k, method, direction, 2023) else {
                continue;
            };
            if met {
                prop_assert!(r.percent >= 100.0, "{method:?}: met, but {} = {}", r.percent, r.formula);
            } else {
                // What the rate divides the distance from the target by.
                let span = match method {
                    Method::Progress => (t - b).abs(),
                    _ if lower => a.abs(),
                    _ => t.abs(),
                };
                let unresolvable = r.percent == 100.0 && (a - t).abs() <= span * f64::EPSILON;
                prop_assert!(
                    r.percent < 100.0 || unresolvable,
                    "{method:?}: short, but {} = {}", r.percent, r.formula
                );
            }
        }
    }

    #[test]
    fn ratio_reaches_100_exactly_at_the_target(t in 1.0f64..1.0e9) {
        let k = kpi(0.0, round_to(t, 2), round_to(t, 2));
        let r = rate(&plan(), &k, Method::Ratio, Direction::Higher, 2023).unwrap();
        prop_assert_eq!(round_to(r.percent, 9), 100.0);
    }

    #[test]
    fn exactly_one_compare_condition_holds(b in figure(), t in figure(), a in figure(), lower in any::<bool>()) {
        let direction = if lower { Direction::Lower } else { Direction::Higher };
        let c = compare(&kpi(b, t, a), direction, 2023).unwrap();
        let better_or_equal = |x: f64, y: f64| if lower { x <= y } else { x >= y };
        prop_assert_eq!(c == Condition::Unchanged, a == b && b == t);
        if c != Condition::Unchanged {
            prop_assert_eq!(c == Condition::TargetMet, better_or_equal(a, t));
            if !better_or_equal(a, t) {
                prop_assert_eq!(c == Condition::Improved, better_or_equal(a, b));
            }
        }
    }

    #[test]
    fn splitting_never_panics_and_stays_in_bounds(text in ".{0,200}") {
        if let Ok(s) = split(&text) {
            prop_assert!(s.front.end <= text.len() && s.body.end <= text.len());
            prop_assert!(text.is_char_boundary(s.front.start) && text.is_char_boundary(s.body.start));
        }
    }

    #[test]
    fn a_fence_inside_a_multi_line_string_never_ends_the_front_matter(
        inner in prop::collection::vec(prop_oneof![Just("+++".to_string()), "[^\"'\\\\\\p{Cc}]{0,12}"], 0..6),
        literal in any::<bool>(),
    ) {
        let q = if literal { "'''" } else { "\"\"\"" };
        let text = format!("+++\nnotes = {q}\n{}\n{q}\n+++\n本文\n", inner.join("\n"));
        let s = split(&text).unwrap();
        prop_assert_eq!(&text[s.body], "本文\n");
        // And TOML reads the same string out of what the splitter kept.
        let doc: toml::Table = toml::from_str(&text[s.front]).unwrap();
        prop_assert_eq!(doc["notes"].as_str().unwrap(), format!("{}\n", inner.join("\n")));
    }

    #[test]
    fn any_front_matter_is_reported_on_not_panicked_on(
        lines in prop::collection::vec(prop_oneof![
            "[a-z_]{1,10} = [0-9]{1,6}",
            "[a-z_]{1,10} = \"[^\"\\\\\n]{0,12}\"",
            "(number|title|category|status|departments) = .{0,20}",
            "\\[\\[(kpis|actions|categories)\\]\\]",
            "(targets|actuals|plan|actual|status) = \\{ [0-9]{4} = .{0,10} \\}",
            ".{0,30}",
        ], 0..12),
        kind in prop_oneof![Just(FileKind::Home), Just(FileKind::City), Just(FileKind::Plan), Just(FileKind::Item)],
    ) {
        let text = format!("+++\n{}\n+++\n本文\n", lines.join("\n"));
        let mut diags = Diagnostics::default();
        let parsed = parse_source(SourceFile::new("f.md".into(), text), kind, "f", &mut diags);
        // Either it read, or it said why, at a place inside the file.
        prop_assert!(parsed.is_some() || diags.has_errors());
        for d in diags.sorted() {
            prop_assert!(d.place().is_some());
        }
    }
}
