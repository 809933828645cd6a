//! A comparison chart: one indicator as several cities report it, a line
//! per city, each value at its year, gaps visible, units stated.
//!
//! Drawn like the KPI trend chart (see draw.rs): the same viewBox and text
//! size, the same axis, attributes on `<g>` groups, no newlines. Each
//! series differs from the others in colour, marker shape and dash pattern,
//! so that colour is never the only difference (WCAG 1.4.1). A line joins
//! two values only when their years are adjacent on the x axis: a year
//! with no value breaks the line, and a value with no neighbour is a marker
//! alone. Values with a note (見込, 暫定…) are hollow. The values are never
//! ordered, ranked or called best or worst: the series keep the order they
//! are given in, in the drawing and in the text alike. The legend lives in
//! the page's HTML, drawn with [`marker_svg`].

use std::fmt::Write;

use super::draw::xml_escape;
use super::frame::{n, Frame};

/// The page's white, inside hollow markers.
const PAPER: &str = "#fff";
use super::{Axis, Point};
use crate::config::Language;
use crate::model::Year;
use crate::render::format::number;

/// Series colours, in order: Okabe–Ito blue and vermillion (5.2:1 and
/// 3.9:1 on white), a darker green and reddish purple than Okabe–Ito's
/// (5.3:1 and 5.7:1, where #009e73 and #cc79a7 barely pass at 3.4:1 and
/// 3.1:1), and a dark grey (7:1). Each has at least the 3:1 contrast on
/// white that WCAG asks of graphics (a test checks).
pub const COLOURS: [&str; 5] = ["#0072b2", "#d55e00", "#007a5a", "#a3447a", "#595959"];

/// Series dash patterns, in order: solid, dashed, dotted, dash-dot.
pub const DASHES: [&str; 4] = ["", "6 4", "2 3", "8 3 2 3"];

/// The outline of a noted value's marker in a series whose markers are
/// already hollow: broken, so that it still differs from the others.
const NOTED_OUTLINE: &str = "2 1.5";

/// A marker's outline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Circle,
    Square,
    Triangle,
    Diamond,
}

/// A series' marker: a shape, filled or hollow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    pub shape: Shape,
    pub filled: bool,
}

/// Series markers, in order: the four shapes filled, then hollow.
pub const MARKERS: [Marker; 8] = [
    Marker::filled(Shape::Circle),
    Marker::filled(Shape::Square),
    Marker::filled(Shape::Triangle),
    Marker::filled(Shape::Diamond),
    Marker::hollow(Shape::Circle),
    Marker::hollow(Shape::Square),
    Marker::hollow(Shape::Triangle),
    Marker::hollow(Shape::Diamond),
];

impl Marker {
    const fn filled(shape: Shape) -> Marker {
        Marker {
            shape,
            filled: true,
        }
    }

    const fn hollow(shape: Shape) -> Marker {
        Marker {
            shape,
            filled: false,
        }
    }

    /// Fill and outline dashes of a value's marker in `colour`: a noted
    /// value is hollow, and where the series' markers are hollow already,
    /// its outline is broken.
    fn paint(self, colour: &'static str, noted: bool) -> (&'static str, &'static str) {
        match (self.filled, noted) {
            (true, false) => (colour, ""),
            (true, true) | (false, false) => (PAPER, ""),
            (false, true) => (PAPER, NOTED_OUTLINE),
        }
    }
}

/// How series `index` is drawn. Colour, dash and marker cycle with periods
/// 5, 4 and 8: the first 8 series have 8 markers, the first 40 differ in
/// colour or marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub colour: &'static str,
    /// A `stroke-dasharray`, empty for a solid line.
    pub dash: &'static str,
    pub marker: Marker,
}

pub fn style(index: usize) -> Style {
    Style {
        colour: COLOURS[index % COLOURS.len()],
        dash: DASHES[index % DASHES.len()],
        marker: MARKERS[index % MARKERS.len()],
    }
}

impl Shape {
    /// The outline centred on (x, y), `s` times the chart's size (about 10
    /// units across, as draw.rs's markers).
    fn path(self, x: f64, y: f64, s: f64) -> String {
        match self {
            Shape::Circle => {
                let r = 4.0 * s;
                format!(
                    "M{} {}a{r} {r} 0 1 0 {d} 0a{r} {r} 0 1 0-{d} 0",
                    n(x - r),
                    n(y),
                    r = n(r),
                    d = n(2.0 * r)
                )
            }
            Shape::Square => {
                let h = 4.0 * s;
                format!("M{} {}h{d}v{d}h-{d}z", n(x - h), n(y - h), d = n(2.0 * h))
            }
            Shape::Triangle => format!(
                "M{} {}l{} {}h-{}z",
                n(x),
                n(y - 5.5 * s),
                n(5.5 * s),
                n(10.0 * s),
                n(11.0 * s)
            ),
            Shape::Diamond => {
                format!(
                    "M{} {}l{a} {a}-{a} {a}-{a}-{a}z",
                    n(x),
                    n(y - 5.0 * s),
                    a = n(5.0 * s)
                )
            }
        }
    }
}

/// One city's values of the indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareSeries {
    /// The city's name, as the legend and the text name it.
    pub label: String,
    /// Sorted by year, at most one per year; a value with a note is hollow.
    pub points: Vec<Point>,
}

/// Everything one comparison chart is drawn from.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// Prefix of the element ids, e.g. "indicator-furusato-donations".
    pub id: String,
    pub title: String,
    /// Written once above the y axis and after every value in the text.
    pub unit: Option<String>,
    /// Every year from the first value to the last, labels as printed: the
    /// x axis. A year missing here cannot show a gap, so the caller fills
    /// the range.
    pub years: Vec<(Year, String)>,
    /// In the order the page lists them, which the chart and text keep.
    pub series: Vec<CompareSeries>,
    pub language: Language,
}

impl Comparison {
    /// The y axis over every value of every series (see axis.rs).
    pub fn axis(&self) -> Axis {
        Axis::of(
            self.series
                .iter()
                .flat_map(|s| s.points.iter().map(|p| p.value)),
        )
    }

    /// Whether some value has a note, so is drawn hollow: the legend names
    /// hollow markers only when there are some.
    pub fn has_noted(&self) -> bool {
        self.series
            .iter()
            .flat_map(|s| self.slots(s))
            .any(|p| p.is_some_and(|p| p.note.is_some()))
    }

    /// The text alternative: each series in the given order with its values
    /// and the years it has none, an axis that does not start at zero, and
    /// that the values are not adjusted.
    pub fn description(&self) -> String {
        self.describe(&self.axis())
    }

    /// The chart as SVG for inline use, with role, title and description.
    pub fn svg(&self) -> String {
        let axis = self.axis();
        self.draw(&axis, &self.describe(&axis))
    }

    /// The value of each year of the x axis, None where there is none.
    fn slots<'a>(&self, s: &'a CompareSeries) -> Vec<Option<&'a Point>> {
        self.years
            .iter()
            .map(|(y, _)| {
                s.points
                    .iter()
                    .find(|p| p.year == *y && p.value.is_finite())
            })
            .collect()
    }

    fn year_label(&self, y: Year) -> String {
        self.years
            .iter()
            .find(|(year, _)| *year == y)
            .map_or_else(|| y.to_string(), |(_, l)| l.clone())
    }

    /// A year, its value with the unit, and its note:
    /// 令和5年度 18,248千円(見込) / FY2023 18,248 千円 (見込).
    fn figure(&self, p: &Point, ja: bool) -> String {
        let unit = self.unit.as_deref().unwrap_or("");
        let value = if ja {
            format!("{}{unit}", number(p.value))
        } else {
            format!("{} {unit}", number(p.value)).trim_end().to_string()
        };
        let value = match (&p.note, ja) {
            (None, _) => value,
            (Some(note), true) => format!("{value}({note})"),
            (Some(note), false) => format!("{value} ({note})"),
        };
        format!("{} {value}", self.year_label(p.year))
    }

    fn describe(&self, axis: &Axis) -> String {
        let ja = self.language == Language::Ja;
        let list = if ja { "、" } else { ", " };
        let mut sentences = Vec::new();
        for s in &self.series {
            let values: Vec<String> = s
                .points
                .iter()
                .filter(|p| p.value.is_finite())
                .map(|p| self.figure(p, ja))
                .collect();
            if values.is_empty() {
                sentences.push(if ja {
                    format!("{}: 値なし", s.label)
                } else {
                    format!("{}: no values", s.label)
                });
                continue;
            }
            sentences.push(format!("{}: {}", s.label, values.join(list)));
            let missing: Vec<String> = self
                .years
                .iter()
                .zip(self.slots(s))
                .filter(|(_, p)| p.is_none())
                .map(|((_, label), _)| label.clone())
                .collect();
            if !missing.is_empty() {
                sentences.push(if ja {
                    format!("値なし: {}", missing.join(list))
                } else {
                    format!("No value: {}", missing.join(list))
                });
            }
        }
        if axis.cut {
            let lo = number(axis.lo);
            sentences.push(if ja {
                format!("縦軸は0ではなく{lo}から始まります(軸の波線が省略の印)")
            } else {
                format!("The vertical axis starts at {lo}, not at zero (marked by a zig-zag)")
            });
        }
        sentences.push(if ja {
            "値は各市が報告したとおりで、人口などによる調整はしていません".to_string()
        } else {
            "Values are as each city reported them, not adjusted for population or size".to_string()
        });
        let end = if ja { "。" } else { ". " };
        let mut out = sentences.join(end);
        out.push_str(end.trim_end());
        out
    }

    fn draw(&self, axis: &Axis, description: &str) -> String {
        let frame = Frame::new(axis, self.years.len());
        let x_at = |i: usize| frame.x_at(i);
        let y_of = |v: f64| frame.y_of(v);
        let mut out = String::with_capacity(4096);
        frame.open(
            &mut out,
            &xml_escape(&self.id),
            "",
            &self.title,
            description,
            self.years.len(),
        );

        // Lines: one path per series, a segment only between adjacent years
        // that both have a value, so that a missing year leaves a gap.
        let slots: Vec<Vec<Option<(f64, f64)>>> = self
            .series
            .iter()
            .map(|s| {
                self.slots(s)
                    .into_iter()
                    .enumerate()
                    .map(|(i, p)| p.map(|p| (x_at(i), y_of(p.value))))
                    .collect()
            })
            .collect();
        let mut lines = String::new();
        for (index, at) in slots.iter().enumerate() {
            let mut d = String::new();
            for (i, pair) in at.windows(2).enumerate() {
                let (Some(a), Some(b)) = (pair[0], pair[1]) else {
                    continue;
                };
                // A run goes on from the last segment or starts afresh.
                if i == 0 || at[i - 1].is_none() {
                    let _ = write!(d, "M{} {}", n(a.0), n(a.1));
                }
                let _ = write!(d, "L{} {}", n(b.0), n(b.1));
            }
            if !d.is_empty() {
                let Style { colour, dash, .. } = style(index);
                let _ = write!(
                    lines,
                    "<path stroke=\"{colour}\"{} d=\"{d}\"/>",
                    dasharray(dash)
                );
            }
        }
        if !lines.is_empty() {
            let _ = write!(out, "<g stroke-width=\"2.5\">{lines}</g>");
        }
        out.push_str("</g>");

        // Markers: one path per series and kind, over every line.
        let mut markers = String::new();
        for (index, (s, at)) in self.series.iter().zip(&slots).enumerate() {
            let Style { colour, marker, .. } = style(index);
            let values = self.slots(s);
            let path = |noted: bool| -> String {
                values
                    .iter()
                    .zip(at)
                    .filter_map(|(p, xy)| Some((p.as_ref()?, xy.as_ref()?)))
                    .filter(|(p, _)| p.note.is_some() == noted)
                    .map(|(_, &(x, y))| marker.shape.path(x, y, 1.0))
                    .collect()
            };
            for noted in [false, true] {
                let d = path(noted);
                if d.is_empty() {
                    continue;
                }
                let (fill, outline) = marker.paint(colour, noted);
                let _ = write!(
                    markers,
                    "<path fill=\"{fill}\" stroke=\"{colour}\"{} d=\"{d}\"/>",
                    dasharray(outline)
                );
            }
        }
        if !markers.is_empty() {
            let _ = write!(
                out,
                "<g stroke-width=\"2\" stroke-linejoin=\"round\">{markers}</g>"
            );
        }

        frame.close(&mut out, self.unit.as_deref(), &self.years);
        out
    }
}

/// The legend's key for series `index`: a short stretch of its line with
/// its marker, as a small inline SVG hidden from assistive technology (the
/// city's name beside it says which series it is). Sized like the KPI
/// chart's legend keys (36 × 12).
pub fn marker_svg(index: usize) -> String {
    key(index, false)
}

/// The key of a value with a note in series `index`: its marker hollow, or,
/// when the series' markers are hollow already, with a broken outline.
pub fn noted_marker_svg(index: usize) -> String {
    key(index, true)
}

fn key(index: usize, noted: bool) -> String {
    let Style {
        colour,
        dash,
        marker,
    } = style(index);
    let (fill, outline) = marker.paint(colour, noted);
    let line = if noted {
        String::new()
    } else {
        format!(
            "<path d=\"M2 6h32\" stroke=\"{colour}\" stroke-width=\"2.5\"{}/>",
            dasharray(dash)
        )
    };
    format!(
        "<svg viewBox=\"0 0 36 12\" aria-hidden=\"true\" focusable=\"false\">{line}<path d=\"{}\" fill=\"{fill}\" stroke=\"{colour}\" stroke-width=\"2\" stroke-linejoin=\"round\"{}/></svg>",
        marker.shape.path(18.0, 6.0, 0.9),
        dasharray(outline)
    )
}

fn dasharray(dash: &str) -> String {
    if dash.is_empty() {
        String::new()
    } else {
        format!(" stroke-dasharray=\"{dash}\"")
    }
}

#[cfg(test)]
#[path = "compare_tests.rs"]
mod tests;
