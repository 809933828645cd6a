//! The y axis: where it starts, where it ends, and its ticks.
//!
//! It starts at zero. It may be cut (start above zero, with a zig-zag on
//! the axis and words in the text alternative) only when every value is
//! positive and all of them lie in the top fifth of the way from zero to
//! the largest (min > 0.8 × max): there a zero-based axis would flatten
//! every change. Even then the axis spans at least a tenth of the largest
//! value, so that a dip of 0.2 points on 98 % stays a small dip.
//! Ticks fall on 1, 2, 2.5 or 5 × a power of ten, and on whole numbers when
//! every value is whole (a count of 件 never gets a tick at 64.2).

/// The drawn range of the y axis and its ticks.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    pub lo: f64,
    pub hi: f64,
    pub ticks: Ticks,
    /// True when the axis does not start at zero (it is drawn with a break).
    pub cut: bool,
}

/// Evenly spaced tick values from `first`, `count` of them.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticks {
    pub first: f64,
    pub step: f64,
    pub count: usize,
    /// Decimals the labels need: those of the step.
    pub decimals: i32,
}

impl Ticks {
    pub fn values(&self) -> impl Iterator<Item = f64> + '_ {
        (0..self.count)
            .map(move |i| crate::assess::round_to(self.first + self.step * i as f64, self.decimals))
    }
}

/// About this many intervals between ticks.
const INTERVALS: f64 = 4.0;

impl Axis {
    pub fn of(values: impl Iterator<Item = f64>) -> Axis {
        let mut whole = true;
        let (mut min, mut max) = (f64::INFINITY, f64::NEG_INFINITY);
        for v in values.filter(|v| v.is_finite()) {
            whole &= v.fract() == 0.0;
            min = min.min(v);
            max = max.max(v);
        }
        if min > max {
            (min, max) = (0.0, 0.0);
        }
        let cut = min > 0.0 && min > 0.8 * max;
        let (lo, hi) = if cut {
            // Centre the values in a span of at least a tenth of the largest.
            let span = (max - min).max(max * 0.1);
            let mid = (min + max) / 2.0;
            ((mid - span * 0.6).max(0.0), mid + span * 0.6)
        } else {
            (min.min(0.0), max.max(0.0))
        };
        let hi = if hi > lo { hi } else { lo + 1.0 };
        let step = nice_step((hi - lo) / INTERVALS, whole);
        let first = (lo / step).floor() * step;
        let last = (hi / step).ceil() * step;
        let count = ((last - first) / step).round() as usize + 1;
        let decimals = decimals(step);
        let first = crate::assess::round_to(first, decimals);
        let cut = first > 0.0;
        Axis {
            lo: first,
            hi: crate::assess::round_to(first + step * (count - 1) as f64, decimals),
            ticks: Ticks {
                first,
                step,
                count,
                decimals,
            },
            cut,
        }
    }
}

/// The smallest of 1, 2, 2.5, 5 × 10^k at least `raw`; whole when `whole`.
fn nice_step(raw: f64, whole: bool) -> f64 {
    let raw = if raw > 0.0 && raw.is_finite() {
        raw
    } else {
        1.0
    };
    let mag = 10f64.powf(raw.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        let step = m * mag;
        if step >= raw * (1.0 - 1e-9) && (!whole || step.fract() == 0.0) {
            return step;
        }
    }
    // Only whole steps were wanted and none below 10 × mag was whole: 1.
    if whole {
        1f64.max(10.0 * mag)
    } else {
        10.0 * mag
    }
}

/// Decimals a tick step needs (0.25 → 2, 2.5 → 1, 20 → 0).
fn decimals(step: f64) -> i32 {
    (0..=6)
        .find(|&d| {
            let scaled = step * 10f64.powi(d);
            (scaled - scaled.round()).abs() < 1e-6 * scaled.max(1.0)
        })
        .unwrap_or(6)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticks(values: &[f64]) -> (Vec<f64>, bool) {
        let a = Axis::of(values.iter().copied());
        (a.ticks.values().collect(), a.cut)
    }

    #[test]
    fn counts_get_whole_ticks() {
        // The 件 count: 64 and 65 must not give 64.2, 64.4.
        let (t, _) = ticks(&[64.0, 65.0, 64.0]);
        assert!(t.iter().all(|v| v.fract() == 0.0), "{t:?}");
        let (t, cut) = ticks(&[1.0, 3.0, 2.0]);
        assert_eq!((t, cut), (vec![0.0, 1.0, 2.0, 3.0], false));
        let (t, _) = ticks(&[0.0, 0.0]);
        assert_eq!(t, vec![0.0, 1.0]);
    }

    #[test]
    fn fractions_get_fraction_ticks() {
        let (t, cut) = ticks(&[0.2, 0.9]);
        assert_eq!((t, cut), (vec![0.0, 0.25, 0.5, 0.75, 1.0], false));
    }

    #[test]
    fn the_axis_starts_at_zero_unless_values_sit_high() {
        let a = Axis::of([3293.0, 20000.0, 2637.0].into_iter());
        assert_eq!((a.lo, a.cut), (0.0, false));
        assert!(a.hi >= 20000.0);
        // Within the top fifth: cut, with a break, and a span of at least a
        // tenth of the largest value, so the 0.2-point dip stays small.
        let a = Axis::of([98.2, 98.0, 98.1].into_iter());
        assert!(a.cut && a.lo > 0.0 && a.lo <= 98.0 && a.hi >= 98.2, "{a:?}");
        assert!(a.hi - a.lo >= 9.8, "{a:?}");
        // 119.4 to 140.7: 119.4 > 0.8 × 140.7, so cut.
        assert!(Axis::of([119.4, 130.1, 140.7, 131.8].into_iter()).cut);
        // 50 to 100 would be cut by a lazy axis; here it starts at zero.
        assert!(!Axis::of([50.0, 100.0].into_iter()).cut);
    }

    #[test]
    fn negative_values_keep_zero_in_range() {
        let a = Axis::of([-5.0, 3.0].into_iter());
        assert!(a.lo <= -5.0 && a.hi >= 3.0 && !a.cut);
        assert!(a.ticks.values().any(|v| v == 0.0));
        let a = Axis::of([-5.0, -4.5].into_iter());
        assert_eq!((a.hi, a.cut), (0.0, false));
    }

    #[test]
    fn the_ticks_cover_the_values_and_stay_few() {
        for values in [
            vec![1.0, 10_000_000_000.0],
            vec![0.001, 0.004],
            vec![17.0, 23.0, 19.0],
            vec![64.0, 64.5],
        ] {
            let a = Axis::of(values.iter().copied());
            let t: Vec<f64> = a.ticks.values().collect();
            assert!(t.len() >= 2 && t.len() <= 7, "{values:?}: {t:?}");
            let (min, max) = values
                .iter()
                .fold((f64::MAX, f64::MIN), |(l, h), v| (l.min(*v), h.max(*v)));
            assert!(a.lo <= min && a.hi >= max, "{values:?}: {a:?}");
        }
    }
}
