//! Found from outside, shared well (issue 18, point 3): with `base_url`
//! the site publishes sitemap.xml and robots.txt, and every page its
//! canonical address, a description and Open Graph metadata; without it
//! the site stays fully relative, as before.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use common::*;

const BASE: &str = "https://www.city.example.lg.jp/plans/";

fn with_base_url(root: &Path, extra: &str) {
    let toml = root.join("site.toml");
    let text = fs::read_to_string(&toml).unwrap();
    fs::write(
        &toml,
        format!("base_url = \"https://www.city.example.lg.jp/plans\"\n{extra}{text}"),
    )
    .unwrap();
}

/// Every HTML page under `public`, by path.
fn pages(public: &Path) -> BTreeSet<String> {
    snapshot(public)
        .into_keys()
        .filter(|p| p.ends_with(".html"))
        .collect()
}

fn attr<'a>(html: &'a str, before: &str) -> Option<&'a str> {
    let at = html.find(before)? + before.len();
    let rest = &html[at..];
    let end = rest.find([' ', '>']).unwrap_or(rest.len());
    Some(rest[..end].trim_matches('"'))
}

#[test]
fn with_a_public_address_every_page_is_in_the_sitemap_with_its_canonical_link() {
    for pretty in [false, true] {
        let site = site("basic");
        let extra = if pretty { "pretty_urls = true\n" } else { "" };
        with_base_url(site.path(), extra);
        let out = plansite(site.path(), &["build"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let public = site.path().join("public");

        let robots = fs::read_to_string(public.join("robots.txt")).unwrap();
        assert!(
            robots.contains(&format!("Sitemap: {BASE}sitemap.xml\n")),
            "{robots}"
        );
        let xml = fs::read_to_string(public.join("sitemap.xml")).unwrap();
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
        let locs: Vec<&str> = xml
            .split("<loc>")
            .skip(1)
            .map(|s| s.split("</loc>").next().unwrap())
            .collect();
        // Every page a reader lands on, home first; not the 404 page, the
        // search page or the print view.
        let expected: BTreeSet<String> = pages(&public)
            .into_iter()
            .filter(|p| {
                p != "404.html" && p != "search/index.html" && !p.ends_with("/print/index.html")
            })
            .collect();
        assert_eq!(locs.len(), expected.len(), "{xml}");
        let home = if pretty {
            BASE.to_string()
        } else {
            format!("{BASE}index.html")
        };
        assert_eq!(locs[0], home);
        for path in &expected {
            let url = match pretty {
                true => format!("{BASE}{}", path.strip_suffix("index.html").unwrap()),
                false => format!("{BASE}{path}"),
            };
            assert!(locs.contains(&url.as_str()), "{url} is not in the sitemap");
            let html = fs::read_to_string(public.join(path)).unwrap();
            assert_eq!(
                attr(&html, "<link rel=\"canonical\" href="),
                Some(url.as_str()),
                "{path}"
            );
            assert!(
                html.contains(&format!("<meta property=\"og:url\" content=\"{url}\">")),
                "{path}"
            );
            for property in ["og:title", "og:description", "og:site_name", "og:type"] {
                assert!(
                    html.contains(&format!("<meta property=\"{property}\" content=")),
                    "{path}: {property}"
                );
            }
            assert!(
                html.contains("<meta name=\"description\" content="),
                "{path}: a description"
            );
        }
        let item = fs::read_to_string(public.join("testcity/reform/01/index.html")).unwrap();
        assert!(
            item.contains("<meta property=\"og:title\" content=\"1 通知書の印刷・封入封緘の外部委託 | テスト市行政改革プラン\">"),
            "{item}"
        );
        assert!(
            item.contains("評価: B"),
            "the item's grade is in its description"
        );
        let print = fs::read_to_string(public.join("testcity/reform/print/index.html")).unwrap();
        let plan = match pretty {
            true => format!("{BASE}testcity/reform/"),
            false => format!("{BASE}testcity/reform/index.html"),
        };
        assert!(
            print.contains(&format!("<link rel=\"canonical\" href=\"{plan}\">")),
            "the print view names its plan page as the page to share"
        );
        let not_found = fs::read_to_string(public.join("404.html")).unwrap();
        assert!(
            !not_found.contains("canonical"),
            "the 404 page has no address of its own"
        );
    }
}

#[test]
fn without_a_public_address_the_site_stays_relative() {
    let site = site("basic");
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.path().join("public");
    assert!(!public.join("sitemap.xml").exists());
    assert!(!public.join("robots.txt").exists());
    for path in pages(&public) {
        let html = fs::read_to_string(public.join(&path)).unwrap();
        for absolute in ["canonical", "og:", "twitter:", "www.city.example"] {
            assert!(!html.contains(absolute), "{path}: {absolute}");
        }
        // A description for search results is there all the same.
        if path != "404.html" {
            assert!(
                html.contains("<meta name=\"description\" content="),
                "{path}"
            );
        }
    }
}

/// The preview keeps the sitemap as a build makes it: an item added while
/// it runs is listed.
#[test]
fn a_preview_lists_an_added_item_in_its_sitemap() {
    let site = site("basic");
    with_base_url(site.path(), "");
    let root = site.path();
    let out = root.join("preview");
    let gate = std::sync::RwLock::new(());
    let mut session = plansite::incremental::Session::new(root, &out);
    let first = session.rebuild(&[], &gate);
    assert!(!first.failed(), "{:?}", first.diagnostics);
    let item = root.join("content/testcity/reform/03.md");
    fs::write(&item, "+++\nnumber = \"3\"\ntitle = \"新しい項目\"\n+++\n").unwrap();
    let again = session.rebuild(std::slice::from_ref(&item), &gate);
    assert!(!again.failed(), "{:?}", again.diagnostics);
    let xml = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        xml.contains(&format!("<loc>{BASE}testcity/reform/03/index.html</loc>")),
        "{xml}"
    );
}
