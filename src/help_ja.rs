//! `plansite --help` in Japanese.
//!
//! clap's derive takes its help from doc comments, in English only. The
//! language of help is decided before the arguments are parsed (`--lang`,
//! else `PLANSITE_LANG`, else Japanese: the site's `language` is not known
//! until `--root` is), and for Japanese the command is rebuilt here from
//! [`TEXTS`]. A new subcommand or option gets its Japanese help by adding
//! rows to that table; a row naming nothing is a test failure.

use clap::{Arg, ArgAction, Command};
use plansite::config::Language;

/// (subcommand, argument id, Japanese). Subcommand "" is the top level and
/// "*" every subcommand that has the option (those flattened into each);
/// argument id "" is the command's own description. Defaults and choices are written into the
/// text, as clap's "[default: …]" is English.
pub const TEXTS: &[(&str, &str, &str)] = &[
    (
        "",
        "",
        "TOML のフロントマターで書いた計画のデータから、自治体の計画の進捗状況を公開するウェブサイトを作ります",
    ),
    (
        "",
        "lang",
        "メッセージの言語: ja または en [既定: サイトの language、なければ ja。環境変数 PLANSITE_LANG でも指定できます]",
    ),
    (
        "build",
        "",
        "サイトを出力先のフォルダに作ります(ビルドが成功したときだけ、まるごと置き換えます)",
    ),
    (
        "build",
        "output",
        "サイトを書き出すフォルダ [既定: ROOT/public]",
    ),
    ("build", "timings", "処理の段階ごとにかかった時間を表示します"),
    (
        "build",
        "pdf",
        "計画ごとの PDF(CITY/PLAN/PLAN.pdf)も作ります。Chromium で印刷します(PLANSITE_CHROMIUM、なければ PATH 上の chromium)",
    ),
    (
        "check",
        "",
        "build と同じように内容・設定・テンプレートを確認します。何も書き出しません",
    ),
    (
        "check",
        "links",
        "作ったページのサイト内のリンクもすべてたどって確かめます",
    ),
    (
        "*",
        "root",
        "サイトのフォルダ: site.toml と content/ のあるフォルダ [既定: .]",
    ),
    (
        "*",
        "message_format",
        "問題の表示形式: human(該当する行とその下の ^ 印を添える)または short(1件を1行で: ファイル:行:列: エラー: 内容)[既定: human]",
    ),
    ("*", "quiet", "問題だけを表示し、まとめの行は表示しません"),
    (
        "init",
        "",
        "DIR に新しいサイトを作ります(まだないフォルダか空のフォルダ)。説明のコメントは --lang の言語で書きます(既定: ja)",
    ),
    ("init", "dir", "新しいサイトのフォルダ"),
    ("serve","","サイトをこのパソコンのアドレスでプレビューします。保存するたびに作り直してページを自動で更新し、エラーはページの上に表示します。public/ には書き出しません"),
    ("serve","port","待ち受けるポート番号。0 で空いている番号を選びます [既定: 8000、使われていれば次の空いている番号]"),
    ("serve","bind","待ち受けるアドレス。127.0.0.1 以外にすると、同じネットワークのほかの人もプレビューを見られます [既定: 127.0.0.1]"),
    ("serve","open","既定のブラウザでアドレスを開きます"),
    (
        "export",
        "",
        "計画をワークブック(.xlsx)または CSV ファイルに書き出します。担当者が記入したあと plansite import ファイル名 で取り込みます",
    ),
    ("export", "plan", "書き出す計画。市町村/計画 の形で(例: mine/reform)"),
    (
        "export",
        "output",
        "書き出し先: ワークブックのファイル [既定: 市町村.計画.xlsx]。CSV のときは4つのファイルを置くフォルダ [既定: 今のフォルダ]",
    ),
    (
        "export",
        "format",
        "形式: xlsx(ワークブック)または csv(シートごとのファイル)[既定: xlsx]",
    ),
    (
        "export",
        "encoding",
        "CSV の文字コード: utf8(BOM付き)または sjis(Shift_JIS/CP932)[既定: utf8]",
    ),
    (
        "export",
        "force",
        "すでにあるファイルを上書きします",
    ),
    (
        "import",
        "",
        "export で作ったブック(.xlsx)または CSV ファイルを内容のファイルに取り込みます。エラーが一つでもあれば何も書き込みません",
    ),
    ("import", "files", "取り込むブック、または一つの計画の CSV ファイル"),
    (
        "import",
        "plan",
        "取り込む計画を 市町村/計画 で指定します [既定: ブックに書かれた計画、なければ CSV のファイル名 市町村.計画.シート名.csv]",
    ),
    (
        "import",
        "dry_run",
        "変更を差分(diff)で表示するだけで、何も書き込みません",
    ),
    ("serve","poll","変更の通知を待たず、0.4 秒ごとにファイルを確かめます(ネットワークドライブ、WSL の /mnt/c、Docker、共有フォルダ)"),
    ("serve", "timings", "作り直しのたびに、処理の段階ごとにかかった時間を表示します"),
];

/// The language `--help` and argument errors speak: `--lang` as written in
/// `args`, else `PLANSITE_LANG`, else Japanese.
pub fn language(args: &[std::ffi::OsString], env: Option<std::ffi::OsString>) -> Language {
    let mut given = None;
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        if a == "--lang" {
            given = it.next().map(|v| v.into_owned());
        } else if let Some(v) = a.strip_prefix("--lang=") {
            given = Some(v.to_string());
        }
    }
    let given = given.or_else(|| env.map(|e| e.to_string_lossy().into_owned()));
    match given.as_deref() {
        Some("en") => Language::En,
        _ => Language::Ja,
    }
}

/// `cmd` with its help in Japanese.
pub fn japanese(cmd: Command) -> Command {
    let mut cmd = localise(cmd, "");
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(&name, |sub| localise(sub, &name));
    }
    // clap adds its `help` subcommand when the command is built: built
    // here, so that it can be given Japanese words too.
    cmd = cmd.subcommand_help_heading("コマンド");
    cmd.build();
    cmd.mut_subcommand("help", |h| {
        h.about("このメッセージ、または指定したコマンドのヘルプを表示します")
    })
}

/// One command's texts, headings, and the help and version flags.
fn localise(mut cmd: Command, name: &str) -> Command {
    let texts = TEXTS
        .iter()
        .filter(|(sub, _, _)| *sub == name || (*sub == "*" && !name.is_empty()));
    for (sub, id, ja) in texts {
        // A row for every subcommand skips one without that option.
        let absent = || !cmd.get_arguments().any(|a| a.get_id() == *id);
        if *sub == "*" && !id.is_empty() && absent() {
            continue;
        }
        if id.is_empty() {
            cmd = cmd.about(*ja).long_about(None);
        } else {
            cmd = cmd.mut_arg(*id, |a| {
                let a = a.help(*ja).long_help(None).hide_env(true);
                // clap's own notes are English; the text above says the same.
                if a.get_action().takes_values() {
                    a.hide_default_value(true).hide_possible_values(true)
                } else {
                    a
                }
            });
        }
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        cmd = cmd.mut_arg(&id, |a| {
            let heading = if a.is_positional() {
                "引数"
            } else {
                "オプション"
            };
            a.help_heading(heading)
        });
    }
    cmd = cmd
        .help_template("{about-with-newline}\n使い方: {usage}\n\n{all-args}{after-help}")
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("ヘルプを表示します")
                .help_heading("オプション"),
        );
    if name.is_empty() {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("バージョンを表示します")
                .help_heading("オプション"),
        );
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every row names a command or option that exists (clap panics on
    /// one that does not), and every command and option has a row: a new
    /// one without Japanese help fails here.
    #[test]
    fn every_command_and_option_has_japanese_help() {
        let english = crate::Cli::command();
        japanese(english.clone()).debug_assert();
        let has = |sub: &str, id: &str| {
            TEXTS
                .iter()
                .any(|(s, i, _)| (*s == sub || (*s == "*" && !sub.is_empty())) && *i == id)
        };
        let mut missing = Vec::new();
        for arg in english.get_arguments() {
            if !has("", arg.get_id().as_str()) {
                missing.push(format!("--{}", arg.get_id()));
            }
        }
        for sub in english.get_subcommands() {
            let name = sub.get_name();
            if !has(name, "") {
                missing.push(name.to_string());
            }
            for arg in sub.get_arguments().filter(|a| !a.is_global_set()) {
                if !has(name, arg.get_id().as_str()) {
                    missing.push(format!("{name} --{}", arg.get_id()));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "no row in help_ja::TEXTS for {missing:?}"
        );
    }

    #[test]
    fn language_comes_from_the_arguments_then_the_environment() {
        let args = |a: &[&str]| -> Vec<std::ffi::OsString> { a.iter().map(|s| s.into()).collect() };
        let none = args(&["plansite", "--help"]);
        assert_eq!(language(&none, None), Language::Ja);
        assert_eq!(language(&none, Some("en".into())), Language::En);
        let en = args(&["plansite", "build", "--lang", "en", "--help"]);
        assert_eq!(language(&en, Some("ja".into())), Language::En);
        let ja = args(&["plansite", "--lang=ja", "--help"]);
        assert_eq!(language(&ja, Some("en".into())), Language::Ja);
    }
}
