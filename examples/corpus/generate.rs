//! The generated corpus: a site of any size shaped like the demo data,
//! deterministically from a seed. Used by the `corpus` example (benchmarks)
//! and by tests/browser.rs (the phone and chart checks on a corpus).
//!
//! Cities have plans; plans have a two-level category hierarchy and about 60
//! items; items have 1–3 KPIs over 5–8 fiscal years, schedule rows, a few
//! hundred characters of Japanese narrative and statuses. Like the demo, the
//! figures vary in kind — counts, percentages with decimals, yen in the
//! billions, estimates (見込), KPIs with only targets or with a missing
//! year, items without KPIs, several departments, two graded years, titles
//! with a long URL — and half the plans use a scale without colours. The
//! variety is drawn from a second stream of the seed, so the first stream
//! (titles, categories, counts) is what it always was.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// splitmix64: tiny, fast, and its output never changes with a crate upgrade,
/// so a seed names the same corpus forever.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

const WORDS: &[&str] = &[
    "行政改革",
    "市民サービス",
    "公共施設",
    "デジタル化",
    "人材育成",
    "財政運営",
    "地域振興",
    "協働",
    "子育て支援",
    "観光交流",
    "防災",
    "健康づくり",
    "窓口業務",
    "情報発信",
    "ふるさと納税",
    "定員管理",
    "業務改善",
    "広域連携",
];
const DEPARTMENTS: &[&str] = &[
    "総務課",
    "財政課",
    "企画課",
    "市民課",
    "税務課",
    "福祉課",
    "子育て支援課",
    "観光政策課",
    "地域振興課",
    "建設課",
];
const SENTENCES: &[&str] = &[
    "関係部署と連携し、計画的に取組を進めた。",
    "市民アンケートの結果を踏まえ、実施方法を見直した。",
    "令和5年度は対象を拡大し、効果の検証を行った。",
    "今後は、費用対効果を確認しながら継続して実施する。",
    "課題として、担い手の確保と周知の強化が挙げられる。",
    "デジタル技術を活用し、事務の効率化を図った。",
];

/// What to generate.
pub struct Options {
    pub items: usize,
    pub per_plan: usize,
    pub seed: u64,
    pub output: PathBuf,
    /// Also write the same content as a Hugo site here.
    pub hugo: Option<PathBuf>,
    pub charts: bool,
    pub minify: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            items: 1000,
            per_plan: 60,
            seed: 1,
            output: "corpus".into(),
            hugo: None,
            charts: true,
            minify: true,
        }
    }
}

/// Writes the corpus into `a.output`, a folder that must not exist yet.
/// Returns the number of items, plans and cities written.
pub fn generate(a: &Options) -> (usize, usize, usize) {
    assert!(
        !a.output.exists(),
        "{} exists; give a new folder",
        a.output.display()
    );
    let mut rng = Rng(a.seed);
    let mut vary = Rng(a.seed ^ 0x5EED_0F7A_21E7);
    let plans = a.items.div_ceil(a.per_plan);
    let cities = plans.div_ceil(2); // two plans a city, as in the demo
    write(&a.output.join("site.toml"), &site_toml(a.charts, a.minify));
    let mut written = 0;
    for c in 0..cities {
        let city = format!("city{c:04}");
        write(
            &a.output.join("content").join(&city).join("_index.md"),
            &format!("+++\nname = \"第{c}市\"\nprefecture = \"山口県\"\n+++\n"),
        );
        for p in 0..2 {
            if written >= a.items {
                break;
            }
            let n = a.per_plan.min(a.items - written);
            let gen = Gen {
                rng: &mut rng,
                vary: &mut vary,
                plain_scale: (c * 2 + p) % 2 == 1,
            };
            plan(gen, &a.output, &city, p, n, a.hugo.as_deref());
            written += n;
        }
    }
    (written, plans, cities)
}

/// The two random streams: `rng` shapes the corpus as it always has;
/// `vary` picks the kinds of figures and other variety on top.
struct Gen<'a> {
    rng: &'a mut Rng,
    vary: &'a mut Rng,
    /// This plan grades on the scale without colours or rule.
    plain_scale: bool,
}

fn site_toml(charts: bool, minify: bool) -> String {
    format!(
        "title = \"生成された計画\"\nminify = {minify}\ncharts = {charts}\n\n\
         [scales.abcd]\nname = \"A〜D\"\nrule = \"rate\"\n\
         [[scales.abcd.levels]]\nkey = \"A\"\nmin_rate = 100\ncolor = \"#1d6b2f\"\n\
         [[scales.abcd.levels]]\nkey = \"B\"\nmin_rate = 75\ncolor = \"#0050a0\"\n\
         [[scales.abcd.levels]]\nkey = \"C\"\nmin_rate = 50\ncolor = \"#8a5a00\"\n\
         [[scales.abcd.levels]]\nkey = \"D\"\ncolor = \"#b3261e\"\n\n\
         # Manual grades in words, no colours: the default palette.\n\
         [scales.words]\nname = \"進捗の区分\"\n\
         [[scales.words.levels]]\nkey = \"A\"\nslug = \"done\"\nlabel = \"計画どおり進んでいる\"\ndescription = \"計画どおりに取組を進めた\"\n\
         [[scales.words.levels]]\nkey = \"B\"\nslug = \"partly\"\nlabel = \"一部遅れている\"\ndescription = \"取組の一部に遅れがある\"\n\
         [[scales.words.levels]]\nkey = \"C\"\nslug = \"behind\"\nlabel = \"遅れている\"\ndescription = \"取組が計画より遅れている\"\n\
         [[scales.words.levels]]\nkey = \"D\"\nslug = \"stopped\"\nlabel = \"未着手・休止\"\n"
    )
}

fn plan(g: Gen, root: &Path, city: &str, p: usize, items: usize, hugo: Option<&Path>) {
    let Gen {
        rng,
        vary,
        plain_scale,
    } = g;
    let slug = format!("plan{p}");
    let first = 2019 + rng.below(3) as i32;
    let years = 5 + rng.below(4) as i32;
    let last = first + years - 1;
    let dir = root.join("content").join(city).join(&slug);
    let scale = if plain_scale { "words" } else { "abcd" };
    let mut index = format!(
        "+++\ntitle = \"行政改革実施計画{p}\"\nperiod = [{first}, {last}]\nreport_year = {}\nscale = \"{scale}\"\ncategory_levels = [\"大分類\", \"小分類\"]\n",
        last - 1
    );
    for g in 1..=4 {
        let _ = write!(
            index,
            "\n[[categories]]\nid = \"{g}\"\ntitle = \"{}の推進\"\n",
            rng.pick(WORDS)
        );
        for s in 1..=3 {
            let _ = write!(
                index,
                "[[categories.children]]\nid = \"{g}-{s}\"\ntitle = \"{}の見直し\"\n",
                rng.pick(WORDS)
            );
        }
    }
    index.push_str("+++\n計画の概要です。\n");
    write(&dir.join("_index.md"), &index);
    for i in 1..=items {
        let (toml, body, hugo_page) = item(rng, vary, i, first, last);
        write(
            &dir.join(format!("{i:03}.md")),
            &format!("+++\n{toml}+++\n{body}"),
        );
        if let Some(h) = hugo {
            write(
                &h.join("content")
                    .join(city)
                    .join(&slug)
                    .join(format!("{i:03}.md")),
                &hugo_page,
            );
        }
    }
}

/// The kind of figure a KPI counts, as in the demo's plans.
#[derive(Clone, Copy)]
enum Kind {
    Count,
    /// A share in %, with one decimal.
    Percent,
    /// Yen in the billions (a city's debt, its tax take).
    Yen,
}

/// One item as plansite front matter, its narrative, and the same as a Hugo page.
fn item(
    rng: &mut Rng,
    vary: &mut Rng,
    i: usize,
    first: i32,
    last: i32,
) -> (String, String, String) {
    let mut title = format!("{}と{}の推進", rng.pick(WORDS), rng.pick(WORDS));
    if vary.below(12) == 0 {
        // A long unbroken token, as titles that cite a page carry.
        title.push_str(
            "(https://www.city.example.lg.jp/kurashi/gyousei/keikaku/shinchoku/index.html)",
        );
    }
    let category = format!("{}-{}", 1 + rng.below(4), 1 + rng.below(3));
    let dept = rng.pick(DEPARTMENTS);
    let mut departments = format!("\"{dept}\"");
    if vary.below(5) == 0 {
        let _ = write!(departments, ", \"{}\"", vary.pick(DEPARTMENTS));
    }
    let mut t = format!("number = \"{i}\"\ntitle = \"{title}\"\ncategory = \"{category}\"\ndepartments = [{departments}]\n");
    let report = last - 1;
    let grade = ["A", "B", "C", "D"][rng.below(4) as usize];
    match vary.below(10) {
        // Not graded yet.
        0 => {}
        // Graded last year too.
        1..=4 => {
            let before = ["A", "B", "C", "D"][vary.below(4) as usize];
            let _ = writeln!(
                t,
                "status = {{ {} = \"{before}\", {report} = \"{grade}\" }}",
                report - 1
            );
        }
        _ => {
            let _ = writeln!(t, "status = {{ {report} = \"{grade}\" }}");
        }
    }
    let mut table = String::from("| 指標 | 年度 | 目標 | 実績 |\n|---|---|---|---|\n");
    for a in 0..2 {
        let _ = write!(
            t,
            "\n[[actions]]\ntitle = \"{}の実施({a})\"\nplan = {{ ",
            rng.pick(WORDS)
        );
        let plan: Vec<String> = (first..=last).map(|y| format!("{y} = \"実施\"")).collect();
        let _ = write!(
            t,
            "{} }}\nactual = {{ {first} = \"達成\" }}\n",
            plan.join(", ")
        );
    }
    let kpis = 1 + rng.below(3);
    // Drawn whatever happens, so the first stream stays as it was.
    let without_kpis = vary.below(15) == 0;
    for k in 0..kpis {
        let base = 100 + rng.below(10_000) as i64;
        let lower = rng.below(5) == 0;
        let kind = match vary.below(6) {
            0 => Kind::Percent,
            1 => Kind::Yen,
            _ => Kind::Count,
        };
        let targets_only = vary.below(10) == 0;
        let gap = vary.below(10) == 0;
        let estimate = vary.below(8) == 0;
        let (name, unit) = match kind {
            Kind::Count => ("件数", "件"),
            Kind::Percent => ("割合", "%"),
            Kind::Yen => ("金額", "円"),
        };
        let show = |v: i64| -> String {
            match kind {
                Kind::Count => v.to_string(),
                // 100..10,100 → 10.0..99.9 %, one decimal.
                Kind::Percent => format!("{:.1}", 10.0 + (v.rem_euclid(9_000)) as f64 / 100.0),
                Kind::Yen => (v * 1_000_000).to_string(),
            }
        };
        let mut kpi = format!(
            "\n[[kpis]]\nname = \"{}の{name}{k}\"\nunit = \"{unit}\"\ndirection = \"{}\"\nbaseline = {{ year = {}, value = {} }}\n",
            rng.pick(WORDS),
            if lower { "lower" } else { "higher" },
            first - 1,
            show(base)
        );
        let mut targets = Vec::new();
        let mut actuals = Vec::new();
        for (n, y) in (first..=last).enumerate() {
            let step = (n as i64 + 1) * (base / 20 + 1);
            let target = if lower { base - step } else { base + step };
            let actual = target + rng.below(base as u64 / 5 + 1) as i64 - base / 10;
            targets.push(format!("{y} = {}", show(target)));
            let measured = y <= report && !targets_only && !(gap && y == report - 1);
            let _ = writeln!(
                table,
                "| {name}{k} | {y} | {} | {} |",
                show(target),
                if measured {
                    show(actual)
                } else {
                    String::new()
                }
            );
            if measured {
                if estimate && y == report {
                    actuals.push(format!(
                        "{y} = {{ value = {}, note = \"見込\" }}",
                        show(actual)
                    ));
                } else {
                    actuals.push(format!("{y} = {}", show(actual)));
                }
            }
        }
        let _ = write!(
            kpi,
            "targets = {{ {} }}\nactuals = {{ {} }}\n",
            targets.join(", "),
            actuals.join(", ")
        );
        if !without_kpis {
            t.push_str(&kpi);
        }
    }
    let mut body = String::from("## 取組状況\n\n");
    for _ in 0..6 + rng.below(6) {
        let sentence: &&str = rng.pick(SENTENCES);
        body.push_str(sentence);
    }
    body.push('\n');
    let hugo = format!(
        "---\ntitle: \"{title}\"\nnumber: \"{i}\"\ncategory: \"{category}\"\ndepartment: \"{dept}\"\n---\n{body}\n{table}"
    );
    (t, body, hugo)
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().expect("a file has a folder")).expect("can create folders");
    fs::write(path, text).expect("can write the corpus");
}
