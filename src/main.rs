//! The `plansite` command line.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use plansite::config::Language;
use plansite::diagnostics::{Severity, Text};
use plansite::{tr, Outcome};
use rayon::prelude::*;

mod help_ja;

/// Build the public website of municipal plan-progress reports from plan data
/// kept as TOML front-matter files.
#[derive(Parser)]
#[command(name = "plansite", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Language of messages: ja or en [default: the site's `language`, else ja].
    #[arg(long, global = true, value_enum, env = "PLANSITE_LANG")]
    lang: Option<Lang>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Lang {
    Ja,
    En,
}

impl Lang {
    fn language(self) -> Language {
        match self {
            Lang::Ja => Language::Ja,
            Lang::En => Language::En,
        }
    }

    fn flag(lang: Option<Lang>) -> Option<Language> {
        lang.map(Lang::language)
    }

    fn of(lang: Option<Lang>, outcome: &Outcome) -> Language {
        match lang {
            Some(l) => l.language(),
            None => outcome.summary.language.unwrap_or_default(),
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum MessageFormat {
    /// Each problem with the source line and a caret under it.
    Human,
    /// One line per problem: FILE:LINE:COL: error: MESSAGE.
    Short,
}

#[derive(clap::Args)]
struct Common {
    /// The site folder: the one with site.toml and content/.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// How problems are printed.
    #[arg(long, value_enum, default_value = "human")]
    message_format: MessageFormat,
    /// Print problems only, no summary.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Make a new site in DIR (a folder that does not exist yet or is empty),
    /// commented in the language of --lang (default ja).
    Init {
        /// The folder of the new site.
        dir: PathBuf,
    },
    /// Build the site into the output folder (replaced whole, only if the build succeeds).
    Build {
        #[command(flatten)]
        common: Common,
        /// Where to write the site [default: ROOT/public].
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Print how long each stage took.
        #[arg(long)]
        timings: bool,
        /// Also make a PDF of each plan (CITY/PLAN/PLAN.pdf), printed by
        /// Chromium (PLANSITE_CHROMIUM, else chromium on PATH).
        #[arg(long)]
        pdf: bool,
    },
    /// Check content, settings and templates as `build` does, writing nothing.
    Check {
        #[command(flatten)]
        common: Common,
        /// Also follow every internal link of the rendered pages.
        #[arg(long)]
        links: bool,
    },
    /// Preview the site at a local address, rebuilding and reloading the
    /// pages as files change; errors show in the page. Never writes into public/.
    Serve {
        #[command(flatten)]
        common: Common,
        /// Port to listen on; 0 picks a free one [default: 8000, else the next free one].
        #[arg(long)]
        port: Option<u16>,
        /// Address to listen on; any other than 127.0.0.1 lets others on the network see the preview.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the address in the default browser.
        #[arg(long)]
        open: bool,
        /// Look at the files every 0.4 s instead of waiting for the system's
        /// change events (network drives, WSL's /mnt/c, Docker, shared folders).
        #[arg(long)]
        poll: bool,
        /// Print how long each stage of every rebuild took.
        #[arg(long)]
        timings: bool,
    },
    /// Write a plan as a workbook (.xlsx) for staff to fill in, or as CSV
    /// files; read it back with `plansite import FILE`.
    Export {
        #[command(flatten)]
        common: Common,
        /// The plan, as CITY/PLAN (e.g. mine/reform).
        plan: String,
        /// Where to write: the workbook's file [default: CITY.PLAN.xlsx], or for
        /// CSV the folder of the four files [default: the current folder].
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// xlsx (a workbook) or csv (a file per sheet).
        #[arg(long, value_enum, default_value = "xlsx")]
        format: ExportFormat,
        /// Encoding of CSV files: utf8 (with BOM) or sjis (CP932).
        #[arg(long, value_enum, default_value = "utf8")]
        encoding: CsvEncoding,
        /// Overwrite files that already exist.
        #[arg(long)]
        force: bool,
    },
    /// Read a workbook (.xlsx) or CSV files made by `export` back into the
    /// content files; nothing is written if there is any error.
    Import {
        /// The workbook, or the CSV files of one plan.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// The site folder: the one with site.toml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The plan the files are for, CITY/PLAN [default: the one the
        /// workbook names, else the CSV files' names CITY.PLAN.SHEET.csv].
        #[arg(long, value_name = "CITY/PLAN")]
        plan: Option<String>,
        /// Print the changes as a diff and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// How problems are printed.
        #[arg(long, value_enum, default_value = "human")]
        message_format: MessageFormat,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Xlsx,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum CsvEncoding {
    Utf8,
    Sjis,
}

// Rendering allocates many small values on every core; mimalloc keeps that
// from serialising on the system allocator's locks.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The command line as clap reads it, with help in `lang`.
fn command(lang: Language) -> clap::Command {
    match lang {
        Language::Ja => help_ja::japanese(Cli::command()),
        Language::En => Cli::command(),
    }
}

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let help_lang = help_ja::language(&args, std::env::var_os("PLANSITE_LANG"));
    let cli = command(help_lang)
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m))
        .unwrap_or_else(|e| e.exit());
    match cli.command {
        Command::Build {
            common,
            output,
            timings,
            pdf,
        } => {
            // `public`, not `./public`, in messages when run in the site.
            let out = output.unwrap_or_else(|| match common.root.as_os_str() == "." {
                true => PathBuf::from("public"),
                false => common.root.join("public"),
            });
            // Said before the site is read: the site's language from a look at site.toml.
            let early = cli
                .lang
                .map(Lang::language)
                .or_else(|| plansite::config::peek_language(&common.root));
            let bar = progress_bar(&common, early.unwrap_or_default());
            let outcome = match pdf {
                true => plansite::pdf::build(&common.root, &out, &bar, early),
                false => plansite::build_speaking_then_exit(&common.root, &out, &bar, early),
            };
            if timings {
                print_timings(&outcome, Lang::of(cli.lang, &outcome));
            }
            let out = out.display().to_string();
            let out = plansite::diagnostics::printable(&out);
            let lang = Lang::of(cli.lang, &outcome);
            let code = report(
                &outcome,
                &common,
                lang,
                &tr!("を {out} に書き出しました", "into {out}"),
            );
            exit_now(code)
        }
        Command::Init { dir } => {
            let lang = match cli.lang {
                Some(Lang::En) => Language::En,
                _ => Language::Ja,
            };
            match plansite::init::create(&dir, lang) {
                Ok(made) => {
                    print!("{}", plansite::init::report(&dir, &made, lang));
                    ExitCode::SUCCESS
                }
                Err(d) => {
                    let color =
                        std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
                    eprintln!("{}", d.render(color, lang));
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check { common, links } => {
            let outcome = plansite::check(&common.root, links);
            let lang = Lang::of(cli.lang, &outcome);
            report(
                &outcome,
                &common,
                lang,
                &tr!(
                    "を確認しました(何も書き出していません)",
                    "(checked, nothing written)"
                ),
            )
        }
        Command::Serve {
            common,
            port,
            bind,
            open,
            poll,
            timings,
        } => {
            let options = plansite::serve::Options {
                root: common.root.clone(),
                port,
                bind,
                open,
                poll,
                lang: Lang::flag(cli.lang),
            };
            let on_outcome = |outcome: &Outcome| {
                let lang = Lang::of(cli.lang, outcome);
                if timings {
                    print_timings(outcome, lang);
                }
                let _ = report(outcome, &common, lang, &tr!("(プレビュー)", "(preview)"));
            };
            match plansite::serve::run(&options, &on_outcome) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("{message}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Export {
            common,
            plan,
            output,
            format,
            encoding,
            force,
        } => export(
            &common,
            &plan,
            output.as_deref(),
            format,
            encoding,
            force,
            cli.lang,
        ),
        Command::Import {
            files,
            root,
            plan,
            dry_run,
            message_format,
        } => {
            let imported = plansite::workbook::import::run(&root, &files, plan.as_deref(), dry_run);
            let lang = match cli.lang {
                Some(l) => l.language(),
                None => imported.language.unwrap_or_default(),
            };
            import_report(&imported, message_format, lang, dry_run)
        }
    }
}

/// Prints an import's findings, then the diff (`--dry-run`, on stdout) or
/// what was written.
fn import_report(
    imported: &plansite::workbook::import::Imported,
    format: MessageFormat,
    lang: Language,
    dry_run: bool,
) -> ExitCode {
    print_diagnostics(&imported.diagnostics, format, lang);
    if imported.failed() {
        let errors = imported.diagnostics.count(Severity::Error);
        let line = Text::new(
            format!("plansite: エラー {errors} 件のため取り込みませんでした。内容のファイルは変えていません"),
            format!(
                "plansite: not imported, {errors} error{}; no content file was changed",
                plural(errors)
            ),
        );
        eprintln!("{}", line.get(lang));
        return ExitCode::FAILURE;
    }
    let n = imported.changes.len();
    if n == 0 {
        eprintln!("{}", tr!("変更はありません", "no changes").get(lang));
        return ExitCode::SUCCESS;
    }
    if dry_run {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(imported.diff.as_bytes());
        let _ = out.flush();
        let line = Text::new(
            format!("{n} ファイルが変わります(--dry-run のため書き込んでいません)"),
            format!(
                "{n} file{} would change (--dry-run: nothing written)",
                plural(n)
            ),
        );
        eprintln!("{}", line.get(lang));
        return ExitCode::SUCCESS;
    }
    let line = Text::new(
        format!("{n} ファイルを更新しました"),
        format!("updated {n} file{}", plural(n)),
    );
    eprintln!("{}", line.get(lang));
    for path in &imported.written {
        let shown = path.display().to_string();
        eprintln!("  {}", plansite::diagnostics::printable(&shown));
    }
    ExitCode::SUCCESS
}

/// `plansite export`: the plan's workbook or CSV files, never over a file
/// already there unless `force`.
fn export(
    common: &Common,
    id: &str,
    output: Option<&std::path::Path>,
    format: ExportFormat,
    encoding: CsvEncoding,
    force: bool,
    lang: Option<Lang>,
) -> ExitCode {
    use plansite::workbook::export as ex;
    let format = match format {
        ExportFormat::Xlsx => ex::Format::Xlsx,
        ExportFormat::Csv => ex::Format::Csv,
    };
    let encoding = match encoding {
        CsvEncoding::Utf8 => ex::CsvEncoding::Utf8,
        CsvEncoding::Sjis => ex::CsvEncoding::Sjis,
    };
    let done = ex::run(&common.root, id, output, format, encoding, force);
    let lang = match lang {
        Some(l) => l.language(),
        None => done.language.unwrap_or_default(),
    };
    print_diagnostics(&done.diagnostics, common.message_format, lang);
    if done.diagnostics.has_errors() {
        let line = tr!(
            "plansite: 書き出せませんでした。何も書き出していません",
            "plansite: export failed; nothing was written"
        );
        eprintln!("{}", line.get(lang));
        return ExitCode::FAILURE;
    }
    if !common.quiet {
        let shown = done
            .written
            .iter()
            .map(|p| plansite::diagnostics::printable(&p.display().to_string()).into_owned())
            .collect::<Vec<_>>()
            .join(" ");
        let line = tr!(
            "plansite: 計画 {id} を {shown} に書き出しました。記入したら plansite import {shown} で内容のファイルに取り込みます",
            "plansite: wrote plan {id} to {shown}; after filling it in, run plansite import {shown} to bring it into the content files"
        );
        println!("{}", line.get(lang));
    }
    ExitCode::SUCCESS
}

/// Every finding, sorted, in `format` and `lang`, on stderr.
fn print_diagnostics(
    diagnostics: &plansite::diagnostics::Diagnostics,
    format: MessageFormat,
    lang: Language,
) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    // A national corpus can carry ten thousand findings: they are drawn on
    // every core and written through one buffer (stderr has none).
    let shown: Vec<String> = diagnostics
        .sorted()
        .par_iter()
        .map(|d| match format {
            MessageFormat::Short => format!("{}\n", d.line(lang)),
            MessageFormat::Human => format!("{}\n\n", d.render(color, lang)),
        })
        .collect();
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    for text in &shown {
        // Nowhere to report a closed stderr; the exit code still tells.
        let _ = err.write_all(text.as_bytes());
    }
    let _ = err.flush();
}

/// Ends the process with `code` (success or failure) once what it printed
/// is flushed, without freeing what it holds or running the allocator's
/// clean-up at exit: the system takes the memory back at once, and at
/// national scale freeing it was about 0.1 s of a one-item rebuild
/// (docs/performance.md, change 36). Everything a build writes is closed
/// and its lock released before it returns.
fn exit_now(code: ExitCode) -> ! {
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    let status = if code == ExitCode::SUCCESS { 0 } else { 1 };
    // SAFETY: `_exit` ends the process; nothing after it runs.
    unsafe { libc::_exit(status) }
}

/// "failed with N errors and M warnings; nothing was written".
fn failure_line(diagnostics: &plansite::diagnostics::Diagnostics) -> Text {
    let errors = diagnostics.count(Severity::Error);
    let warnings = diagnostics.count(Severity::Warning);
    Text::new(
        format!("plansite: エラー {errors} 件、警告 {warnings} 件のため失敗しました。何も書き出していません"),
        format!(
            "plansite: failed with {errors} error{} and {warnings} warning{}; nothing was written",
            plural(errors),
            plural(warnings)
        ),
    )
}

/// A bar of pages rendered, shown only to a person watching a terminal: logs
/// and CI keep the single summary line.
fn progress_bar(common: &Common, lang: Language) -> indicatif::ProgressBar {
    if common.quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(0);
    let template = match lang {
        Language::Ja => "{spinner} ページを作成中 {pos}/{len} {wide_bar} 残り {eta}",
        Language::En => "{spinner} rendering {pos}/{len} pages {wide_bar} {eta}",
    };
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar
}

/// Prints the findings and the summary line in `lang`; `what` is what was
/// done with the pages ("into public").
fn report(outcome: &Outcome, common: &Common, lang: Language, what: &Text) -> ExitCode {
    let warnings = outcome.diagnostics.count(Severity::Warning);
    let disagreements = outcome.diagnostics.disagreements();
    let of_which = if disagreements > 0 {
        Text::new(
            format!("(うち {disagreements} 件は、報告された値が算出結果と一致しないもの)"),
            format!(
                " ({disagreements} of them reported figure{} that the computation does not confirm)",
                plural(disagreements)
            ),
        )
    } else {
        Text::from("")
    };
    let failed = outcome.failed();
    print_diagnostics(&outcome.diagnostics, common.message_format, lang);
    let s = &outcome.summary;
    if failed {
        eprintln!("{}", failure_line(&outcome.diagnostics).get(lang));
        return ExitCode::FAILURE;
    }
    if !common.quiet {
        let (what_ja, what_en, of_ja, of_en) = (&what.ja, &what.en, &of_which.ja, &of_which.en);
        let line = Text::new(
            format!(
                "plansite: 自治体 {}、計画 {}、項目 {}、成果指標 {} → {} ページ{what_ja}。警告 {warnings} 件{of_ja}。{:.2} 秒",
                s.cities, s.plans, s.items, s.kpis, s.pages, s.seconds
            ),
            format!(
                "plansite: {} cit{}, {} plan{}, {} item{}, {} KPI{} → {} page{} {what_en}; {warnings} warning{}{of_en}; {:.2} s",
                s.cities,
                if s.cities == 1 { "y" } else { "ies" },
                s.plans,
                plural(s.plans),
                s.items,
                plural(s.items),
                s.kpis,
                plural(s.kpis),
                s.pages,
                plural(s.pages),
                plural(warnings),
                s.seconds
            ),
        );
        eprintln!("{}", line.get(lang));
    }
    ExitCode::SUCCESS
}

/// `--timings`: each stage's seconds, in the order they ran.
fn print_timings(outcome: &Outcome, lang: Language) {
    for (stage, s) in &outcome.summary.stages {
        eprintln!("{s:8.3} s  {}", stage_name(stage, lang));
    }
    let kept = outcome.summary.kept;
    if kept > 0 {
        let n = plansite::render::format::number(kept as f64);
        eprintln!(
            "{}",
            match lang {
                Language::Ja => format!(
                    "{n} ページは元になるファイルが前回と同じため、作成せずに引き継ぎました"
                ),
                Language::En => format!(
                    "{n} page{} kept from the previous build: made from the same files",
                    plural(kept)
                ),
            }
        );
    }
}

/// A stage of `--timings` in `lang`; the library names them in English.
fn stage_name(stage: &'static str, lang: Language) -> &'static str {
    const JA: [(&str, &str); 18] = [
        ("load", "読み込み"),
        ("validate", "検証"),
        ("assess", "評価の算出"),
        ("templates", "テンプレート"),
        ("prepare output", "出力先の準備"),
        ("keep unchanged pages", "変わらないページの引き継ぎ"),
        ("render and write", "ページの作成と書き込み"),
        ("search index", "検索用の索引"),
        ("print PDF", "PDF の印刷"),
        ("swap in", "入れ替え"),
        ("validate and assess", "検証と評価の算出"),
        ("scope", "変更の範囲"),
        ("render", "ページの作成"),
        ("plan data files", "計画のデータファイル"),
        ("site data files", "サイト全体のデータファイル"),
        ("statics", "静的ファイル"),
        ("write", "書き込み"),
        ("write site-wide files", "サイト全体のファイルの書き込み"),
    ];
    match lang {
        Language::En => stage,
        Language::Ja => JA
            .iter()
            .find(|(en, _)| *en == stage)
            .map_or(stage, |(_, ja)| ja),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
