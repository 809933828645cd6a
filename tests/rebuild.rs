//! `build` into an output it made before: the pages of a city whose files,
//! and the site's settings, templates and static files, did not change are
//! kept without being rendered (`incremental::inputs`), and after any change
//! the output is what a fresh build of the same files writes, byte for byte.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use include_dir::Dir;
use plansite::render::{THEME_STATIC, THEME_TEMPLATES};
use plansite::Outcome;

/// Two cities of two plans each, and a theme.
fn two_cities_and_a_theme() -> tempfile::TempDir {
    let site = common::two_cities();
    common::add_to_site_toml(
        site.path(),
        "\n[[themes]]\nslug = \"revenue\"\nlabel = \"収納対策\"\n",
    );
    site
}

struct Site {
    root: PathBuf,
    out: PathBuf,
    fresh: PathBuf,
    _tmp: tempfile::TempDir,
}

impl Site {
    fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.root.join(rel);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} has no {from:?}");
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    /// Puts item 02 of `city`'s first plan on the theme.
    fn join_theme(&self, city: &str) {
        let status = "status = { 2020 = \"C\" }\n";
        let path = format!("content/{city}/reform/02.md");
        self.edit(&path, status, &format!("{status}themes = [\"revenue\"]\n"));
    }

    /// Builds into the output built before and checks that it is what a
    /// fresh build makes; returns the rebuild's outcome.
    fn step(&self, what: &str) -> Outcome {
        // File times are coarse: a file changed in the tick the cache was
        // written would be taken for one written before it.
        std::thread::sleep(std::time::Duration::from_millis(20));
        let outcome = plansite::build(&self.root, &self.out);
        let messages: Vec<String> = outcome.diagnostics.iter().map(|d| d.to_string()).collect();
        assert!(!outcome.failed(), "{what}: {messages:?}");
        let _ = fs::remove_dir_all(&self.fresh);
        let fresh = plansite::build(&self.root, &self.fresh);
        assert!(!fresh.failed(), "{what}: the site does not build");
        let (ours, theirs) = (common::tree(&self.out), common::tree(&self.fresh));
        let paths = |t: &BTreeMap<String, Option<Vec<u8>>>| t.keys().cloned().collect::<Vec<_>>();
        assert_eq!(paths(&ours), paths(&theirs), "{what}: files and folders");
        for (path, bytes) in &theirs {
            assert!(ours[path] == *bytes, "{what}: {path} differs");
        }
        assert_eq!(fresh.summary.kept, 0, "a fresh build keeps nothing");
        assert_eq!(outcome.summary.pages, fresh.summary.pages, "{what}");
        outcome
    }
}

/// Writes the site's own copy of the theme's file `name` of `theme`, into
/// the site's folder `folder`, as `change` makes it of the theme's text.
fn own_copy(root: &Path, folder: &str, theme: &Dir, name: &str, change: impl Fn(&str) -> String) {
    let path = root.join(folder).join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let text = theme.get_file(name).unwrap().contents_utf8().unwrap();
    fs::write(&path, change(text)).unwrap();
}

/// The pages of one city: its page and its plans' pages.
fn city_pages(out: &Path, city: &str) -> usize {
    common::tree(&out.join(city))
        .keys()
        .filter(|p| p.ends_with("index.html"))
        .count()
}

#[test]
fn a_rebuild_keeps_the_cities_whose_files_did_not_change_and_equals_a_fresh_build() {
    let tmp = tempfile::tempdir().unwrap();
    let site = two_cities_and_a_theme();
    let s = Site {
        root: site.path().to_path_buf(),
        out: tmp.path().join("public"),
        fresh: tmp.path().join("fresh"),
        _tmp: tmp,
    };
    let first = s.step("first build");
    assert_eq!(first.summary.kept, 0);
    let (ours, theirs) = (
        city_pages(&s.out, "testcity"),
        city_pages(&s.out, "othercity"),
    );

    let remembered = s.out.with_file_name(".public.plansite-parsed");
    assert!(!remembered.exists(), "a fresh build writes only the site");
    let o = s.step("nothing changed");
    assert_eq!(o.summary.kept, ours + theirs, "every city's pages kept");
    // From here on, items of unchanged files are taken as parsed before
    // (content::memo), and every step still equals a fresh build.
    for city in ["testcity", "othercity"] {
        assert!(remembered.join(format!("{city}.items")).is_file());
    }

    s.edit("content/testcity/reform/02.md", "2020 = 835", "2020 = 801");
    let o = s.step("a figure of one city");
    assert_eq!(o.summary.kept, theirs, "the other city's pages kept");

    s.join_theme("othercity");
    let o = s.step("the other city joins a theme (item pages name it)");
    assert_eq!(o.summary.kept, 0, "what item pages show of a theme changed");
    s.join_theme("testcity");
    s.step("one city joins it too");
    s.edit("content/othercity/_index.md", "別の市", "隣の市");
    let o = s.step("the other city renamed (the first names it)");
    assert_eq!(o.summary.kept, 0);
    let page = fs::read_to_string(s.out.join("testcity/reform/02/index.html")).unwrap();
    assert!(page.contains("隣の市"), "{page}");

    // A page of the output changed by hand: its city is made again.
    let page = s.out.join("othercity/second/01/index.html");
    fs::write(&page, "changed by hand").unwrap();
    let o = s.step("a page of the output changed by hand");
    assert_eq!(o.summary.kept, ours, "the other city made again");

    s.edit(
        "site.toml",
        "year_format",
        "show_disagreements = false\nyear_format",
    );
    assert_eq!(s.step("site.toml").summary.kept, 0);

    own_copy(
        &s.root,
        "templates",
        &THEME_TEMPLATES,
        "partials/kpi.html",
        |t| format!("<!-- ours -->{t}"),
    );
    let o = s.step("a template");
    assert_eq!(o.summary.kept, 0);
    assert!(
        fs::read_to_string(s.out.join("othercity/reform/02/index.html"))
            .unwrap()
            .contains("<!-- ours -->")
    );

    own_copy(&s.root, "static", &THEME_STATIC, "style.css", |t| {
        format!("{t}\n.ours {{ color: #000 }}\n")
    });
    assert_eq!(s.step("a static file").summary.kept, 0);

    fs::remove_file(s.root.join("content/othercity/second/02.md")).unwrap();
    assert_eq!(s.step("an item removed").summary.kept, 0);
    fs::remove_dir_all(s.root.join("content/othercity/second")).unwrap();
    assert_eq!(s.step("a plan removed").summary.kept, 0);

    s.edit(
        "content/othercity/reform/01.md",
        "title = \"",
        "title = \"新・",
    );
    let o = s.step("an item's title (the search index too)");
    assert_eq!(o.summary.kept, city_pages(&s.out, "testcity"));
}
