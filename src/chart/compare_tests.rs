//! Tests of the comparison chart (compare.rs).
use super::super::frame::INK;
use super::super::testing::{labels_inside_the_box, pts};
use super::*;

/// 平成29年度 … 令和6年度, as a Japanese report prints them.
fn label(y: Year) -> String {
    match y {
        ..=2018 => format!("平成{}年度", y - 1988),
        2019 => "令和元年度".to_string(),
        _ => format!("令和{}年度", y - 2018),
    }
}

fn city(name: &str, values: &[(Year, f64)]) -> CompareSeries {
    CompareSeries {
        label: name.into(),
        points: pts(values),
    }
}

fn comparison(series: Vec<CompareSeries>, language: Language) -> Comparison {
    Comparison {
        id: "indicator-furusato-donations".into(),
        title: "ふるさと納税の寄附額 <年度>".into(),
        unit: Some("千円".into()),
        years: (2017..=2024).map(|y| (y, label(y))).collect(),
        series,
        language,
    }
}

/// One city with values in 2017 and 2020 only, one with every year
/// from 2017 to 2023, one with two runs of two.
fn three_cities(language: Language) -> Comparison {
    comparison(
        vec![
            city("札幌市", &[(2017, 500.0), (2020, 900.0)]),
            city(
                "仙台市",
                &(2017..=2023)
                    .map(|y| (y, 1000.0 + 100.0 * (y - 2017) as f64))
                    .collect::<Vec<_>>(),
            ),
            city(
                "旭川市",
                &[(2017, 200.0), (2018, 250.0), (2020, 300.0), (2021, 350.0)],
            ),
        ],
        language,
    )
}

/// The `d` of series `index`'s line, if it has one.
fn line(svg: &str, index: usize) -> Option<&str> {
    let at = svg.find(&format!("<path stroke=\"{}\"", COLOURS[index]))?;
    let rest = &svg[at..];
    let d = rest.find(" d=\"")? + 4;
    Some(&rest[d..d + rest[d..].find('"')?])
}

fn texts(svg: &str) -> Vec<&str> {
    svg.split("<text ")
        .skip(1)
        .map(|t| &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()])
        .collect()
}

#[test]
fn a_missing_year_breaks_the_line() {
    let svg = three_cities(Language::Ja).svg();
    // 札幌市: 2017 and 2020 have no neighbour, so no line at all, two markers.
    assert_eq!(line(&svg, 0), None, "{svg}");
    let markers = format!("<path fill=\"{c}\" stroke=\"{c}\" d=\"", c = COLOURS[0]);
    let at = svg.find(&markers).unwrap() + markers.len();
    assert_eq!(
        svg[at..at + svg[at..].find('"').unwrap()]
            .matches('M')
            .count(),
        2
    );
    // 仙台市: one continuous run over seven years.
    let d = line(&svg, 1).unwrap();
    assert_eq!(
        (d.matches('M').count(), d.matches('L').count()),
        (1, 6),
        "{d}"
    );
    // 旭川市: two runs, 2017–2018 and 2020–2021, nothing across 2019.
    let d = line(&svg, 2).unwrap();
    assert_eq!(
        (d.matches('M').count(), d.matches('L').count()),
        (2, 2),
        "{d}"
    );
    assert!(!svg.contains("<polyline"));
}

#[test]
fn each_series_has_its_own_marker_and_dash() {
    for i in 0..8 {
        for j in 0..i {
            assert_ne!(style(i).marker, style(j).marker, "{i} {j}");
            if i < 4 {
                assert_ne!(style(i).dash, style(j).dash, "{i} {j}");
            }
            if i < 5 {
                assert_ne!(style(i).colour, style(j).colour, "{i} {j}");
            }
        }
    }
    for i in 0..40 {
        for j in 0..i {
            let (a, b) = (style(i), style(j));
            assert!(a.colour != b.colour || a.marker != b.marker, "{i} {j}");
        }
    }
    let svg = three_cities(Language::Ja).svg();
    assert!(line(&svg, 1).is_some());
    assert!(svg.contains(&format!(
        "<path stroke=\"{}\" stroke-dasharray=\"6 4\" d=",
        COLOURS[1]
    )));
    assert!(svg.contains(&format!(
        "<path stroke=\"{}\" stroke-dasharray=\"2 3\" d=",
        COLOURS[2]
    )));
    let keys: Vec<String> = (0..8).map(marker_svg).collect();
    for (i, k) in keys.iter().enumerate() {
        assert!(
            k.starts_with("<svg viewBox=\"0 0 36 12\" aria-hidden=\"true\" focusable=\"false\">")
                && k.ends_with("</svg>")
                && !k.contains('\n')
                && k.contains(style(i).colour),
            "{k}"
        );
        assert!(!keys[..i].contains(k), "{k}");
        assert_ne!(k, &noted_marker_svg(i));
    }
}

fn luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

#[test]
fn every_colour_has_3_to_1_contrast_on_white() {
    assert!((luminance("#ffffff") - 1.0).abs() < 1e-9);
    for c in COLOURS {
        let ratio = 1.05 / (luminance(c) + 0.05);
        assert!(ratio >= 3.0, "{c}: {ratio:.2}");
    }
}

#[test]
fn the_text_names_every_series_in_order_with_its_gaps() {
    let text = three_cities(Language::Ja).description();
    // Input order, not the order of the values (仙台市 has the largest).
    let at: Vec<usize> = ["札幌市: ", "仙台市: ", "旭川市: "]
        .iter()
        .map(|c| text.find(c).unwrap_or_else(|| panic!("{c}: {text}")))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{text}");
    assert!(
        text.starts_with(
            "札幌市: 平成29年度 500千円、令和2年度 900千円。\
             値なし: 平成30年度、令和元年度、令和3年度、令和4年度、令和5年度、令和6年度。\
             仙台市: 平成29年度 1,000千円、"
        ),
        "{text}"
    );
    assert!(
        text.contains("令和5年度 1,600千円。値なし: 令和6年度。旭川市: "),
        "{text}"
    );
    assert!(
        text.ends_with("値は各市が報告したとおりで、人口などによる調整はしていません。"),
        "{text}"
    );
    let en = three_cities(Language::En).description();
    assert!(
        en.starts_with(
            "札幌市: 平成29年度 500 千円, 令和2年度 900 千円. No value: 平成30年度, 令和元年度,"
        ),
        "{en}"
    );
    assert!(
        en.ends_with(
            ". Values are as each city reported them, not adjusted for population or size."
        ),
        "{en}"
    );
    for words in [&text, &en] {
        let lower = words.to_lowercase();
        for rank in [
            "最高", "最低", "最も", "最大", "最小", "順位", "上位", "下位", "1位", "best", "worst",
            "highest", "lowest", "rank", "top", "bottom", "most", "least",
        ] {
            assert!(!lower.contains(rank), "{rank}: {words}");
        }
    }
}

#[test]
fn notes_are_named_and_drawn_hollow() {
    let mut c = three_cities(Language::Ja);
    let plain = c.svg();
    assert!(!c.has_noted());
    c.series[1].points[6].note = Some("見込".into());
    assert!(c.has_noted());
    let hollow = format!("<path fill=\"{PAPER}\" stroke=\"{}\" d=", COLOURS[1]);
    let svg = c.svg();
    assert!(!plain.contains(&hollow) && svg.contains(&hollow), "{svg}");
    assert!(c.description().contains("令和5年度 1,600千円(見込)"));
    c.language = Language::En;
    assert!(c.description().contains("令和5年度 1,600 千円 (見込)"));
    // A series with hollow markers draws its noted values with a broken outline.
    let mut c = comparison(
        (0..5)
            .map(|i| city(&format!("市{i}"), &[(2017, 1.0), (2018, 2.0)]))
            .collect(),
        Language::Ja,
    );
    c.series[4].points[1].note = Some("暫定".into());
    let svg = c.svg();
    assert!(svg.contains(&format!(
        "<path fill=\"{PAPER}\" stroke=\"{}\" d=",
        COLOURS[4]
    )));
    assert!(svg.contains(&format!(
        "<path fill=\"{PAPER}\" stroke=\"{}\" stroke-dasharray=\"{NOTED_OUTLINE}\" d=",
        COLOURS[4]
    )));
}

#[test]
fn draws_an_accessible_deterministic_svg() {
    let svg = three_cities(Language::Ja).svg();
    assert!(svg.starts_with("<svg class=\"chart\" role=\"img\" aria-labelledby=\"indicator-furusato-donations-title indicator-furusato-donations-desc\" viewBox=\"0 0 340 220\""), "{svg}");
    assert!(svg.contains("<title id=\"indicator-furusato-donations-title\">ふるさと納税の寄附額 &lt;年度&gt;</title>"));
    assert!(!svg.contains("<年度>"));
    assert!(svg.contains(&format!(
        "<desc id=\"indicator-furusato-donations-desc\">{}</desc>",
        three_cities(Language::Ja).description()
    )));
    assert!(!svg.contains('\n') && !svg[..svg.find('>').unwrap()].contains("width="));
    assert_eq!(svg.matches(&format!("fill=\"{INK}\"")).count(), 1);
    assert_eq!(texts(&svg)[0], "千円", "the unit once, above the axis");
    assert_eq!(
        svg,
        three_cities(Language::Ja).svg(),
        "same input, same bytes"
    );
    let mut c = three_cities(Language::Ja);
    c.series[0].label = "A&B市 <合併>".into();
    let svg = c.svg();
    assert!(svg.contains("A&amp;B市 &lt;合併&gt;: ") && !svg.contains("<合併>"));
}

#[test]
fn a_cut_axis_shows_a_break_and_says_so() {
    let c = comparison(
        vec![
            city("甲市", &[(2017, 130.1), (2018, 140.7)]),
            city("乙市", &[(2017, 131.8)]),
        ],
        Language::Ja,
    );
    assert!(c.axis().cut);
    assert!(c.svg().contains("l-5-2 10-4-10-4 10-4-5-2"));
    assert!(c.description().contains("縦軸は0ではなく"));
    assert!(!three_cities(Language::Ja).description().contains("縦軸"));
}

#[test]
fn long_labels_fit_in_the_box() {
    let mut c = comparison(
        vec![
            city("甲市", &[(2019, 9_000_000_000.0), (2023, 10_000_000_000.0)]),
            city("乙市", &[(2016, 8_000_000_000.0)]),
        ],
        Language::Ja,
    );
    c.years = (2016..=2027).map(|y| (y, label(y))).collect();
    let svg = c.svg();
    let t = texts(&svg);
    assert!(t.contains(&"10,000,000,000"), "{t:?}");
    labels_inside_the_box(&svg);
    let years: Vec<_> = t.iter().filter(|s| s.contains("年度")).collect();
    assert!(
        years.len() < 12 && years.last() == Some(&&"令和9年度"),
        "{years:?}"
    );
}
