//! Figures for the unit tests of the assessment (and a plan for the
//! render views' tests).

use super::{round_to, Missing, Rate};
use crate::diagnostics::SourceFile;
use crate::model::{
    Baseline, Datum, Direction, Kpi, Method, Plan, Pos, Totals, Value, Year, YearMap,
};

pub(super) fn pos() -> Pos {
    Pos {
        file: SourceFile::new("t.md".into(), String::new()),
        range: 0..0,
    }
}

pub(super) fn n(v: f64) -> Datum {
    Datum {
        value: Value::Number(v),
        note: None,
    }
}

pub(super) fn kpi(baseline: Option<f64>, targets: &[(Year, f64)], actuals: &[(Year, f64)]) -> Kpi {
    Kpi {
        name: "k".into(),
        indicator: None,
        unit: None,
        direction: None,
        method: None,
        baseline: baseline.map(|v| Baseline {
            year: Some(2017),
            value: Value::Number(v),
            note: None,
        }),
        targets: targets.iter().map(|(y, v)| (*y, n(*v))).collect(),
        actuals: actuals.iter().map(|(y, v)| (*y, n(*v))).collect(),
        totals: None::<Totals>,
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

pub(crate) fn plan() -> Plan {
    Plan {
        slug: "p".into(),
        title: "p".into(),
        period: [2019, 2023],
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

pub(super) fn pct(r: Result<Rate, Missing>, decimals: i32) -> f64 {
    round_to(r.expect("a rate").percent, decimals)
}
