//! Sums of the figures a city wrote, exact where floating point would leave
//! a remainder that is not there in the decimals (0.1 + 0.2 − 0.3).

use crate::content::reader::MAX_NUMBER;

/// Σ of `figures`, exact in the decimals they were written in: 0.1 + 0.2 −
/// 0.3 is 0, not the 5.55e-17 of floating point (whose quotient would be a
/// rate of 10^18 %), and a sum that nearly cancels keeps all its digits.
pub fn decimal_sum(figures: impl IntoIterator<Item = f64>) -> f64 {
    let figures: Vec<f64> = figures.into_iter().collect();
    let size: f64 = figures.iter().map(|x| x.abs()).sum();
    // Whole numbers add exactly in floating point while every partial sum
    // stays within 2^53: most KPIs (counts, yen) need no more.
    if size <= MAX_NUMBER && figures.iter().all(|x| x.fract() == 0.0) {
        return figures.iter().sum();
    }
    exact(&figures).unwrap_or_else(|| figures.iter().sum())
}

/// The figures as the decimals they were written as (the shortest text that
/// reads back as the same f64), summed as integers and read back; None when
/// a figure has more decimal places than an i128 can carry.
fn exact(figures: &[f64]) -> Option<f64> {
    // Enough for any figure of up to 2^53 with 20 decimal places.
    const MAX_PLACES: usize = 20;
    let written: Vec<(bool, String, String)> = figures
        .iter()
        .map(|x| {
            let text = format!("{}", x.abs());
            let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
            (x.is_sign_negative(), int.to_string(), frac.to_string())
        })
        .collect();
    let places = written.iter().map(|(_, _, f)| f.len()).max().unwrap_or(0);
    if places > MAX_PLACES {
        return None;
    }
    let mut total: i128 = 0;
    for (negative, int, frac) in &written {
        let digits = format!("{int}{frac:0<places$}");
        let n: i128 = digits.parse().ok()?;
        total = total.checked_add(if *negative { -n } else { n })?;
    }
    let digits = format!("{:0>width$}", total.unsigned_abs(), width = places + 1);
    let (int, frac) = digits.split_at(digits.len() - places);
    let sign = if total < 0 { "-" } else { "" };
    format!("{sign}{int}.{frac}").parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_that_cancel_in_decimals_sum_to_zero() {
        assert_ne!(
            0.1 + 0.2 - 0.3,
            0.0,
            "the floating-point remainder this is about"
        );
        assert_eq!(decimal_sum([0.1, 0.2, -0.3]), 0.0);
        assert_eq!(decimal_sum([-0.3, 0.1, 0.2]), 0.0);
        assert_eq!(decimal_sum([1.1, 2.2, -3.3]), 0.0);
        assert_eq!(
            decimal_sum([12360.0, 115945.0, -30095.0, -30095.0, -30095.0]),
            38020.0
        );
    }

    #[test]
    fn small_real_sums_are_kept() {
        // 1e9 − 999999999.999999 is 0.000001 in the decimals written.
        assert_eq!(decimal_sum([1e9, -999_999_999.999_999]), 0.000_001);
        assert_eq!(decimal_sum([0.1, 0.2, -0.3, 1e-7]), 1e-7);
        assert_eq!(decimal_sum([0.1, 0.2]), 0.3);
        // Too many places for exact decimals: the floating-point sum.
        assert_eq!(decimal_sum([5e-324, 5e-324]), 1e-323);
        assert_eq!(decimal_sum([]), 0.0);
        assert_eq!(decimal_sum([-0.5, 0.25]), -0.25);
    }
}
