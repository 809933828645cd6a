//! What makes the site found and shared from outside, once it has a public
//! address (`base_url` in site.toml): `sitemap.xml` (the sitemaps.org
//! protocol), `robots.txt` pointing to it, and each page's canonical
//! address, which the templates put in `<link rel="canonical">` and Open
//! Graph's `og:url`. Without `base_url` none of this is made and every link
//! of the site stays relative.

use crate::chart::draw::xml_escape;
use crate::config::Config;

/// The most addresses one sitemap file may list (sitemaps.org); a bigger
/// site gets `sitemap-1.xml`, `sitemap-2.xml`, … and `sitemap.xml` becomes
/// their index.
const PER_FILE: usize = 50_000;

/// A page's public address, from its path in the output
/// (`mine/reform/index.html`); a print view's is its plan page's, which
/// says the same for screens.
pub fn canonical(config: &Config, path: &str) -> Option<String> {
    let base = config.base_url.as_deref()?;
    let path = match path.strip_suffix("print/index.html") {
        Some(plan) => format!("{plan}index.html"),
        None => path.to_string(),
    };
    Some(format!("{base}{}", link(config, &path)))
}

/// A page's path as the site links it: folders when `pretty_urls` is on.
fn link<'a>(config: &Config, path: &'a str) -> &'a str {
    match config.pretty_urls {
        true => path.strip_suffix("index.html").unwrap_or(path),
        false => path,
    }
}

/// Whether a page belongs in the sitemap: every page a reader would land
/// on; not the 404 page, and not a plan's print view, which repeats the
/// plan's pages laid out for paper (search engines should send readers to
/// those), nor the search page, which shows nothing of its own.
fn listed(path: &str) -> bool {
    path.ends_with(".html")
        && path != "404.html"
        && path != crate::search::PAGE
        && !path.ends_with("/print/index.html")
}

/// The names of the files [`files`] makes for a site of `pages` pages.
pub fn names(config: &Config, pages: &[&str]) -> Vec<String> {
    if config.base_url.is_none() {
        return Vec::new();
    }
    let listed = pages.iter().filter(|p| listed(p)).count();
    let mut names = vec!["sitemap.xml".to_string(), "robots.txt".to_string()];
    if listed > PER_FILE {
        names.extend((1..=listed.div_ceil(PER_FILE)).map(|n| format!("sitemap-{n}.xml")));
    }
    names
}

/// `sitemap.xml` (and its parts), and `robots.txt`, for the site whose
/// output files are `pages` (pages and data files, in any order); nothing
/// without `base_url`.
pub fn files(config: &Config, pages: &[&str]) -> Vec<(String, Vec<u8>)> {
    let Some(base) = config.base_url.as_deref() else {
        return Vec::new();
    };
    let mut urls: Vec<&str> = pages.iter().copied().filter(|p| listed(p)).collect();
    // Home first, then by path: the same file for the same site.
    urls.sort_by(|a, b| (*a != "index.html", a).cmp(&(*b != "index.html", b)));
    let urlset = |urls: &[&str]| {
        let mut s = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for path in urls {
            s.push_str("<url><loc>");
            s.push_str(&xml_escape(&format!("{base}{}", link(config, path))));
            s.push_str("</loc></url>\n");
        }
        s.push_str("</urlset>\n");
        s.into_bytes()
    };
    let mut out = Vec::new();
    if urls.len() <= PER_FILE {
        out.push(("sitemap.xml".to_string(), urlset(&urls)));
    } else {
        let mut index = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for (n, part) in urls.chunks(PER_FILE).enumerate() {
            let name = format!("sitemap-{}.xml", n + 1);
            index.push_str(&format!(
                "<sitemap><loc>{}</loc></sitemap>\n",
                xml_escape(&format!("{base}{name}"))
            ));
            out.push((name, urlset(part)));
        }
        index.push_str("</sitemapindex>\n");
        out.insert(0, ("sitemap.xml".to_string(), index.into_bytes()));
    }
    // Crawlers read robots.txt only at a host's root: where the site lives
    // under a sub-path, the server's own robots.txt must name the sitemap.
    out.push((
        "robots.txt".to_string(),
        format!("User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n").into_bytes(),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(pretty: bool) -> Config {
        Config {
            base_url: Some("https://www.city.example.lg.jp/plans/".into()),
            pretty_urls: pretty,
            ..Config::default()
        }
    }

    #[test]
    fn lists_the_pages_readers_land_on_home_first() {
        let pages = [
            "mine/index.html",
            "404.html",
            "index.html",
            "mine/reform/print/index.html",
            "mine/reform/data.csv",
            "mine/reform/index.html",
        ];
        let files = files(&config(true), &pages);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["sitemap.xml", "robots.txt"]);
        assert_eq!(names, super::names(&config(true), &pages));
        let xml = String::from_utf8(files[0].1.clone()).unwrap();
        let locs: Vec<&str> = xml
            .lines()
            .filter_map(|l| l.strip_prefix("<url><loc>")?.strip_suffix("</loc></url>"))
            .collect();
        assert_eq!(
            locs,
            [
                "https://www.city.example.lg.jp/plans/",
                "https://www.city.example.lg.jp/plans/mine/",
                "https://www.city.example.lg.jp/plans/mine/reform/",
            ]
        );
        assert_eq!(
            canonical(&config(false), "mine/reform/index.html").as_deref(),
            Some("https://www.city.example.lg.jp/plans/mine/reform/index.html")
        );
        assert_eq!(
            canonical(&config(true), "mine/reform/print/index.html").as_deref(),
            Some("https://www.city.example.lg.jp/plans/mine/reform/")
        );
        assert!(super::files(&Config::default(), &pages).is_empty());
        assert_eq!(canonical(&Config::default(), "index.html"), None);
    }

    #[test]
    fn a_national_site_gets_an_index_of_sitemaps() {
        let paths: Vec<String> = (0..PER_FILE + 1)
            .map(|n| format!("c/p/{n}/index.html"))
            .collect();
        let pages: Vec<&str> = paths.iter().map(String::as_str).collect();
        let files = files(&config(false), &pages);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap.xml",
                "sitemap-1.xml",
                "sitemap-2.xml",
                "robots.txt"
            ]
        );
        let mut expected = super::names(&config(false), &pages);
        expected.sort();
        let mut got: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        got.sort();
        assert_eq!(got, expected);
        let index = String::from_utf8(files[0].1.clone()).unwrap();
        assert!(index.contains("<sitemapindex"));
        assert!(index.contains("<loc>https://www.city.example.lg.jp/plans/sitemap-2.xml</loc>"));
        let last = String::from_utf8(files[2].1.clone()).unwrap();
        assert_eq!(last.matches("<url>").count(), 1);
    }
}
