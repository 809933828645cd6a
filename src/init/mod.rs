//! `plansite init`: a new site that builds and serves at once, for staff
//! who start a city without copying the demo. Every file is a template
//! embedded here, in Japanese and in English, with every field commented in
//! the site's language; `site.toml` offers the demo cities' grading scales
//! as presets to choose from.

use std::path::Path;

use crate::config::Language;
use crate::diagnostics::{Diagnostic, Location};
use crate::tr;

/// A file of the new site: its path inside the site, what it is (for the
/// report), and its text in each language.
struct Template {
    path: &'static str,
    what: (&'static str, &'static str),
    ja: &'static str,
    en: &'static str,
}

const TEMPLATES: [Template; 6] = [
    Template {
        path: "site.toml",
        what: (
            "サイトの設定と評価の基準",
            "site settings and grading scales",
        ),
        ja: include_str!("ja/site.toml"),
        en: include_str!("en/site.toml"),
    },
    Template {
        path: "content/_index.md",
        what: ("トップページの文章", "the home page's text"),
        ja: include_str!("ja/_index.md"),
        en: include_str!("en/_index.md"),
    },
    Template {
        path: "content/sample-city/_index.md",
        what: ("市", "the city"),
        ja: include_str!("ja/city.md"),
        en: include_str!("en/city.md"),
    },
    Template {
        path: "content/sample-city/reform/_index.md",
        what: ("計画", "the plan"),
        ja: include_str!("ja/plan.md"),
        en: include_str!("en/plan.md"),
    },
    Template {
        path: "content/sample-city/reform/01.md",
        what: ("項目(成果指標のある例)", "an item with a KPI"),
        ja: include_str!("ja/item-kpi.md"),
        en: include_str!("en/item-kpi.md"),
    },
    Template {
        path: "content/sample-city/reform/02.md",
        what: ("項目(スケジュールだけの例)", "an item with a schedule only"),
        ja: include_str!("ja/item-schedule.md"),
        en: include_str!("en/item-schedule.md"),
    },
];

/// Makes a new site in `dir` in `lang`, creating `dir` and its parents. A
/// `dir` that exists and is not an empty folder is refused before anything
/// is written. Returns the paths made, relative to `dir`.
pub fn create(dir: &Path, lang: Language) -> Result<Vec<&'static str>, Diagnostic> {
    let shown = crate::diagnostics::printable(&dir.display().to_string()).into_owned();
    let at = || Location::Path {
        display: shown.clone(),
        line_col: None,
    };
    if dir.exists() && !dir.is_dir() {
        return Err(Diagnostic::error(
            at(),
            tr!(
                "この名前のファイルがすでにあるため、新しいサイトを作りません",
                "a file of this name exists, so no new site was made"
            ),
        ));
    }
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(Diagnostic::error(
                    at(),
                    tr!(
                        "このフォルダは空ではないため、新しいサイトを作りません(何も書き込んでいません)",
                        "this folder is not empty, so no new site was made in it (nothing was written)"
                    ),
                )
                .with_help(tr!(
                    "まだないフォルダか空のフォルダを指定してください。例: plansite init new-site",
                    "name a folder that does not exist yet or is empty, e.g. plansite init new-site"
                )));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            return Err(Diagnostic::error(
                at(),
                tr!("フォルダを読めません: {e}", "cannot read the folder: {e}"),
            ))
        }
    }
    for t in &TEMPLATES {
        let path = dir.join(t.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Diagnostic::error(
                    at(),
                    tr!("フォルダを作れません: {e}", "cannot create the folder: {e}"),
                )
            })?;
        }
        let text = match lang {
            Language::Ja => t.ja,
            Language::En => t.en,
        };
        std::fs::write(&path, text).map_err(|e| {
            Diagnostic::error(
                Location::Path {
                    display: crate::diagnostics::printable(&path.display().to_string())
                        .into_owned(),
                    line_col: None,
                },
                tr!(
                    "ファイルを書き込めません: {e}",
                    "cannot write the file: {e}"
                ),
            )
        })?;
    }
    Ok(TEMPLATES.iter().map(|t| t.path).collect())
}

/// What `init` made and the commands to run next, for the terminal.
pub fn report(dir: &Path, made: &[&str], lang: Language) -> String {
    let shown = crate::diagnostics::printable(&dir.display().to_string()).into_owned();
    let mut out = tr!(
        "新しいサイトを {shown} に作りました:\n",
        "Made a new site in {shown}:\n"
    )
    .get(lang)
    .to_string();
    let width = made.iter().map(|p| p.len()).max().unwrap_or(0);
    for path in made {
        let what = TEMPLATES
            .iter()
            .find(|t| t.path == *path)
            .map_or("", |t| match lang {
                Language::Ja => t.what.0,
                Language::En => t.what.1,
            });
        out.push_str(&format!("  {path:width$}  {what}\n"));
    }
    let cd = shell_word(&shown);
    out.push_str(
        tr!(
            "\nプレビューするには(保存するたびにページが更新されます):\n  cd {cd}\n  plansite serve\n公開用のファイルを public/ に作るには:\n  plansite build\n",
            "\nTo preview it (pages update whenever you save):\n  cd {cd}\n  plansite serve\nTo make the files to publish, in public/:\n  plansite build\n"
        )
        .get(lang),
    );
    out
}

/// `word` as a shell reads it: quoted when it holds anything but plain
/// path characters, so that the printed `cd` line can be pasted.
fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./~".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cd_line_can_be_pasted() {
        assert_eq!(shell_word("sites/mine"), "sites/mine");
        assert_eq!(shell_word("新しいサイト"), "'新しいサイト'");
        assert_eq!(shell_word("it's here"), r"'it'\''s here'");
    }
}
