//! Links between pages: by file (`…/index.html`) by default, so that a site
//! opened from disk or from any server works; by folder with `pretty_urls`.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// Every link of every built page to a page or file of the site, with the
/// page it is on.
fn internal_links(public: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (page, bytes) in snapshot(public) {
        for link in plansite::links::internal(&page, &bytes) {
            out.push((page.clone(), link));
        }
    }
    assert!(out.len() > 20, "too few links to judge: {out:?}");
    out
}

/// The file a relative `link` on `page` names, with no query or fragment.
fn target(public: &Path, page: &str, link: &str) -> std::path::PathBuf {
    let link = link.split(['#', '?']).next().unwrap();
    let dir = Path::new(page).parent().unwrap();
    public.join(dir).join(link)
}

#[test]
fn links_to_pages_name_their_file_so_the_site_opens_from_disk() {
    let site = site("basic");
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.path().join("public");
    for (page, link) in internal_links(&public) {
        // The 404 page is served for any address, so it links from the server's root.
        if page == "404.html" {
            continue;
        }
        assert!(!link.ends_with('/'), "{page} links the folder {link}");
        let file = target(&public, &page, &link);
        assert!(file.is_file(), "{page} links {link}, which is no file");
    }
    let plan = fs::read_to_string(public.join("testcity/reform/index.html")).unwrap();
    for link in [
        "href=print/index.html",
        "href=status/a/index.html",
        "href=../../index.html",
    ] {
        assert!(plan.contains(link), "{link} missing in {plan}");
    }
}

#[test]
fn pretty_urls_link_pages_by_folder() {
    let site = site("basic");
    let config = fs::read_to_string(site.path().join("site.toml")).unwrap();
    fs::write(
        site.path().join("site.toml"),
        format!("pretty_urls = true\n{config}"),
    )
    .unwrap();
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.path().join("public");
    for (page, link) in internal_links(&public) {
        let path = link.split(['#', '?']).next().unwrap();
        assert!(!path.ends_with("index.html"), "{page} links {link}");
    }
    let plan = fs::read_to_string(public.join("testcity/reform/index.html")).unwrap();
    for link in [
        "href=print/",
        "href=status/a/",
        "href=../../testcity/reform/01/",
    ] {
        assert!(
            plan.contains(&format!("{link}>")),
            "{link} missing in {plan}"
        );
    }
    assert!(plansite(site.path(), &["check", "--links"])
        .status
        .success());
}
