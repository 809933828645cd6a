//! The demo site in the repository root: it builds cleanly, carries every
//! entry of the seed reports converted so far, and holds their values exactly.

use std::path::Path;

use plansite::diagnostics::Severity;
use plansite::model::{Datum, Kpi, Plan, Site, Value};

fn demo() -> Site {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_, site, diags) = plansite::load(root);
    let problems: Vec<String> = diags.sorted().iter().map(|d| d.to_string()).collect();
    assert!(
        problems.is_empty(),
        "the demo site must load without errors or warnings:\n{}",
        problems.join("\n")
    );
    site
}

fn plan<'a>(site: &'a Site, city: &str, plan: &str) -> &'a Plan {
    site.plans()
        .find(|(c, p)| c.slug == city && p.slug == plan)
        .map(|(_, p)| p)
        .unwrap_or_else(|| panic!("no plan {city}/{plan}"))
}

fn kpi<'a>(plan: &'a Plan, number: &str, name: &str) -> &'a Kpi {
    let item = plan
        .items
        .iter()
        .find(|i| i.number == number)
        .unwrap_or_else(|| panic!("no item {number}"));
    item.kpis
        .iter()
        .find(|k| k.name == name)
        .unwrap_or_else(|| panic!("no KPI {name} in {number}"))
}

fn num(n: f64) -> Datum {
    Datum {
        value: Value::Number(n),
        note: None,
    }
}

#[test]
fn the_demo_site_checks_clean() {
    let outcome = plansite::check(Path::new(env!("CARGO_MANIFEST_DIR")));
    assert_eq!(outcome.diagnostics.count(Severity::Error), 0);
    assert_eq!(outcome.diagnostics.count(Severity::Warning), 0);
}

#[test]
fn ube_action_plans_are_all_there() {
    let site = demo();
    let ube = plan(&site, "ube", "reform");
    let numbers: Vec<&str> = ube.items.iter().map(|i| i.number.as_str()).collect();
    // 03 appears only in the table of contents of the source.
    assert_eq!(
        numbers,
        ["01", "02", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14"]
    );
    assert_eq!(ube.kpi_count(), 23);
    assert_eq!(ube.period, [2022, 2026]);
    assert_eq!(ube.all_categories().len(), 9, "2 基本方針 and 7 戦略");
    assert!(ube.notes.iter().any(|n| n.contains("アクションプラン03")));
}

#[test]
fn ube_values_match_the_source() {
    let site = demo();
    let ube = plan(&site, "ube", "reform");

    let k = kpi(ube, "01", "現年度分収納率(債権管理計画・主要な債権)");
    let b = k.baseline.as_ref().unwrap();
    assert_eq!(
        (b.year, &b.value, b.note.as_deref()),
        (
            Some(2021),
            &Value::Number(96.79),
            Some("基準値は市税のみの徴収率")
        )
    );
    assert_eq!(k.targets[&2023], num(99.15));

    let k = kpi(ube, "01", "未収債権額(債権管理計画・主要な債権)");
    assert_eq!(
        k.baseline.as_ref().unwrap().value,
        Value::Text("集計中".into())
    );
    assert_eq!(k.targets[&2022], num(2_121_796.0));

    let k = kpi(ube, "04", "財政調整基金残高");
    assert_eq!(
        k.targets[&2026],
        Datum {
            value: Value::Number(30.0),
            note: Some("以上".into())
        }
    );
    let k = kpi(ube, "04", "一般会計地方債残高");
    assert_eq!(k.direction, Some(plansite::model::Direction::Lower));
    assert_eq!(
        k.targets[&2026],
        Datum {
            value: Value::Number(659.0),
            note: Some("以下".into())
        }
    );

    let item04 = ube.items.iter().find(|i| i.number == "04").unwrap();
    assert_eq!(
        item04.actions[0].plan[&2022].value,
        Value::Text("△369,000千円".into())
    );

    let k = kpi(
        ube,
        "05",
        "優先的検討規程に基づく公共施設建設等におけるPPP/PFI手法導入検討割合",
    );
    assert_eq!(k.targets[&2022].value, Value::Text("規程策定".into()));
    assert!(k.baseline.is_none());

    let k = kpi(ube, "06", "職員数(定員適正化計画)");
    assert_eq!(k.baseline.as_ref().unwrap().value, Value::Number(1008.0));
    assert_eq!(k.targets[&2026], num(1089.0));

    assert_eq!(
        kpi(ube, "12", "コンビニ交付・スマート申請の利用率(住民票)").targets[&2024],
        num(23.0)
    );
    assert_eq!(
        kpi(
            ube,
            "13",
            "市が発信する市政情報がわかりやすいと感じる市民の割合"
        )
        .targets[&2023],
        num(72.5)
    );
    assert_eq!(
        kpi(ube, "13", "宇部市の認知度")
            .baseline
            .as_ref()
            .unwrap()
            .value,
        Value::Number(366.0)
    );
    assert_eq!(
        kpi(ube, "14", "うべ未来モニターの回答者数(延べ)").targets[&2026],
        num(3900.0)
    );

    let item10 = ube.items.iter().find(|i| i.number == "10").unwrap();
    assert_eq!(
        item10.departments,
        ["連携共創推進課", "中心市街地活性化推進課", "北部地域振興課"]
    );
    let item14 = ube.items.iter().find(|i| i.number == "14").unwrap();
    assert!(item14.notes[0].contains("復元できません"));
}
