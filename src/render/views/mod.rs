//! What templates see: the model arranged per page, with display text
//! (years as the city writes them, numbers with separators) already made.
//! Templates stay simple and do not need to know the rules for either.
//!
//! Views are structs that borrow from the model and are serialised straight
//! into Tera values: no intermediate JSON tree, and field names are static.
//!
//! This module holds what every view shares (years, statuses, cells); the
//! views themselves are in `site` (home, city and plan pages), `item` (an
//! item's row and full view, its schedule), `kpi` (a KPI in full), `print`
//! (the review appendix and overview table), `text` (figures put into
//! words), `theme` (theme pages and links to them), `words` (a plan's grades in sentences) and `year_on_year` (this
//! year's grades against last year's).

mod item;
mod kpi;
mod overview;
mod print;
mod site;
mod text;
mod theme;
mod words;
mod year_on_year;

use std::collections::BTreeSet;

use serde::Serialize;

use super::format::{fiscal_year, value};
use crate::config::{Config, Level};
use crate::markdown;
use crate::model::{Datum, Plan, Year, YearFormat};

pub use item::{ItemParts, ItemView, Schedule};
pub use kpi::KpiView;
pub use print::AppendixRow;
pub use site::{CityView, PlanView, SummaryView};
pub use theme::THEMES_DIR;

/// Everything a page needs to format years and resolve statuses.
pub struct Ctx<'a> {
    pub config: &'a Config,
}

#[derive(Serialize)]
pub struct Status<'a> {
    year: Year,
    year_text: String,
    key: &'a str,
    label: &'a str,
    description: &'a str,
    color: &'a str,
}

#[derive(Serialize)]
pub(super) struct Cell<'a> {
    text: String,
    note: Option<&'a String>,
}

#[derive(Serialize)]
pub(super) struct YearText {
    year: Year,
    text: String,
}

/// What a link to a page ends in after its folder: nothing with
/// `pretty_urls`, else `index.html`, which a browser opens from disk (a
/// folder link there shows a file listing) and any server serves as it is.
pub fn index_page(config: &Config) -> &'static str {
    if config.pretty_urls {
        ""
    } else {
        "index.html"
    }
}

impl<'a> Ctx<'a> {
    /// The link to the page of the folder `dir` (which ends in `/`).
    pub(super) fn page_link(&self, dir: String) -> String {
        dir + index_page(self.config)
    }

    fn year_style(&self, plan: Option<&Plan>) -> YearFormat {
        plan.and_then(|p| p.year_format)
            .unwrap_or(self.config.year_format)
    }

    pub fn year(&self, plan: Option<&Plan>, y: Year) -> String {
        fiscal_year(y, self.year_style(plan), self.config.language)
    }

    /// Between the two ends of a range of years.
    pub(super) fn range_sep(&self) -> &'static str {
        if self.config.language == crate::config::Language::Ja {
            "〜"
        } else {
            " – "
        }
    }

    /// Between the entries of a list run into a sentence.
    pub(super) fn list_sep(&self) -> &'static str {
        if self.config.language == crate::config::Language::Ja {
            "、"
        } else {
            ", "
        }
    }

    pub(super) fn md(&self, text: &str) -> String {
        markdown::to_html(text, markdown::Policy::of(self.config))
    }

    pub(super) fn md_shifted(&self, text: &str, shift: usize) -> String {
        markdown::to_html_shifted(text, markdown::Policy::of(self.config), shift)
    }

    pub(super) fn level(&self, plan: &Plan, key: &str) -> Option<&'a Level> {
        self.config
            .scales
            .get(&plan.scale)
            .and_then(|s| s.level(key))
    }

    pub(super) fn status(&self, plan: &Plan, year: Year, key: &'a str) -> Status<'a> {
        let level = self.level(plan, key);
        Status {
            year,
            year_text: self.year(Some(plan), year),
            key,
            label: level.map_or(key, |l| l.label.as_str()),
            description: level.map_or("", |l| l.description.as_str()),
            color: level.map_or("#595959", |l| l.color.as_str()),
        }
    }

    /// A figure in running text with its note after it, as the tables show
    /// it: an estimate (見込) or a bound (以下) read without its note is taken
    /// for a result.
    pub(super) fn with_note(&self, text: String, note: Option<&String>) -> String {
        match note {
            None => text,
            Some(n) if self.config.language == crate::config::Language::Ja => {
                format!("{text}({n})")
            }
            Some(n) => format!("{text} ({n})"),
        }
    }

    pub(super) fn cell(d: Option<&'a Datum>) -> Cell<'a> {
        match d {
            Some(d) => Cell {
                text: value(&d.value),
                note: d.note.as_ref(),
            },
            None => Cell {
                text: String::new(),
                note: None,
            },
        }
    }

    pub(super) fn year_texts(&self, plan: &Plan, years: &BTreeSet<Year>) -> Vec<YearText> {
        years
            .iter()
            .map(|y| YearText {
                year: *y,
                text: self.year(Some(plan), *y),
            })
            .collect()
    }
}
