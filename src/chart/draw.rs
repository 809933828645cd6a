//! The SVG of a chart. Written by hand, not with a plotting library, to
//! draw at the size shown (see mod.rs), to keep every label inside the box,
//! and to stay small: one path per kind of line or marker, and attributes
//! on `<g>` groups rather than on each element. Text takes the page's font.

use std::fmt::Write;

use super::frame::{n, Frame, PLOT_RIGHT};
use super::{Axis, Drawing, Point};
use crate::model::{Direction, Year};

/// The viewBox: about a phone's content width, so 14 units ≈ 13 CSS px.
pub const WIDTH: f64 = 340.0;
pub const HEIGHT: f64 = 220.0;
pub const FONT: f64 = 14.0;

/// Okabe–Ito blue and vermillion (5.2:1 and 3.9:1 on white, above the 3:1
/// non-text contrast WCAG asks), a dark grey for the baseline.
pub const TARGET: &str = "#0072b2";
pub const ACTUAL: &str = "#d55e00";
pub const BASELINE: &str = "#595959";

/// A generous guess of a label's width in viewBox units: the browser's font
/// is not known here, so digits count 0.6 em and CJK characters a full em,
/// more than Noto Sans JP gives them, so that nothing is clipped.
pub fn text_width(s: &str) -> f64 {
    s.chars()
        .map(|c| match c {
            ',' | '.' | ' ' => 0.3,
            c if c.is_ascii() => 0.62,
            _ => 1.0,
        })
        .sum::<f64>()
        * FONT
}

pub fn svg(d: &Drawing, axis: &Axis, description: &str) -> String {
    let frame = Frame::new(axis, d.years.len());
    let x_of = |year: Year| {
        d.years
            .iter()
            .position(|(y, _)| *y == year)
            .map(|i| frame.x_at(i))
    };
    let y_of = |v: f64| frame.y_of(v);
    let mut out = String::with_capacity(4096);
    let direction = if d.direction == Direction::Lower {
        "lower"
    } else {
        "higher"
    };
    frame.open(
        &mut out,
        &d.id,
        &format!(" data-direction=\"{direction}\""),
        &d.title,
        description,
        d.years.len(),
    );

    // Lines: baseline, targets, actuals.
    if let Some(b) = &d.series.baseline {
        let _ = write!(
            out,
            "<path stroke=\"{BASELINE}\" stroke-width=\"2\" stroke-dasharray=\"2 3\" d=\"M{} {y}H{}\"/>",
            n(frame.plot_left),
            n(PLOT_RIGHT),
            y = n(y_of(b.value))
        );
    }
    let at = |p: &Point| x_of(p.year).map(|x| (x, y_of(p.value)));
    let line = |points: &[Point]| -> String {
        points
            .iter()
            .filter_map(at)
            .map(|(x, y)| format!("{},{}", n(x), n(y)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    for (points, colour, dash) in [
        (&d.series.targets, TARGET, " stroke-dasharray=\"6 4\""),
        (&d.series.actuals, ACTUAL, ""),
    ] {
        if points.len() > 1 {
            let _ = write!(
                out,
                "<polyline stroke=\"{colour}\" stroke-width=\"2.5\"{dash} points=\"{}\"/>",
                line(points)
            );
        }
    }
    out.push_str("</g>");

    // Markers: hollow circles for targets, squares for actuals (hollow when noted).
    let circles: String = d
        .series
        .targets
        .iter()
        .filter_map(at)
        .map(|(x, y)| format!("M{} {}a4 4 0 1 0 8 0a4 4 0 1 0-8 0", n(x - 4.0), n(y)))
        .collect();
    let squares = |noted: bool| -> String {
        d.series
            .actuals
            .iter()
            .filter(|p| p.note.is_some() == noted)
            .filter_map(at)
            .map(|(x, y)| format!("M{} {}h8v8h-8z", n(x - 4.0), n(y - 4.0)))
            .collect()
    };
    for (path, fill, stroke) in [
        (circles, "#fff", TARGET),
        (squares(false), ACTUAL, ACTUAL),
        (squares(true), "#fff", ACTUAL),
    ] {
        if !path.is_empty() {
            let _ = write!(
                out,
                "<path fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"2\" d=\"{path}\"/>"
            );
        }
    }
    frame.close(&mut out, d.unit.as_deref(), &d.years);
    out
}

/// Text for XML content and double-quoted attributes (the sitemap uses it too).
pub(crate) fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::super::frame::{AXIS, INK};
    use super::super::testing::*;
    use super::super::{Drawing, Point, Series};
    use super::*;
    use crate::config::Language;

    fn mynumber() -> Drawing {
        let mut d = drawing(
            Series {
                targets: pts(&[(2019, 3293.0), (2023, 20000.0)]),
                actuals: pts(&[(2019, 3724.0), (2022, 16000.0), (2023, 18248.0)]),
                baseline: Some(Point {
                    year: 2017,
                    value: 2637.0,
                    note: None,
                }),
            },
            Language::Ja,
        );
        d.years = (2019..=2023)
            .map(|y| (y, format!("R{}", y - 2018)))
            .collect();
        d
    }

    fn texts(svg: &str) -> Vec<&str> {
        svg.split("<text ")
            .skip(1)
            .map(|t| &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()])
            .collect()
    }

    #[test]
    fn draws_an_accessible_scalable_svg() {
        let d = mynumber();
        let svg = d.svg();
        assert!(svg.starts_with("<svg class=\"chart\" role=\"img\" aria-labelledby=\"kpi-1-chart-title kpi-1-chart-desc\" viewBox=\"0 0 340 220\""), "{svg}");
        assert!(svg.contains("<title id=\"kpi-1-chart-title\">件数 &lt;推移&gt;</title>"));
        assert_eq!(
            svg.matches("stroke-dasharray=\"6 4\"").count(),
            1,
            "one dashed target line"
        );
        assert_eq!(
            svg.matches("stroke-dasharray=\"2 3\"").count(),
            1,
            "one dotted baseline"
        );
        assert!(!svg.contains('\n') && !svg[..svg.find('>').unwrap()].contains("width="));
        // No attribute repeated on each element: font and colours sit on groups.
        assert!(!svg.contains("font-family"));
        assert_eq!(svg.matches(&format!("fill=\"{INK}\"")).count(), 1);
        assert_eq!(svg, mynumber().svg(), "same input, same bytes");
    }

    #[test]
    fn the_unit_is_written_once_above_the_axis_and_no_tick_follows_the_last_year() {
        let svg = mynumber().svg();
        let t = texts(&svg);
        assert_eq!(t[0], "件", "{t:?}");
        assert!(!svg.contains("rotate"), "the unit is not on its side");
        // One tick per year, each under its year: the last one is the
        // last year's, not an empty slot after it.
        let axes = &svg[svg.find(&format!("stroke=\"{AXIS}\" d=\"")).unwrap()..];
        assert_eq!(axes[..axes.find("\"/>").unwrap()].matches("v5").count(), 5);
        assert_eq!(t.last(), Some(&"R5"));
        let years = ["R1", "R2", "R3", "R4", "R5"];
        assert_eq!(&t[t.len() - 5..], &years);
    }

    #[test]
    fn counts_are_labelled_whole_from_zero() {
        let t: Vec<String> = texts(&mynumber().svg())
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert!(
            t.contains(&"0".to_string()) && t.contains(&"20,000".to_string()),
            "{t:?}"
        );
        assert!(!t.iter().any(|s| s.contains('.')), "{t:?}");
        assert!(
            !mynumber().svg().contains("l-5-2"),
            "no break when the axis starts at zero"
        );
    }

    #[test]
    fn a_cut_axis_shows_a_break() {
        let d = drawing(
            Series {
                targets: pts(&[(2024, 130.1), (2025, 140.7)]),
                actuals: pts(&[(2024, 131.8)]),
                baseline: None,
            },
            Language::Ja,
        );
        assert!(d.axis().cut);
        assert!(d.svg().contains("l-5-2 10-4-10-4 10-4-5-2"));
    }

    #[test]
    fn long_labels_fit_in_the_box() {
        let mut d = drawing(
            Series {
                targets: pts(&[(2019, 9_000_000_000.0), (2023, 10_000_000_000.0)]),
                actuals: pts(&[(2019, 8_000_000_000.0)]),
                baseline: None,
            },
            Language::Ja,
        );
        d.years = (2016..=2027)
            .map(|y| (y, format!("令和{}年度", y - 2018)))
            .collect();
        let svg = d.svg();
        let t = texts(&svg);
        assert!(t.contains(&"10,000,000,000"), "{t:?}");
        // Every label's guessed extent stays inside the viewBox: the unit
        // starts at its x, tick labels end there, year labels centre on it.
        labels_inside_the_box(&svg);
        // Twelve long year labels cannot all fit: thinned, the last kept.
        let years: Vec<_> = t.iter().filter(|s| s.starts_with("令和")).collect();
        assert!(
            years.len() < 12 && years.last() == Some(&&"令和9年度"),
            "{years:?}"
        );
    }

    #[test]
    fn noted_actuals_are_hollow_squares() {
        let mut d = mynumber();
        let plain = d.svg();
        d.series.actuals[2].note = Some("見込".into());
        let svg = d.svg();
        let hollow = format!("<path fill=\"#fff\" stroke=\"{ACTUAL}\"");
        assert!(!plain.contains(&hollow) && svg.contains(&hollow), "{svg}");
    }

    #[test]
    fn the_legend_keys_in_style_css_use_the_charts_colours() {
        // The keys are drawn by the theme's stylesheet (data URLs, `#` as
        // %23); each must show its series in the colour the chart draws it.
        let css = include_str!("../../static/style.css");
        let key = |class: &str| {
            css.lines()
                .find(|l| l.starts_with(&format!(".legend .k-{class}::before")))
                .unwrap_or_else(|| panic!("no key for {class} in style.css"))
        };
        for (class, colours) in [
            ("target", &[TARGET][..]),
            ("actual", &[ACTUAL]),
            ("noted", &[ACTUAL]),
            ("baseline", &[BASELINE]),
        ] {
            for c in colours {
                let encoded = c.replace('#', "%23");
                assert!(key(class).contains(&encoded), "{class}: {c}");
            }
        }
    }
}
