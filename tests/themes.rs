//! Themes across cities (issue 19) on a fixture of two cities that report
//! one indicator in different years: theme pages group items by city in
//! code order, each grade on its city's own scale; the comparison shows
//! every year from the first figure to the last, with the gaps visible in
//! the table and the chart; pages link both ways; data files carry the ids.
//! Refusing incomparable units is in the invalid-input corpus
//! (`indicator-in-different-units`).

mod common;

use std::fs;
use std::path::Path;

use common::*;

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let site = site("themes");
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.path().join("public");
    (site, public)
}

fn read(public: &Path, path: &str) -> String {
    fs::read_to_string(public.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The text between `start` and the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let at = html.find(start).unwrap_or_else(|| panic!("no {start}")) + start.len();
    &html[at..at + html[at..].find(end).unwrap()]
}

#[test]
fn a_theme_page_groups_items_by_city_in_code_order_each_on_its_own_scale() {
    let (_site, public) = built();
    let html = read(&public, "themes/furusato/index.html");
    // ベータ市 (352021) before アルファ市 (432041): code order, not the
    // folders' order, and not the figures' (アルファ's are not the larger).
    let beta = html.find("id=\"city-beta\"").unwrap();
    let alpha = html.find("id=\"city-alpha\"").unwrap();
    assert!(beta < alpha);
    let alpha_part = &html[alpha..];
    assert!(alpha_part.contains("ふるさと納税の推進") && alpha_part.contains("A〜D"));
    // The latest reported grade with its year, on the city's own scale.
    assert!(alpha_part.contains(">A</span> <span class=\"muted\">令和4年度"));
    let beta_part = &html[beta..alpha];
    assert!(beta_part.contains("取組状況(○△×)") && beta_part.contains(">△</span>"));
    assert!(html.contains("区分が違うため市の間で評価を比べることはできません"));
    // Nothing ranked or labelled best or worst.
    for word in [
        "ランキング",
        "1位",
        "上位",
        "最下位",
        "ベスト",
        "ワースト",
        "最も",
    ] {
        assert!(!html.contains(word), "{word}");
    }

    // A plan's theme is each of its items': both ベータ items are on
    // 公共施設マネジメント, beside アルファ's own item.
    let facilities = read(&public, "themes/facilities/index.html");
    for title in [
        "自主財源の確保",
        "窓口のデジタル化",
        "公共施設の個別施設計画",
    ] {
        assert!(facilities.contains(title), "{title}");
    }
    // The index counts items per city; a theme without items says so.
    let index = read(&public, "themes/index.html");
    let f = between(&index, "公共施設マネジメント</a></h2>", "</li>");
    assert!(
        f.contains("ベータ市</a> 2") && f.contains("アルファ市</a> 1"),
        "{f}"
    );
    let tourism = between(&index, "観光</a></h2>", "</li>");
    assert!(
        tourism.contains("このテーマの項目はまだありません"),
        "{tourism}"
    );
}

#[test]
fn an_indicator_reported_in_different_years_shows_every_year_and_its_gaps() {
    let (_site, public) = built();
    let html = read(&public, "themes/furusato/index.html");
    let table = between(&html, "id=\"indicator-donations-table\"", "</table>");
    let rows: Vec<&str> = table.split("<tr data-year=\"").skip(1).collect();
    let years: Vec<&str> = rows.iter().map(|r| &r[..4]).collect();
    // 2018 (ベータ's baseline) to 2023, 2021 included though no one reported it.
    assert_eq!(years, ["2018", "2019", "2020", "2021", "2022", "2023"]);
    let cells = |row: &str| -> Vec<String> {
        row.split("<td")
            .skip(1)
            .map(|c| {
                if c.contains("値なし") {
                    "-".to_string()
                } else {
                    c[c.find('>').unwrap() + 1..]
                        .split(' ')
                        .next()
                        .unwrap()
                        .replace("</td>", "")
                }
            })
            .collect()
    };
    let got: Vec<Vec<String>> = rows.iter().map(|r| cells(r)).collect();
    // Columns: ベータ市, アルファ市.
    let want = [
        ["80", "-"],
        ["-", "100"],
        ["-", "120"],
        ["-", "-"],
        ["-", "150"],
        ["200", "-"],
    ];
    assert_eq!(got, want.map(|r| r.map(String::from)));
    assert!(
        rows[0].contains("基準値"),
        "the baseline is marked: {}",
        rows[0]
    );
    assert!(rows[4].contains("(見込)"), "the note is kept: {}", rows[4]);

    // The chart joins only neighbouring years: アルファ's 2019–2020, not
    // 2020 to 2022 across the gap; ベータ's two figures stand alone.
    let svg = between(&html, "<svg class=\"chart\"", "</svg>");
    let lines: Vec<&str> = svg
        .split("<path ")
        .skip(1)
        .map(|p| &p[..p.find("/>").unwrap()])
        .filter(|p| p.contains("stroke-dasharray=\"6 4\"") && p.contains('L'))
        .collect();
    assert_eq!(lines.len(), 1, "one line, アルファ's: {svg}");
    assert_eq!(lines[0].matches('L').count(), 1, "{}", lines[0]);
    let desc = between(svg, "<desc", "</desc>");
    assert!(
        desc.contains("値なし: 令和元年度、令和2年度、令和3年度、令和4年度"),
        "{desc}"
    );
    assert!(
        desc.contains("値なし: 平成30年度、令和3年度、令和5年度"),
        "{desc}"
    );
    // Every figure names its source: the KPI of each city's item.
    let sources = between(&html, "<ol class=\"sources\">", "</ol>");
    assert!(sources.contains("ベータ市") && sources.contains("beta/plan/01/index.html"));
    assert!(sources.contains("アルファ市") && sources.contains("alpha/plan/01/index.html"));
}

#[test]
fn cities_and_items_link_to_their_themes_and_the_data_carries_the_ids() {
    let (_site, public) = built();
    // An item page links the same theme in the other cities.
    let item = read(&public, "alpha/plan/01/index.html");
    let themes = between(&item, "id=\"item-themes\"", "</ul>");
    assert!(themes.contains("../../../themes/furusato/index.html\">ふるさと納税・寄附"));
    assert!(
        themes.contains("themes/furusato/index.html#city-beta\">ベータ市</a> (1)"),
        "{themes}"
    );
    assert!(!themes.contains("アルファ市"), "not its own city: {themes}");
    // Its KPI leads to the comparison of its indicator.
    assert!(
        item.contains("themes/furusato/index.html#indicator-donations\">寄附額</a>"),
        "{item}"
    );
    // A city page lists its themes with its count.
    let city = read(&public, "beta/index.html");
    let list = between(&city, "id=\"themes\"", "</ul>");
    assert!(list.contains("ふるさと納税・寄附") && list.contains("公共施設マネジメント"));
    assert!(!list.contains("観光"), "{list}");
    // The home page leads to the themes.
    assert!(read(&public, "index.html").contains("themes/furusato/index.html"));

    let json: serde_json::Value =
        serde_json::from_str(&read(&public, "beta/plan/data.json")).unwrap();
    assert_eq!(json["plan"]["themes"], serde_json::json!(["facilities"]));
    assert_eq!(
        json["items"][0]["themes"],
        serde_json::json!(["facilities", "furusato"])
    );
    assert_eq!(json["items"][0]["kpis"][0]["indicator"], "donations");
    // The file defines the ids it uses, as site.toml does.
    assert_eq!(json["themes"][0]["label"], "ふるさと納税・寄附");
    assert_eq!(json["themes"].as_array().unwrap().len(), 2, "not 観光");
    assert_eq!(json["indicators"][0]["unit"], "千円");
    let csv = read(&public, "data/kpis.csv");
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| h.ends_with(name)).unwrap();
    let (themes, indicator) = (col("テーマ"), col("比較指標"));
    let rows: Vec<(&str, &str)> = csv
        .lines()
        .skip(1)
        .map(|l| {
            let r: Vec<&str> = l.split(',').collect();
            (r[themes], r[indicator])
        })
        .collect();
    assert!(
        rows.contains(&("facilities furusato", "donations")),
        "{rows:?}"
    );
    assert!(rows.contains(&("furusato", "donations")), "{rows:?}");
    let items = read(&public, "data/items.csv");
    assert!(items.lines().any(|l| l.contains(",facilities,")), "{items}");
}

#[test]
fn an_item_page_names_at_most_twenty_other_cities_on_a_theme_and_counts_the_rest() {
    let site = site("themes");
    let content = site.path().join("content");
    // 22 cities like アルファ市 (no code: after the coded ones, in folder order).
    for n in 1..=22 {
        let dir = content.join(format!("city{n:02}"));
        copy_tree(&content.join("alpha"), &dir);
        fs::write(
            dir.join("_index.md"),
            format!("+++\nname = \"第{n}市\"\n+++\n"),
        )
        .unwrap();
    }
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let item = read(&site.path().join("public"), "beta/plan/01/index.html");
    let furusato = between(&item, "ふるさと納税・寄附</a>:", "</li>");
    // アルファ市 (coded) first, then 第1市 … 第19市; 第20–22市 and the count.
    assert_eq!(furusato.matches("#city-").count(), 20, "{furusato}");
    assert!(
        furusato.contains("アルファ市") && furusato.contains("第19市"),
        "{furusato}"
    );
    assert!(!furusato.contains("第20市"), "{furusato}");
    assert!(furusato.contains("ほか3自治体"), "{furusato}");
    // The theme page has them all.
    let page = read(&site.path().join("public"), "themes/furusato/index.html");
    assert_eq!(page.matches("<section class=\"theme-city\"").count(), 24);
}

#[test]
fn two_kpis_of_one_city_that_disagree_on_a_year_are_a_warning_and_the_first_is_shown() {
    let site = site("themes");
    let plan = site.path().join("content/alpha/plan");
    fs::write(
        plan.join("03.md"),
        "+++\nnumber = \"3\"\ntitle = \"寄附の受け入れ\"\nthemes = [\"furusato\"]\n\n[[kpis]]\nname = \"寄附金\"\nindicator = \"donations\"\nunit = \"千円\"\nactuals = { 2020 = 999, 2021 = 130 }\n\n[[kpis]]\nname = \"寄附件数\"\nindicator = \"donations\"\nunit = \"千円\"\nactuals = { 2019 = 100 }\n+++\n",
    )
    .unwrap();
    fs::write(
        plan.join("04.md"),
        "+++\nnumber = \"4\"\ntitle = \"テーマのない項目\"\n\n[[kpis]]\nname = \"寄附額\"\nindicator = \"donations\"\nunit = \"千円\"\nactuals = { 2022 = 1 }\n+++\n",
    )
    .unwrap();
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("warning: kpis[0].actuals.2020: the indicator \"donations\" has 999 for 2020 here but 120 in the KPI at content/alpha/plan/01.md, line 7; the theme page shows 120"),
        "{err}"
    );
    assert!(
        !err.contains("actuals.2019"),
        "the same figure twice is no conflict: {err}"
    );
    assert!(
        err.contains("content/alpha/plan/04.md:7:13")
            && err.contains("this item has no themes, so it is shown nowhere"),
        "{err}"
    );
    let html = read(&site.path().join("public"), "themes/furusato/index.html");
    let table = between(&html, "id=\"indicator-donations-table\"", "</table>");
    let row = between(table, "data-year=\"2020\"", "</tr>");
    assert!(row.contains(">120 <") && !row.contains("999"), "{row}");
    // The other KPI fills the year the first left empty, with its source.
    let row = between(table, "data-year=\"2021\"", "</tr>");
    assert!(row.contains(">130 <"), "{row}");
    // A KPI on an item without the theme is not compared on its page.
    let row = between(table, "data-year=\"2022\"", "</tr>");
    assert!(row.contains(">150 ") && !row.contains(">1 <"), "{row}");
}
