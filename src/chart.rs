//! KPI trend charts as SVG, drawn with plotters.
//!
//! Targets are a dashed line with hollow markers, actuals a solid line with
//! filled markers, the baseline a dotted rule: line style and marker shape
//! tell them apart without colour. The legend lives in the page's HTML,
//! because plotters (without a font backend) guesses text widths from UTF-8
//! bytes and would size a Japanese legend box about twice too wide.

use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;

use crate::model::{Datum, Direction, Kpi, Year};

/// Okabe–Ito colours, distinguishable with the common colour-vision deficiencies.
const TARGET: RGBColor = RGBColor(0x00, 0x5a, 0x9c);
const ACTUAL: RGBColor = RGBColor(0xb3, 0x44, 0x00);
const BASELINE: RGBColor = RGBColor(0x4d, 0x4d, 0x4d);
const GRID: RGBColor = RGBColor(0xd9, 0xd9, 0xd9);
/// 4.5:1 on white, as non-text contrast needs at least 3:1.
const AXIS: RGBColor = RGBColor(0x76, 0x76, 0x76);
const INK: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);

const WIDTH: u32 = 640;
const HEIGHT: u32 = 300;

/// The font list is written into each `<text>`; Japanese fallbacks first so
/// that any browser finds a face with the glyphs.
const FONTS: &str =
    "Noto Sans JP, Hiragino Sans, Hiragino Kaku Gothic ProN, Meiryo, Yu Gothic, sans-serif";

/// What a chart shows, already in the page's words.
pub struct ChartSpec<'a> {
    /// Unique within the page, for the title and description ids.
    pub id: &'a str,
    pub title: &'a str,
    /// The description of the trend in words (the text alternative).
    pub description: &'a str,
    pub unit: Option<&'a str>,
    /// Year labels as the page prints them, in order.
    pub years: &'a [(Year, String)],
}

/// Everything one chart is drawn from, owned, so that drawing can wait until
/// a page needs it (a rebuild that reuses a page never draws its charts).
pub struct Drawing {
    pub id: String,
    pub title: String,
    pub description: String,
    pub unit: Option<String>,
    pub years: Vec<(Year, String)>,
    pub series: Series,
    pub direction: Direction,
}

impl Drawing {
    /// The chart as SVG; empty should plotters ever fail on a String (the
    /// KPI table beside the chart carries the same numbers).
    pub fn svg(&self) -> String {
        let spec = ChartSpec {
            id: &self.id,
            title: &self.title,
            description: &self.description,
            unit: self.unit.as_deref(),
            years: &self.years,
        };
        svg(&spec, &self.series, self.direction).unwrap_or_default()
    }

    /// Feeds everything the SVG depends on to `h`: equal inputs, equal charts.
    pub fn fingerprint(&self, h: &mut xxhash_rust::xxh3::Xxh3) {
        for text in [&self.id, &self.title, &self.description] {
            h.update(text.as_bytes());
            h.update(&[0]);
        }
        h.update(self.unit.as_deref().unwrap_or("\u{0}none").as_bytes());
        h.update(&[0, self.direction as u8]);
        for (y, label) in &self.years {
            h.update(&y.to_le_bytes());
            h.update(label.as_bytes());
            h.update(&[0]);
        }
        let s = &self.series;
        for points in [&s.targets, &s.actuals] {
            h.update(&(points.len() as u64).to_le_bytes());
            for (y, v) in points {
                h.update(&y.to_le_bytes());
                h.update(&v.to_bits().to_le_bytes());
            }
        }
        h.update(&s.baseline.map_or(u64::MAX, f64::to_bits).to_le_bytes());
    }
}

/// The numeric series of a KPI; None when it has fewer than two numbers to draw.
pub struct Series {
    pub targets: Vec<(Year, f64)>,
    pub actuals: Vec<(Year, f64)>,
    pub baseline: Option<f64>,
}

impl Series {
    pub fn of(kpi: &Kpi) -> Option<Series> {
        let numbers = |m: &std::collections::BTreeMap<Year, Datum>| -> Vec<(Year, f64)> {
            m.iter()
                .filter_map(|(y, d)| d.value.as_number().map(|n| (*y, n)))
                .collect()
        };
        let s = Series {
            targets: numbers(&kpi.targets),
            actuals: numbers(&kpi.actuals),
            baseline: kpi.baseline.as_ref().and_then(|b| b.value.as_number()),
        };
        (s.targets.len() + s.actuals.len() >= 2 || (!s.actuals.is_empty() && s.baseline.is_some()))
            .then_some(s)
    }
}

/// The chart as an SVG string for inline use, with role, title and description.
pub fn svg(spec: &ChartSpec, series: &Series, direction: Direction) -> Result<String, String> {
    let mut out = String::new();
    draw(&mut out, spec, series).map_err(|e| format!("chart {}: {e}", spec.id))?;
    Ok(finish(out, spec, direction))
}

fn draw(out: &mut String, spec: &ChartSpec, s: &Series) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(out, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let n = spec.years.len().max(1) as i32;
    let index = |year: Year| {
        spec.years
            .iter()
            .position(|(y, _)| *y == year)
            .map(|i| i as i32)
    };
    let values = s
        .targets
        .iter()
        .chain(&s.actuals)
        .map(|(_, v)| *v)
        .chain(s.baseline);
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let (lo, hi) = y_range(lo, hi);
    let mut chart = ChartBuilder::on(&root)
        .margin_top(16)
        .margin_right(24)
        .x_label_area_size(36)
        .y_label_area_size(84)
        .build_cartesian_2d((0..n).into_segmented(), lo..hi)?;
    let label_style = TextStyle::from((FONTS, 16).into_font()).color(&INK);
    // Long year labels (平成29年度) on many years would touch: shrink the x
    // labels to the room each year has, never below a legible size.
    let longest = spec
        .years
        .iter()
        .map(|(_, l)| l.chars().count())
        .max()
        .unwrap_or(1) as f64;
    let room = f64::from(WIDTH - 84 - 24) / f64::from(n.max(1));
    let x_size = (room / (longest * 1.05) * 1.24).clamp(11.0, 16.0);
    let x_style = TextStyle::from((FONTS, x_size).into_font()).color(&INK);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID.stroke_width(1))
        .axis_style(AXIS.stroke_width(1))
        .x_labels(spec.years.len())
        .y_labels(6)
        .label_style(label_style.clone())
        .x_label_style(x_style)
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => spec
                .years
                .get(*i as usize)
                .map(|(_, l)| l.clone())
                .unwrap_or_default(),
            _ => String::new(),
        })
        .y_label_formatter(&|v| crate::render::format::number(round_label(*v, hi - lo)))
        .y_desc(spec.unit.unwrap_or(""))
        .axis_desc_style(label_style)
        .draw()?;
    let point = |(y, v): &(Year, f64)| index(*y).map(|i| (SegmentValue::CenterOf(i), *v));
    if let Some(b) = s.baseline {
        chart.draw_series(LineSeries::new(
            [
                (SegmentValue::Exact(0), b),
                (SegmentValue::CenterOf(n - 1), b),
            ],
            BASELINE.stroke_width(2),
        ))?;
    }
    let targets: Vec<_> = s.targets.iter().filter_map(point).collect();
    chart.draw_series(LineSeries::new(targets.clone(), TARGET.stroke_width(3)))?;
    chart.draw_series(
        targets
            .iter()
            .map(|p| Circle::new(p.clone(), 5, WHITE.filled())),
    )?;
    chart.draw_series(
        targets
            .iter()
            .map(|p| Circle::new(p.clone(), 5, TARGET.stroke_width(2))),
    )?;
    let actuals: Vec<_> = s.actuals.iter().filter_map(point).collect();
    chart.draw_series(LineSeries::new(actuals.clone(), ACTUAL.stroke_width(3)))?;
    chart.draw_series(
        actuals
            .iter()
            .map(|p| Circle::new(p.clone(), 5, ACTUAL.filled())),
    )?;
    root.present()?;
    Ok(())
}

/// A y range with some air, and 0 in it when the data sit near it.
fn y_range(lo: f64, hi: f64) -> (f64, f64) {
    let (lo, hi) = if lo.is_finite() { (lo, hi) } else { (0.0, 1.0) };
    let span = if hi > lo { hi - lo } else { hi.abs().max(1.0) };
    let mut lo = lo - span * 0.15;
    let hi = hi + span * 0.15;
    if lo > 0.0 && lo < span {
        lo = 0.0;
    }
    (lo, hi)
}

/// Axis labels rounded to a precision that suits the range, so no 12.000000001.
fn round_label(v: f64, span: f64) -> f64 {
    let decimals = if span >= 10.0 {
        0
    } else if span >= 1.0 {
        1
    } else {
        2
    };
    crate::assess::round_to(v, decimals)
}

/// Adds role, title and description, makes the chart scale with its box,
/// joins plotters' lines (the chart goes into the page unminified), and
/// dashes the target line (a solid series plus `stroke-dasharray` is far
/// smaller than plotters' dashed series, which writes one polyline per dash).
fn finish(svg: String, spec: &ChartSpec, direction: Direction) -> String {
    let target = format!(
        "stroke=\"#{:02X}{:02X}{:02X}\"",
        TARGET.0, TARGET.1, TARGET.2
    );
    let baseline = format!(
        "stroke=\"#{:02X}{:02X}{:02X}\"",
        BASELINE.0, BASELINE.1, BASELINE.2
    );
    let mut out = String::with_capacity(svg.len() + 512);
    // plotters repeats the font list and a default opacity on every element;
    // one style rule says the same in a fraction of the bytes.
    let font = format!(" font-family=\"{FONTS}\"");
    let svg = svg.replace(&font, "").replace(" opacity=\"1\"", "");
    for line in svg.lines() {
        if line.starts_with("<svg ") {
            let id = spec.id;
            out.push_str(&format!(
                "<svg class=\"chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" xmlns=\"http://www.w3.org/2000/svg\" data-direction=\"{}\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc><style>text{{font-family:{FONTS}}}</style>",
                if direction == Direction::Lower { "lower" } else { "higher" },
                xml_escape(spec.title),
                xml_escape(spec.description)
            ));
            continue;
        }
        if line.starts_with("<polyline") && line.contains(&target) {
            out.push_str(&line.replacen("<polyline", "<polyline stroke-dasharray=\"10 6\"", 1));
        } else if line.starts_with("<polyline") && line.contains(&baseline) {
            out.push_str(&line.replacen("<polyline", "<polyline stroke-dasharray=\"2 4\"", 1));
        } else {
            out.push_str(line);
        }
    }
    out
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec<'a>(years: &'a [(Year, String)]) -> ChartSpec<'a> {
        ChartSpec {
            id: "kpi-1",
            title: "件数 <推移>",
            description: "説明",
            unit: Some("件"),
            years,
        }
    }

    #[test]
    fn draws_an_accessible_scalable_svg_with_dashed_targets() {
        let years: Vec<(Year, String)> = (2019..=2023)
            .map(|y| (y, format!("R{}", y - 2018)))
            .collect();
        let s = Series {
            targets: vec![(2019, 3293.0), (2023, 20000.0)],
            actuals: vec![(2019, 3724.0), (2023, 18248.0)],
            baseline: Some(2637.0),
        };
        let svg = svg(&spec(&years), &s, Direction::Higher).unwrap();
        assert!(svg.starts_with("<svg class=\"chart\" role=\"img\" aria-labelledby=\"kpi-1-title kpi-1-desc\" viewBox=\"0 0 640 300\""));
        assert!(svg.contains("<title id=\"kpi-1-title\">件数 &lt;推移&gt;</title>"));
        assert_eq!(
            svg.matches("stroke-dasharray=\"10 6\"").count(),
            1,
            "one dashed target line"
        );
        assert_eq!(
            svg.matches("stroke-dasharray=\"2 4\"").count(),
            1,
            "one dotted baseline"
        );
        assert!(
            svg.contains(">R5</text>") && svg.contains(">20,000</text>") && !svg.contains('\n'),
            "{svg}"
        );
        assert!(
            !svg[..svg.find('>').unwrap()].contains("width="),
            "the root scales with its box"
        );
        // Same input, same bytes.
        assert_eq!(
            svg,
            super::svg(&spec(&years), &s, Direction::Higher).unwrap()
        );
    }

    #[test]
    fn needs_two_numbers_to_draw_a_trend() {
        assert_eq!(y_range(5.0, 5.0), (0.0, 5.75));
        assert_eq!(y_range(100.0, 110.0).0, 98.5);
    }
}
