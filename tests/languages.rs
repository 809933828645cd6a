//! Which language the command line speaks: `--lang`, else PLANSITE_LANG,
//! else the site's `language`, else Japanese; `--help` is Japanese unless
//! `--lang en` or PLANSITE_LANG=en (the site is not known before parsing).

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::*;

/// The binary without the PLANSITE_LANG that `common::plansite` sets.
fn run(root: &Path, args: &[&str], env_lang: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_plansite"));
    cmd.args(args).current_dir(root).env("NO_COLOR", "1");
    match env_lang {
        Some(l) => cmd.env("PLANSITE_LANG", l),
        None => cmd.env_remove("PLANSITE_LANG"),
    };
    cmd.output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The basic site with `language` set (or not) and an item key misspelt.
fn site_with(language: Option<&str>, broken: bool) -> tempfile::TempDir {
    let site = common::site("basic");
    let toml = site.path().join("site.toml");
    if let Some(l) = language {
        let text = std::fs::read_to_string(&toml).unwrap();
        std::fs::write(&toml, format!("language = \"{l}\"\n{text}")).unwrap();
    }
    if broken {
        let item = site.path().join("content/testcity/reform/02.md");
        let text = std::fs::read_to_string(&item).unwrap();
        std::fs::write(&item, text.replacen("title", "titel", 1)).unwrap();
    }
    site
}

#[test]
fn a_site_without_a_language_hears_japanese() {
    let site = site_with(None, false);
    let out = run(site.path(), &["build"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("plansite: 自治体 1、計画 1、項目 2、")
            && err.contains("ページを public に書き出しました。警告 0 件。"),
        "{err}"
    );
    let site = site_with(None, true);
    let out = run(site.path(), &["check", "--message-format", "short"], None);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("content/testcity/reform/02.md:3:1: エラー: titel: 不明なキーです"),
        "{err}"
    );
    assert!(
        err.contains("plansite: エラー 2 件、警告 0 件のため失敗しました。何も書き出していません"),
        "{err}"
    );
    // The quoted form names its hint in Japanese too.
    let out = run(site.path(), &["check"], None);
    let err = stderr(&out);
    assert!(
        err.contains("ヒント: `title` の書き間違いではありませんか?")
            && err.contains("ヒント: 次のような行を追加してください: title = "),
        "{err}"
    );
    assert!(!err.contains("help:"), "{err}");
}

#[test]
fn a_site_in_english_hears_english_unless_told_otherwise() {
    let site = site_with(Some("en"), true);
    let out = run(site.path(), &["check", "--message-format", "short"], None);
    let err = stderr(&out);
    assert!(err.contains("error: titel: unknown key"), "{err}");
    assert!(err.contains("plansite: failed with 2 errors"), "{err}");
    // --lang and PLANSITE_LANG come before the site's setting.
    let out = run(
        site.path(),
        &["check", "--message-format", "short", "--lang", "ja"],
        None,
    );
    assert!(
        stderr(&out).contains("エラー: titel: 不明なキーです"),
        "{}",
        stderr(&out)
    );
    let out = run(
        site.path(),
        &["check", "--message-format", "short"],
        Some("ja"),
    );
    assert!(
        stderr(&out).contains("エラー: titel: 不明なキーです"),
        "{}",
        stderr(&out)
    );

    let site = site_with(Some("en"), false);
    let out = run(site.path(), &["check"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("plansite: 1 city, 1 plan, 2 items, ")
            && stderr(&out).contains("(checked, nothing written); 0 warnings;"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn help_is_japanese_unless_english_is_asked_for() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ja = stdout(&run(here, &["--help"], None));
    assert!(ja.contains("使い方: plansite"), "{ja}");
    assert!(
        ja.contains("コマンド:") && ja.contains("オプション:"),
        "{ja}"
    );
    // The column of descriptions moves with the longest command's name.
    assert!(
        ja.lines().any(|l| l
            .trim_start()
            .strip_prefix("build ")
            .is_some_and(|rest| rest
                .trim_start()
                .starts_with("サイトを出力先のフォルダに作ります"))),
        "{ja}"
    );
    assert!(!ja.contains("Usage:") && !ja.contains("Print help"), "{ja}");
    let build = stdout(&run(here, &["build", "--help"], None));
    assert!(
        build.contains("サイトを書き出すフォルダ [既定: ROOT/public]"),
        "{build}"
    );
    let via_help = stdout(&run(here, &["help", "check"], None));
    assert!(via_help.contains("何も書き出しません"), "{via_help}");

    for (args, env) in [
        (&["--lang", "en", "--help"][..], None),
        (&["--lang=en", "--help"][..], Some("ja")),
        (&["--help"][..], Some("en")),
    ] {
        let en = stdout(&run(here, args, env));
        assert!(en.contains("Usage: plansite"), "{args:?} {env:?}: {en}");
        assert!(en.contains("Build the site into the output folder"), "{en}");
        assert!(!en.contains("使い方"), "{en}");
    }
}

/// What is said before the site is loaded (a build waiting for another)
/// follows the site's `language`, read on its own.
#[test]
fn the_language_is_read_before_the_site_is() {
    use plansite::config::{peek_language, Language};
    let en = site_with(Some("en"), false);
    assert_eq!(peek_language(en.path()), Some(Language::En));
    let ja = site_with(Some("ja"), false);
    assert_eq!(peek_language(ja.path()), Some(Language::Ja));
    let unset = site_with(None, false);
    assert_eq!(peek_language(unset.path()), None);
    std::fs::write(unset.path().join("site.toml"), "language = \"en\"\n[[").unwrap();
    assert_eq!(peek_language(unset.path()), None, "a broken site.toml");
}

#[test]
fn a_waiting_build_says_so_in_the_sites_language() {
    let site = site_with(None, false);
    let root = site.path();
    assert!(run(root, &["build"], None).status.success());
    // This test stands for the other build: it holds the output's lock.
    let held = plansite::output::Lock::take(&root.join(".public.plansite-lock"), &|_| {}).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_plansite"))
        .env_remove("PLANSITE_LANG")
        .env("NO_COLOR", "1")
        .args(["build"])
        .current_dir(root)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    drop(held);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let waited = format!(
        "plansite: 別の plansite のビルド(プロセス {})が public に書き込み中です。終わるまで待ちます\n",
        std::process::id()
    );
    assert!(stderr(&out).starts_with(&waited), "{}", stderr(&out));
}
