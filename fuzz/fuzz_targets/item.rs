//! One item file through the whole build: load, validate, assess, render
//! every page with the built-in theme (as `build` does) and write
//! the plan's data files, all in memory. The site around the item is the
//! valid fixture `tests/fixtures/valid/basic` (its site.toml, home, city and
//! plan files); the fuzzed bytes are the plan's only item, `01.md`.
//!
//! Nothing panics; a file that is not read is reported as an error; a site
//! that loads without error renders without error, into UTF-8 pages and a
//! data.json that parses.
#![no_main]

use std::path::Path;
use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use plansite::config::Config;
use plansite::content::{parse_source, FileKind, Parsed};
use plansite::diagnostics::{Diagnostics, SourceFile};
use plansite::model::{City, Plan, Site};
use plansite::render::Templates;

const FIXTURE_SITE_TOML: &str = include_str!("../../tests/fixtures/valid/basic/site.toml");
const FIXTURE_HOME: &str = include_str!("../../tests/fixtures/valid/basic/content/_index.md");
const FIXTURE_CITY: &str =
    include_str!("../../tests/fixtures/valid/basic/content/testcity/_index.md");
const FIXTURE_PLAN: &str =
    include_str!("../../tests/fixtures/valid/basic/content/testcity/reform/_index.md");

/// The fixed part of the site, read once: parsing it and compiling the
/// theme's templates on every input would be most of each run.
struct Fixture {
    config: Config,
    home: String,
    city: City,
    plan: Plan,
    templates: Templates,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let mut diags = Diagnostics::default();
        let config = plansite::config::parse(
            SourceFile::new("site.toml".into(), FIXTURE_SITE_TOML.into()),
            &mut diags,
        );
        let mut read = |path: &str, text: &str, kind, slug| {
            parse_source(
                SourceFile::new(path.into(), text.into()),
                kind,
                slug,
                &mut diags,
            )
        };
        let Some(Parsed::Home(home, _)) = read("content/_index.md", FIXTURE_HOME, FileKind::Home, "")
        else {
            panic!("the fixture's home page does not load")
        };
        let Some(Parsed::City(city)) = read(
            "content/testcity/_index.md",
            FIXTURE_CITY,
            FileKind::City,
            "testcity",
        ) else {
            panic!("the fixture's city does not load")
        };
        let Some(Parsed::Plan(plan)) = read(
            "content/testcity/reform/_index.md",
            FIXTURE_PLAN,
            FileKind::Plan,
            "reform",
        ) else {
            panic!("the fixture's plan does not load")
        };
        // A root without templates/: the built-in theme alone.
        let templates = plansite::render::templates(
            Path::new("/nonexistent/plansite-fuzz"),
            &config,
            &mut diags,
        )
        .expect("the built-in theme compiles");
        let messages: Vec<String> = diags.sorted().iter().map(|d| d.render(false, plansite::config::Language::En)).collect();
        assert!(
            messages.is_empty(),
            "the fixture has problems: {messages:?}"
        );
        Fixture {
            config,
            home,
            city,
            plan,
            templates,
        }
    })
}

/// The file's text as `content::read_text` hands it on: UTF-8 (here made
/// so, where the loader would report the file), no BOM, LF line ends.
fn text_of(data: &[u8]) -> String {
    let text = String::from_utf8_lossy(data);
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    text.replace("\r\n", "\n")
}

fuzz_target!(|data: &[u8]| {
    let fixture = fixture();
    let mut diags = Diagnostics::default();
    let file: Arc<SourceFile> =
        SourceFile::new("content/testcity/reform/01.md".into(), text_of(data));
    let parsed = parse_source(file, FileKind::Item, "01", &mut diags);
    assert!(
        parsed.is_some() || diags.has_errors(),
        "the item was dropped without an error"
    );
    let item = match parsed {
        Some(Parsed::Item(item)) => Some(item),
        Some(_) => panic!("an item file read as another kind of file"),
        None => None,
    };
    // As `plansite::load`: a file that fails to load is left out and the
    // rest of the site is still validated and assessed, by the same code.
    let mut plan = fixture.plan.clone();
    plan.items.extend(item);
    let mut city = fixture.city.clone();
    city.plans.push(plan);
    let site = Site {
        body: fixture.home.clone(),
        file: None,
        cities: vec![city],
    };
    let loaded = plansite::validate_and_assess(site, Some(fixture.config.clone()), diags);
    // Every message is printed by the command line: quoting the source
    // under a caret must hold for any text.
    for d in loaded.diagnostics.sorted() {
        let _ = d.render(false, plansite::config::Language::En);
    }
    if loaded.diagnostics.has_errors() {
        return; // `build` stops here
    }
    let (pages, render_diags) = plansite::render::render_all(
        &loaded,
        &fixture.templates,
        &indicatif::ProgressBar::hidden(),
        |_, _| Ok(false),
        |path, bytes: Vec<u8>, _| {
            assert!(std::str::from_utf8(&bytes).is_ok(), "{path} is not UTF-8");
            Ok(())
        },
    );
    let messages: Vec<String> = render_diags
        .sorted()
        .iter()
        .map(|d| d.render(false, plansite::config::Language::En))
        .collect();
    assert!(
        messages.is_empty(),
        "a site that loads without error fails to render: {messages:?}"
    );
    assert!(pages > 0, "no page rendered");
    let (city, plan) = (&loaded.site.cities[0], &loaded.site.cities[0].plans[0]);
    let (ca, pa) = (&loaded.assessment.cities[0], loaded.assessment.plan(0, 0));
    let json = plansite::export::plan_json(&loaded.config, city, plan, ca, pa);
    if let Err(e) = serde_json::from_str::<serde_json::Value>(&json) {
        panic!("data.json does not parse: {e}\n{json}");
    }
    let _ = plansite::export::plan_csv(city, plan, pa);
});
