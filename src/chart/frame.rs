//! What every chart draws around its figures: the plot area, the SVG's
//! opening with its title and description, the grid and axes (a tick under
//! every year, a break where the axis does not start at zero), and the text
//! (the unit, y labels, x labels thinned so that none touch). A KPI's trend
//! (draw.rs) and an indicator's comparison (compare.rs) share it, so that
//! they read alike.

use std::fmt::Write;

use super::draw::{text_width, xml_escape, FONT, HEIGHT, WIDTH};
use super::Axis;
use crate::model::Year;

pub const PLOT_TOP: f64 = 30.0;
pub const PLOT_BOTTOM: f64 = HEIGHT - 30.0;
pub const PLOT_RIGHT: f64 = WIDTH - 8.0;
pub const AXIS: &str = "#767676";
const GRID: &str = "#d9d9d9";
pub const INK: &str = "#1a1a1a";

/// The plot area of a chart of `years` slots on `axis`.
pub struct Frame<'a> {
    axis: &'a Axis,
    labels: Vec<String>,
    pub plot_left: f64,
    slot: f64,
}

impl<'a> Frame<'a> {
    pub fn new(axis: &'a Axis, years: usize) -> Frame<'a> {
        let labels: Vec<String> = axis
            .ticks
            .values()
            .map(crate::render::format::number)
            .collect();
        let gutter = labels.iter().map(|l| text_width(l)).fold(0.0, f64::max) + 10.0;
        let plot_left = gutter.ceil();
        Frame {
            axis,
            labels,
            plot_left,
            slot: (PLOT_RIGHT - plot_left) / years.max(1) as f64,
        }
    }

    /// The x of the middle of the `i`th year's slot.
    pub fn x_at(&self, i: usize) -> f64 {
        self.plot_left + self.slot * (i as f64 + 0.5)
    }

    pub fn y_of(&self, v: f64) -> f64 {
        let a = self.axis;
        PLOT_BOTTOM - (v - a.lo) / (a.hi - a.lo) * (PLOT_BOTTOM - PLOT_TOP)
    }

    /// The `<svg>` opening with its title and description (`attrs`, if
    /// any, goes on the element), the grid, and the axes with a tick under
    /// each of `years` slots; leaves a `<g fill="none">` open for the lines.
    pub fn open(
        &self,
        out: &mut String,
        id: &str,
        attrs: &str,
        title: &str,
        description: &str,
        years: usize,
    ) {
        let _ = write!(
            out,
            "<svg class=\"chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {} {}\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"{}\"{attrs}><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
            n(WIDTH),
            n(HEIGHT),
            n(FONT),
            xml_escape(title),
            xml_escape(description)
        );
        let mut grid = String::new();
        for v in self.axis.ticks.values().skip(1) {
            let _ = write!(
                grid,
                "M{} {}H{}",
                n(self.plot_left),
                n(self.y_of(v)),
                n(PLOT_RIGHT)
            );
        }
        if !grid.is_empty() {
            let _ = write!(out, "<path stroke=\"{GRID}\" d=\"{grid}\"/>");
        }
        let mut axes = format!(
            "M{l} {t}V{b}H{r}",
            l = n(self.plot_left),
            t = n(PLOT_TOP),
            b = n(PLOT_BOTTOM),
            r = n(PLOT_RIGHT)
        );
        for i in 0..years {
            let _ = write!(axes, "M{} {}v5", n(self.x_at(i)), n(PLOT_BOTTOM));
        }
        let _ = write!(
            out,
            "<g fill=\"none\"><path stroke=\"{AXIS}\" d=\"{axes}\"/>"
        );
        if self.axis.cut {
            // The break: the axis erased for a few units, a zig-zag across it.
            let (x, y) = (n(self.plot_left), PLOT_BOTTOM - 5.0);
            let _ = write!(
                out,
                "<path stroke=\"#fff\" stroke-width=\"4\" d=\"M{x} {}V{}\"/><path stroke=\"{AXIS}\" stroke-width=\"1.5\" d=\"M{x} {}l-5-2 10-4-10-4 10-4-5-2\"/>",
                n(y + 1.0),
                n(y - 17.0),
                n(y)
            );
        }
    }

    /// The unit above the axis (written horizontally), the y labels and the
    /// years' labels, and the end of the SVG.
    pub fn close(&self, out: &mut String, unit: Option<&str>, years: &[(Year, String)]) {
        let _ = write!(out, "<g fill=\"{INK}\">");
        if let Some(unit) = unit.filter(|u| !u.is_empty()) {
            let _ = write!(out, "<text x=\"2\" y=\"15\">{}</text>", xml_escape(unit));
        }
        let _ = write!(out, "<g text-anchor=\"end\">");
        for (v, label) in self.axis.ticks.values().zip(&self.labels) {
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\">{label}</text>",
                n(self.plot_left - 6.0),
                n(self.y_of(v) + 5.0)
            );
        }
        let _ = write!(out, "</g><g text-anchor=\"middle\">");
        // Labels that would touch are thinned, counting back from the last
        // year (the latest figures matter most); every year keeps its tick,
        // and the table beside the chart names them all.
        let widest = years.iter().map(|(_, l)| text_width(l)).fold(0.0, f64::max);
        let every = ((widest + 8.0) / self.slot).ceil().max(1.0) as usize;
        let last = years.len().saturating_sub(1);
        for (i, (_, label)) in years.iter().enumerate() {
            if !(last - i).is_multiple_of(every) {
                continue;
            }
            let half = text_width(label) / 2.0;
            let x = self.x_at(i).clamp(half + 1.0, WIDTH - half - 1.0);
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\">{}</text>",
                n(x),
                n(HEIGHT - 8.0),
                xml_escape(label)
            );
        }
        out.push_str("</g></g></svg>");
    }
}

/// A coordinate with at most one decimal.
pub fn n(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}
