//! A built site works opened from disk: links between pages name files
//! (`…/index.html`) unless `pretty_urls` asks for folders, and the print
//! view carries its stylesheets inline (Paged.js fetches linked ones, which a
//! browser refuses from disk). The browser test `disk.test.mjs` opens it.

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
        "href=\"print/index.html\"",
        "href=\"status/a/index.html\"",
        "href=\"../../index.html\"",
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
        "href=\"print/\"",
        "href=\"status/a/\"",
        "href=\"../../testcity/reform/01/\"",
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

#[test]
fn the_print_view_carries_the_sites_own_stylesheets_inline() {
    let site = site("basic");
    fs::create_dir_all(site.path().join("static")).unwrap();
    fs::write(
        site.path().join("static/print.css"),
        "/* the site's print.css </style><script>alert(1)</script> */\n.cover { color: #123456 }\n",
    )
    .unwrap();
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let print =
        fs::read_to_string(site.path().join("public/testcity/reform/print/index.html")).unwrap();
    // The first <style> element, in the head: the CSS, whole.
    let start = print.find("<style>").unwrap();
    let css = &print[start..start + print[start..].find("</style>").unwrap()];
    assert!(css.contains(".cover { color: #123456 }"), "{css}");
    // The theme's style.css comes first, as the screen pages link it.
    let theme = css
        .find("plansite default theme")
        .expect("the theme's style.css");
    assert!(theme < css.find("the site's print.css").unwrap());
    // Nothing in the CSS ends the element early, and nothing is fetched.
    assert!(
        css.contains(r"<\/style><script>alert(1)<\/script>"),
        "{css}"
    );
    assert!(!print.contains("rel=\"stylesheet\""), "{print}");
}
