//! The checks and the assessment of each city, kept between rebuilds: each
//! is a function of the city's files and site.toml alone, so a city no
//! change touched is not checked or assessed again. Put together they are
//! what [`crate::validate_and_assess`] gives, messages in the same order.

use std::collections::HashMap;
use std::time::Instant;

use rayon::prelude::*;

use super::store::Touched;
use crate::assess::{Assessment, CityAssessment};
use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::model::Site;
use crate::{assess, lap, markdown, validate, Loaded};

/// What checking and assessing one city found.
struct Checked {
    /// The checks across each plan's files (`validate`).
    plans: Diagnostics,
    /// The checks of its Markdown.
    markdown: Diagnostics,
    /// Lent into the `Loaded` a rebuild uses, then given back.
    assessment: Option<CityAssessment>,
    /// What assessing it found.
    findings: Diagnostics,
}

/// Each city's checks and assessment, by slug.
#[derive(Default)]
pub struct Checks {
    cities: HashMap<String, Checked>,
}

impl Checks {
    /// Forgets the cities `touched` changed.
    pub fn forget(&mut self, touched: &Touched) {
        if touched.all {
            self.cities.clear();
            return;
        }
        for city in touched
            .cities
            .iter()
            .chain(touched.plans.iter().map(|(c, _)| c))
        {
            self.cities.remove(city);
        }
    }

    /// As [`crate::validate_and_assess`], checking and assessing only the
    /// cities not known already.
    pub fn validate_and_assess(
        &mut self,
        site: Site,
        config: Option<Config>,
        mut diags: Diagnostics,
    ) -> Loaded {
        // Without site.toml the build fails anyway; nothing is worth keeping.
        let Some(config) = config else {
            self.cities.clear();
            return crate::validate_and_assess(site, None, diags);
        };
        let mut stages = Vec::new();
        let mut since = Instant::now();
        self.cities
            .retain(|slug, _| site.cities.iter().any(|c| c.slug == *slug));
        let policy = markdown::Policy::of(&config);
        let new: Vec<(String, Checked)> = site
            .cities
            .par_iter()
            .filter(|c| !self.cities.contains_key(&c.slug))
            .map(|city| {
                let mut plans = Diagnostics::default();
                validate::city(city, &config, &mut plans);
                let mut md = Diagnostics::default();
                markdown::check::city(city, policy, &mut md);
                let (assessment, findings) = assess::city(city, &config);
                let checked = Checked {
                    plans,
                    markdown: md,
                    assessment: Some(assessment),
                    findings,
                };
                (city.slug.clone(), checked)
            })
            .collect();
        self.cities.extend(new);
        let known = |slug: &str| &self.cities[slug];
        for city in &site.cities {
            diags.extend(known(&city.slug).plans.clone());
        }
        markdown::check::home(&site, policy, &mut diags);
        for city in &site.cities {
            diags.extend(known(&city.slug).markdown.clone());
        }
        // As validate_and_assess: figures are questioned only once the
        // content and the scales hold together.
        let question = !diags.has_errors();
        let mut cities = Vec::with_capacity(site.cities.len());
        for city in &site.cities {
            let checked = self.cities.get_mut(&city.slug).expect("checked above");
            if question {
                diags.extend(checked.findings.clone());
            }
            cities.push(
                checked
                    .assessment
                    .take()
                    .expect("given back after each use"),
            );
        }
        lap(&mut stages, "validate and assess", &mut since);
        Loaded {
            language: Some(config.language),
            remembered: None,
            config,
            site,
            assessment: Assessment { cities },
            diagnostics: diags,
            stages,
        }
    }

    /// Takes back the assessments of `site`'s cities, lent by
    /// [`Checks::validate_and_assess`].
    pub fn give_back(&mut self, site: &Site, assessment: Assessment) {
        for (city, a) in site.cities.iter().zip(assessment.cities) {
            if let Some(checked) = self.cities.get_mut(&city.slug) {
                checked.assessment = Some(a);
            }
        }
    }
}
