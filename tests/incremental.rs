//! A preview's rebuilds (`incremental::Session`): after any sequence of
//! edits the preview's folder holds what a fresh build of the same files
//! writes, byte for byte, and a change renders only the pages it affects.

// `&[path.clone()]` reads as the list of changed paths a watcher gives.
#![allow(clippy::cloned_ref_to_slice_refs)]

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::RwLock;

use plansite::incremental::Session;
use plansite::Outcome;

fn messages(outcome: &Outcome) -> Vec<String> {
    outcome.diagnostics.iter().map(|d| d.to_string()).collect()
}

struct Preview {
    root: PathBuf,
    out: PathBuf,
    /// Where each fresh build goes.
    fresh: PathBuf,
    session: Session,
    gate: RwLock<()>,
    /// The steps that were built whole rather than in place.
    whole: Vec<String>,
    _tmp: tempfile::TempDir,
}

impl Preview {
    fn new(root: &Path) -> Preview {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("preview");
        Preview {
            root: root.to_path_buf(),
            session: Session::new(root, &out),
            out,
            fresh: tmp.path().join("fresh"),
            gate: RwLock::new(()),
            whole: Vec::new(),
            _tmp: tmp,
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        path
    }

    fn edit(&self, rel: &str, from: &str, to: &str) -> PathBuf {
        let text = fs::read_to_string(self.path(rel)).unwrap();
        assert!(text.contains(from), "{rel} has no {from:?}");
        self.write(rel, &text.replacen(from, to, 1))
    }

    fn rebuild(&mut self, changed: &[PathBuf]) -> Outcome {
        self.session.rebuild(changed, &self.gate)
    }

    /// Rebuilds after `changed` and checks that the preview is what a fresh
    /// build makes, with the same messages; returns the rebuild's outcome.
    fn step(&mut self, what: &str, changed: &[PathBuf]) -> Outcome {
        let outcome = self.rebuild(changed);
        self.compare(what, outcome)
    }

    /// Checks that the preview, after a rebuild that ended with `outcome`,
    /// is what a fresh build makes, with the same messages.
    fn compare(&mut self, what: &str, outcome: Outcome) -> Outcome {
        if outcome.summary.rendered.is_none() {
            self.whole.push(what.to_string());
        }
        let _ = fs::remove_dir_all(&self.fresh);
        let fresh = plansite::build(&self.root, &self.fresh);
        assert!(
            !fresh.failed(),
            "{what}: the site does not build: {:?}",
            messages(&fresh)
        );
        assert!(!outcome.failed(), "{what}: {:?}", messages(&outcome));
        assert_eq!(messages(&outcome), messages(&fresh), "{what}: messages");
        let (ours, theirs) = (common::tree(&self.out), common::tree(&self.fresh));
        let paths = |t: &BTreeMap<String, Option<Vec<u8>>>| t.keys().cloned().collect::<Vec<_>>();
        assert_eq!(paths(&ours), paths(&theirs), "{what}: files and folders");
        for (path, bytes) in &theirs {
            assert!(ours[path] == *bytes, "{what}: {path} differs");
        }
        outcome
    }
}

#[test]
fn after_any_edit_the_preview_is_a_fresh_build() {
    let site = common::two_cities();
    let mut p = Preview::new(site.path());
    let first = p.step("first build", &[]);
    assert_eq!(first.summary.rendered, None, "the first build is whole");

    let item = p.edit(
        "content/testcity/reform/01.md",
        "通知書の印刷",
        "通知書などの印刷",
    );
    let o = p.step("an item's title", &[item]);
    assert!(o.summary.rendered.is_some(), "an item is rebuilt in place");
    let kpi = p.edit(
        "content/testcity/reform/02.md",
        "actuals = { 2020 = 835 }",
        "actuals = { 2020 = 640 }",
    );
    p.step("a KPI's figure", &[kpi]);

    let two = fs::read_to_string(p.path("content/testcity/reform/02.md")).unwrap();
    let added = p.write(
        "content/testcity/reform/10.md",
        &two.replace("number = \"2\"", "number = \"10\""),
    );
    p.step("an item added", &[added]);
    let gone = p.path("content/testcity/reform/01.md");
    fs::remove_file(&gone).unwrap();
    p.step("an item deleted", &[gone]);

    let plan = p.edit(
        "content/testcity/reform/_index.md",
        "行政改革プラン",
        "行財政改革プラン",
    );
    p.step("a plan's _index.md", &[plan]);
    let city = p.edit("content/othercity/_index.md", "別の市", "隣の市");
    p.step("a city's _index.md", &[city]);
    let home = p.edit("content/_index.md", "テスト用", "試験用");
    p.step("the home page's _index.md", &[home]);

    let (from, to) = (
        p.path("content/othercity/reform"),
        p.path("content/othercity/renamed"),
    );
    fs::rename(&from, &to).unwrap();
    p.step("a plan renamed", &[from, to.clone()]);
    fs::remove_dir_all(&to).unwrap();
    p.step("a plan deleted", &[to]);
    let plan = p.write(
        "content/othercity/again/_index.md",
        &fs::read_to_string(p.path("content/testcity/reform/_index.md")).unwrap(),
    );
    let item = p.write("content/othercity/again/1.md", &two);
    p.step(
        "a plan added",
        &[plan.parent().unwrap().to_path_buf(), item],
    );

    let theme = |name: &str| {
        fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("templates")
                .join(name),
        )
        .unwrap()
    };
    let index = p.write("templates/index.html", &theme("index.html"));
    p.step("the home page's template copied", &[index]);
    let index = p.edit(
        "templates/index.html",
        "{% block main %}",
        "{% block main %}<p>お知らせ</p>",
    );
    let o = p.step("the home page's template edited", &[index]);
    assert!(
        o.summary.rendered.is_some(),
        "the home page is rebuilt in place"
    );
    let city_t = p.write(
        "templates/city.html",
        &theme("city.html").replacen(
            "{% endblock breadcrumbs %}",
            "<p>市</p>{% endblock breadcrumbs %}",
            1,
        ),
    );
    p.step("the city pages' template", &[city_t.clone()]);
    fs::remove_file(&city_t).unwrap();
    p.step("a template removed", &[city_t]);
    let kpi_t = p.write(
        "templates/partials/kpi.html",
        &format!("<p>KPI</p>\n{}", theme("partials/kpi.html")),
    );
    p.step("a template every item uses", &[kpi_t]);

    let css = p.write("static/extra.css", "p { color: red }");
    p.step("a static file added", &[css.clone()]);
    let css = p.write("static/extra.css", "p { color: blue }");
    p.step("a static file edited", &[css.clone()]);
    fs::remove_file(&css).unwrap();
    p.step("a static file removed", &[css]);
    let style = p.write("static/style.css", "body { margin: 0 }");
    p.step("a theme's static file replaced", &[style.clone()]);
    fs::remove_file(&style).unwrap();
    p.step("the theme's static file back", &[style]);

    let toml = p.edit("site.toml", "テスト市の計画", "テスト市の計画集");
    p.step("site.toml", &[toml]);
    // A page put in place since the whole build, then made as it was: the
    // whole build's cache must not take the file for the page it records.
    let item = p.edit(
        "content/testcity/reform/02.md",
        "未収債権の縮減",
        "未収債権の削減",
    );
    p.step("an item edited after a whole build", &[item]);
    let item = p.edit(
        "content/testcity/reform/02.md",
        "未収債権の削減",
        "未収債権の縮減",
    );
    let toml = p.edit("site.toml", "テスト市の計画集", "テスト市の計画");
    p.step("the item and site.toml put back", &[item, toml]);
    let litter = p.write("content/testcity/reform/.02.md.swp", "x");
    p.step("an editor's litter", &[litter]);
    // Everything else was rebuilt in place. The theme's style.css is
    // carried inline by every print view, so replacing it builds whole.
    assert_eq!(
        p.whole,
        [
            "first build",
            "a template every item uses",
            "a theme's static file replaced",
            "the theme's static file back",
            "site.toml",
            "the item and site.toml put back"
        ]
    );
}

#[test]
fn a_broken_file_leaves_the_preview_as_it_was_until_it_is_fixed() {
    let site = common::two_cities();
    let mut p = Preview::new(site.path());
    p.step("first build", &[]);
    let before = common::tree(&p.out);
    let good = fs::read_to_string(p.path("content/testcity/reform/02.md")).unwrap();
    let broken = p.write(
        "content/testcity/reform/02.md",
        &good.replace("unit = \"百万円\"", "unit = \"百万円"),
    );
    let o = p.rebuild(&[broken.clone()]);
    assert!(o.failed(), "a broken file fails the rebuild");
    let at = messages(&o).join("\n");
    assert!(at.contains("content/testcity/reform/02.md:"), "{at}");
    assert!(
        common::tree(&p.out) == before,
        "nothing in the preview changed"
    );
    // Edited while broken: the rebuild that succeeds covers it too.
    let other = p.edit(
        "content/othercity/reform/01.md",
        "通知書の印刷",
        "通知書などの印刷",
    );
    assert!(p.rebuild(&[other.clone()]).failed());
    assert!(common::tree(&p.out) == before);
    let fixed = p.write("content/testcity/reform/02.md", &good);
    p.step("the file fixed", &[fixed]);

    let template = p.write("templates/index.html", "{% if %}");
    assert!(p.rebuild(&[template.clone()]).failed(), "a template error");
    let after_fix = common::tree(&p.out);
    fs::remove_file(&template).unwrap();
    p.step("the template removed", &[template]);
    assert!(common::tree(&p.out) == after_fix);
}

#[test]
fn an_item_edit_renders_only_its_plan_its_city_and_the_home_page() {
    let site = common::two_cities();
    let mut p = Preview::new(site.path());
    p.step("first build", &[]);
    let out = p.out.clone();
    let mtime = |rel: &str| fs::metadata(out.join(rel)).unwrap().modified().unwrap();
    let other = [
        "testcity/second/index.html",
        "testcity/second/01/index.html",
        "othercity/index.html",
        "othercity/reform/index.html",
        "othercity/reform/01/index.html",
        "othercity/reform/data.json",
    ];
    let times: Vec<_> = other.iter().map(|r| mtime(r)).collect();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let item = p.edit(
        "content/testcity/reform/02.md",
        "actuals = { 2020 = 835 }",
        "actuals = { 2020 = 640 }",
    );
    let o = p.step("a KPI's figure", &[item]);
    // Home, the search page (its lists of plans and grades) and the city
    // page, then the plan page, a status page for each of the four levels
    // and one for none, a page for each of the two categories, the print
    // view and two items.
    assert_eq!(o.summary.rendered, Some(3 + 1 + 5 + 2 + 1 + 2));
    let now: Vec<_> = other.iter().map(|r| mtime(r)).collect();
    assert_eq!(times, now, "the other city's files are untouched");
    // What changed is rewritten; pages whose HTML is the same are not.
    // Besides the pages: the plan's items.csv and the site's six data
    // files; not the search index, as no record changed with a figure.
    assert!(o.summary.files >= 4, "{}", o.summary.files);
    assert!(o.summary.files < 3 + 11 + 4 + 1 + 6, "{}", o.summary.files);
}

/// The preview's pages are told to reload once the pages are in place, and
/// the site-wide files (data files, search index) are made after: at
/// national scale they take longer than the pages.
#[test]
fn the_pages_are_ready_before_the_site_wide_files_are_made() {
    let site = common::two_cities();
    let mut p = Preview::new(site.path());
    p.step("first build", &[]);
    let item = p.edit(
        "content/testcity/reform/02.md",
        "actuals = { 2020 = 835 }",
        "actuals = { 2020 = 64019 }",
    );
    let out = p.out.clone();
    let page = || fs::read_to_string(out.join("testcity/reform/02/index.html")).unwrap();
    let site_csv = || fs::read_to_string(out.join("data/kpis.csv")).unwrap();
    assert!(!page().contains("64,019") && !site_csv().contains("64019"));
    let mut seen = None;
    let Preview { session, gate, .. } = &mut p;
    let outcome = session.rebuild_telling(&[item], gate, |early| {
        assert!(!early.failed(), "{:?}", messages(early));
        seen = Some((page().contains("64,019"), site_csv().contains("64019")));
    });
    assert_eq!(
        seen,
        Some((true, false)),
        "told with the page showing the figure, before the site's CSV has it"
    );
    assert!(site_csv().contains("64019"));
    p.compare("a KPI's figure, told early", outcome);
}

/// A rebuild told that the author has saved again leaves the site-wide
/// files (the site's CSV files, the search index) to the next rebuild,
/// which makes them even when its own change is to no plan: the folder
/// then equals a fresh build.
#[test]
fn site_wide_files_left_for_a_newer_save_are_made_by_the_next_rebuild() {
    let site = common::two_cities();
    let mut p = Preview::new(site.path());
    p.step("first build", &[]);
    p.edit(
        "content/testcity/reform/02.md",
        "actuals = { 2020 = 835 }",
        "actuals = { 2020 = 64019 }",
    );
    let item = p.edit(
        "content/testcity/reform/02.md",
        "未収債権の縮減",
        "未収債権の縮減と回収",
    );
    let out = p.out.clone();
    let read = |rel: &str| fs::read_to_string(out.join(rel)).unwrap();
    let search = || {
        let mut all = String::new();
        for e in fs::read_dir(out.join("search/d")).unwrap() {
            all += &fs::read_to_string(e.unwrap().path()).unwrap();
        }
        all
    };
    let Preview { session, gate, .. } = &mut p;
    let outcome = session.rebuild_for_preview(&[item], gate, |_| {}, &|| true);
    assert!(!outcome.failed(), "{:?}", messages(&outcome));
    assert!(read("testcity/reform/02/index.html").contains("64,019"));
    assert!(
        !read("data/kpis.csv").contains("64019"),
        "the site's CSV left"
    );
    assert!(!search().contains("回収"), "the search index left");
    // The next change is to a static file alone: no plan's data.
    let css = p.write("static/extra.css", "p { color: red }");
    let o = p.step("after site-wide files were left", &[css]);
    assert!(o.summary.rendered.is_some(), "rebuilt in place");
    assert!(read("data/kpis.csv").contains("64019"));
    assert!(search().contains("回収"));
}

#[test]
fn a_plan_broken_and_fixed_gets_its_items_back() {
    let site = common::two_cities();
    let mut p = Preview::new(site.path());
    p.step("first build", &[]);
    let plan = "content/testcity/second/_index.md";
    let good = fs::read_to_string(p.path(plan)).unwrap();
    let broken = p.write(plan, &good.replace("scale = \"abcd\"", "scale = abcd"));
    assert!(p.rebuild(&[broken]).failed());
    let fixed = p.write(plan, &good);
    let o = p.step("the plan fixed", &[fixed]);
    assert!(o.summary.rendered.is_some());
}

#[test]
fn readers_holding_the_gate_never_see_a_change_half_made() {
    let site = common::two_cities();
    let mut p = Preview::new(site.path());
    p.step("first build", &[]);
    let page = p.out.join("testcity/reform/01/index.html");
    let before = fs::read(&page).unwrap();
    let item = p.edit(
        "content/testcity/reform/01.md",
        "通知書の印刷",
        "通知書などの印刷",
    );
    let Preview { session, gate, .. } = &mut p;
    std::thread::scope(|s| {
        let reading = gate.read().unwrap();
        let rebuild = s.spawn(|| session.rebuild(&[item], gate));
        // The rebuild renders, then waits for the reader before writing.
        std::thread::sleep(std::time::Duration::from_millis(1500));
        assert!(!rebuild.is_finished(), "the rebuild waits for the reader");
        assert_eq!(
            fs::read(&page).unwrap(),
            before,
            "nothing written meanwhile"
        );
        drop(reading);
        assert!(!rebuild.join().unwrap().failed());
    });
    assert_ne!(fs::read(&page).unwrap(), before);
}

/// Themes (issue 19): an item page lists the other cities on its themes, so
/// when a city joins a theme, pages of plans that did not change must
/// change; a figure of a compared indicator changes the theme page.
#[test]
fn a_city_joining_a_theme_changes_the_other_cities_item_pages_too() {
    let site = common::two_cities();
    common::add_to_site_toml(
        site.path(),
        "\n[[themes]]\nslug = \"revenue\"\nlabel = \"収納対策\"\n\n[indicators.arrears]\nname = \"未収債権額\"\nunit = \"百万円\"\n",
    );
    let mut p = Preview::new(site.path());
    p.step("first build", &[]);
    let ours = p.edit(
        "content/testcity/reform/02.md",
        "status = { 2020 = \"C\" }\n",
        "status = { 2020 = \"C\" }\nthemes = [\"revenue\"]\n",
    );
    p.step("a city's item joins a theme", &[ours]);
    let theirs = p.edit(
        "content/othercity/reform/02.md",
        "status = { 2020 = \"C\" }\n",
        "status = { 2020 = \"C\" }\nthemes = [\"revenue\"]\n",
    );
    p.step("another city joins it", &[theirs]);
    let page = fs::read_to_string(p.out.join("testcity/reform/02/index.html")).unwrap();
    assert!(
        page.contains("themes/revenue/index.html#city-othercity"),
        "{page}"
    );
    // Item pages name the other cities with their counts: a second item of
    // the same city, and the city renamed, change them too.
    let second = p.edit(
        "content/othercity/second/02.md",
        "status = { 2020 = \"C\" }\n",
        "status = { 2020 = \"C\" }\nthemes = [\"revenue\"]\n",
    );
    p.step("the other city's second item joins", &[second]);
    let city = p.edit("content/othercity/_index.md", "別の市", "隣の市");
    p.step("the other city renamed", &[city]);
    let page = fs::read_to_string(p.out.join("testcity/reform/02/index.html")).unwrap();
    assert!(page.contains("隣の市</a> (2)"), "{page}");
    for city in ["testcity", "othercity"] {
        let kpi = p.edit(
            &format!("content/{city}/reform/02.md"),
            "name = \"未収債権額\"\n",
            "name = \"未収債権額\"\nindicator = \"arrears\"\n",
        );
        p.step(&format!("{city}'s KPI reports an indicator"), &[kpi]);
    }
    let kpi = p.edit(
        "content/othercity/reform/02.md",
        "actuals = { 2020 = 835 }",
        "actuals = { 2020 = 640 }",
    );
    let o = p.step("a compared figure", &[kpi]);
    assert!(o.summary.rendered.is_some(), "a figure is rebuilt in place");
    let theme = fs::read_to_string(p.out.join("themes/revenue/index.html")).unwrap();
    assert!(theme.contains("640"), "the comparison shows the new figure");
}
