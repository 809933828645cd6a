//! KPI trend charts as small, hand-written SVG.
//!
//! The chart is drawn at about the size a phone shows it (a viewBox 340
//! units wide, text 14 units high), so that its text stays at least 12 CSS
//! px on a 360 px screen; the stylesheet caps how far it grows on a wide one.
//! Targets are a dashed line with hollow circles, actuals a solid line with
//! filled squares, actuals with a note (見込, 暫定…) hollow squares, the
//! baseline a dotted rule: line style and marker shape tell them apart
//! without colour. The legend lives in the page's HTML and lists only what
//! is drawn. See docs/content-format.md, "Charts", for the rules.

mod alt;
mod axis;
pub mod compare;
pub(crate) mod draw;
mod frame;

use crate::config::Language;
use crate::model::{Datum, Direction, Kpi, Year, YearMap};

pub use axis::{Axis, Ticks};
pub use compare::{marker_svg, noted_marker_svg, CompareSeries, Comparison, MARKERS};

/// One numeric figure of a series; `noted` when its value carries a note
/// (見込, 暫定…), which the chart draws hollow and the text names.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub year: Year,
    pub value: f64,
    pub note: Option<String>,
}

/// The numeric series of a KPI.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Series {
    pub targets: Vec<Point>,
    pub actuals: Vec<Point>,
    pub baseline: Option<Point>,
}

impl Series {
    /// The numbers of a KPI, or None when a chart would say nothing: it
    /// needs at least one numeric actual (a chart of targets alone says
    /// nothing about how the city is doing) and at least two numbers in all
    /// among targets, actuals and the baseline (one dot is not a trend).
    /// The KPI table is always there.
    pub fn of(kpi: &Kpi) -> Option<Series> {
        let numbers = |m: &YearMap<Datum>| -> Vec<Point> {
            m.iter()
                .filter_map(|(y, d)| {
                    d.value.as_number().map(|value| Point {
                        year: *y,
                        value,
                        note: d.note.clone(),
                    })
                })
                .collect()
        };
        let s = Series {
            targets: numbers(&kpi.targets),
            actuals: numbers(&kpi.actuals),
            baseline: kpi.baseline.as_ref().and_then(|b| {
                b.value.as_number().map(|value| Point {
                    year: b.year.unwrap_or(Year::MIN),
                    value,
                    note: b.note.clone(),
                })
            }),
        };
        s.says_something().then_some(s)
    }

    /// The rule of [`Series::of`], on numbers already picked.
    pub fn says_something(&self) -> bool {
        let count = self.targets.len() + self.actuals.len() + usize::from(self.baseline.is_some());
        !self.actuals.is_empty() && count >= 2
    }

    /// Every value drawn, for the axis.
    fn values(&self) -> impl Iterator<Item = f64> + '_ {
        self.targets
            .iter()
            .chain(&self.actuals)
            .chain(&self.baseline)
            .map(|p| p.value)
    }

    /// Whether the chart has hollow squares (actuals with a note).
    pub fn has_noted_actuals(&self) -> bool {
        self.actuals.iter().any(|p| p.note.is_some())
    }
}

/// Everything one chart is drawn from, owned, so that drawing can wait until
/// a page needs it (a rebuild that reuses a page never draws its charts).
pub struct Drawing {
    pub id: String,
    pub title: String,
    pub unit: Option<String>,
    /// Year labels as the page prints them, in order: the x axis.
    pub years: Vec<(Year, String)>,
    pub series: Series,
    pub direction: Direction,
    /// The plan's report year: the text says whether its target was met.
    pub report_year: Year,
    pub language: Language,
}

impl Drawing {
    /// The y axis: from zero, or cut with a visible break (see axis.rs).
    pub fn axis(&self) -> Axis {
        Axis::of(self.series.values())
    }

    /// The text alternative: the trend, whether the target was met,
    /// the values with notes, and an axis that does not start at zero.
    pub fn description(&self) -> String {
        alt::describe(self, &self.axis())
    }

    /// The chart as SVG for inline use, with role, title and description.
    pub fn svg(&self) -> String {
        let axis = self.axis();
        draw::svg(self, &axis, &alt::describe(self, &axis))
    }

    /// Feeds everything the SVG depends on to `h`: equal inputs, equal charts.
    pub fn fingerprint(&self, h: &mut xxhash_rust::xxh3::Xxh3) {
        let text = |h: &mut xxhash_rust::xxh3::Xxh3, s: &str| {
            h.update(s.as_bytes());
            h.update(&[0]);
        };
        text(h, &self.id);
        text(h, &self.title);
        text(h, self.unit.as_deref().unwrap_or("\u{1}none"));
        h.update(&[
            self.direction as u8,
            u8::from(self.language == Language::Ja),
        ]);
        h.update(&self.report_year.to_le_bytes());
        for (y, label) in &self.years {
            h.update(&y.to_le_bytes());
            text(h, label);
        }
        let s = &self.series;
        for points in [&s.targets, &s.actuals] {
            h.update(&(points.len() as u64).to_le_bytes());
            for p in points {
                point(h, p);
            }
        }
        match &s.baseline {
            Some(p) => point(h, p),
            None => h.update(&[0xff]),
        }
    }
}

fn point(h: &mut xxhash_rust::xxh3::Xxh3, p: &Point) {
    h.update(&p.year.to_le_bytes());
    h.update(&p.value.to_bits().to_le_bytes());
    h.update(p.note.as_deref().unwrap_or("\u{1}none").as_bytes());
    h.update(&[0]);
}

#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// Every label's guessed extent stays inside the viewBox: the unit
    /// starts at its x, tick labels end there, year labels centre on it.
    pub fn labels_inside_the_box(svg: &str) {
        use super::draw::{text_width, HEIGHT, WIDTH};
        for (i, part) in svg.split("<text ").skip(1).enumerate() {
            let attr = |name: &str| -> f64 {
                let at = part.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                part[at..at + part[at..].find('"').unwrap()]
                    .parse()
                    .unwrap()
            };
            let text = &part[part.find('>').unwrap() + 1..part.find("</text>").unwrap()];
            let (x, w) = (attr("x"), text_width(text));
            let (left, right) = if i == 0 {
                (x, x + w)
            } else if attr("y") == HEIGHT - 8.0 {
                (x - w / 2.0, x + w / 2.0)
            } else {
                (x - w, x)
            };
            assert!(left >= 0.0 && right <= WIDTH, "{text}: {left}..{right}");
        }
    }

    pub fn pts(v: &[(Year, f64)]) -> Vec<Point> {
        v.iter()
            .map(|&(year, value)| Point {
                year,
                value,
                note: None,
            })
            .collect()
    }

    pub fn drawing(series: Series, language: Language) -> Drawing {
        let years: std::collections::BTreeSet<Year> = series
            .targets
            .iter()
            .chain(&series.actuals)
            .map(|p| p.year)
            .collect();
        Drawing {
            id: "kpi-1-chart".into(),
            title: "件数 <推移>".into(),
            unit: Some("件".into()),
            years: years
                .into_iter()
                .map(|y| (y, format!("R{}", y - 2018)))
                .collect(),
            series,
            direction: Direction::Higher,
            report_year: 2023,
            language,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;

    fn series(t: &[(Year, f64)], a: &[(Year, f64)], b: Option<f64>) -> Series {
        Series {
            targets: pts(t),
            actuals: pts(a),
            baseline: b.map(|value| Point {
                year: Year::MIN,
                value,
                note: None,
            }),
        }
    }

    #[test]
    fn a_chart_needs_an_actual_and_two_numbers() {
        // Targets alone say nothing about how the city is doing.
        assert!(!series(&[(2020, 1.0), (2023, 5.0)], &[], Some(0.0)).says_something());
        // One dot is not a trend.
        assert!(!series(&[], &[(2020, 1.0)], None).says_something());
        assert!(series(&[], &[(2020, 1.0)], Some(0.5)).says_something());
        assert!(series(&[(2023, 3.0)], &[(2020, 1.0)], None).says_something());
        assert!(series(&[], &[(2020, 1.0), (2021, 2.0)], None).says_something());
    }

    #[test]
    fn the_fingerprint_follows_notes_and_language() {
        let hash = |d: &Drawing| {
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            d.fingerprint(&mut h);
            h.digest()
        };
        let s = series(&[(2020, 1.0)], &[(2020, 1.0), (2021, 2.0)], None);
        let plain = drawing(s.clone(), Language::Ja);
        let mut noted = drawing(s.clone(), Language::Ja);
        noted.series.actuals[1].note = Some("見込".into());
        assert_ne!(hash(&plain), hash(&noted));
        assert_ne!(hash(&plain), hash(&drawing(s, Language::En)));
    }
}
