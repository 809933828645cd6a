//! The `plansite` command line.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use plansite::config::Language;
use plansite::diagnostics::Severity;
use plansite::Outcome;
use rayon::prelude::*;

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
    fn flag(lang: Option<Lang>) -> Option<Language> {
        lang.map(|l| match l {
            Lang::Ja => Language::Ja,
            Lang::En => Language::En,
        })
    }

    fn of(lang: Option<Lang>, outcome: &Outcome) -> Language {
        match lang {
            Some(Lang::Ja) => Language::Ja,
            Some(Lang::En) => Language::En,
            None => outcome.summary.language.unwrap_or(Language::Ja),
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
    },
}

// Rendering allocates many small values on every core; mimalloc keeps that
// from serialising on the system allocator's locks.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            common,
            output,
            timings,
        } => {
            // `public`, not `./public`, in messages when run in the site.
            let out = output.unwrap_or_else(|| match common.root.as_os_str() == "." {
                true => PathBuf::from("public"),
                false => common.root.join("public"),
            });
            let outcome = plansite::build_with(&common.root, &out, &progress_bar(&common));
            if timings {
                for (stage, s) in &outcome.summary.stages {
                    eprintln!("{s:8.3} s  {stage}");
                }
            }
            let into = format!("into {}", out.display());
            let lang = Lang::of(cli.lang, &outcome);
            report(
                &outcome,
                &common,
                lang,
                &plansite::diagnostics::printable(&into),
            )
        }
        Command::Check { common, links } => {
            let outcome = plansite::check(&common.root, links);
            let lang = Lang::of(cli.lang, &outcome);
            report(&outcome, &common, lang, "(checked, nothing written)")
        }
        Command::Serve {
            common,
            port,
            bind,
            open,
            poll,
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
                let _ = report(outcome, &common, lang, "(preview)");
            };
            match plansite::serve::run(&options, &on_outcome) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("{message}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// A bar of pages rendered, shown only to a person watching a terminal: logs
/// and CI keep the single summary line.
fn progress_bar(common: &Common) -> indicatif::ProgressBar {
    if common.quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(0);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} rendering {pos}/{len} pages {wide_bar} {eta}",
    ) {
        bar.set_style(style);
    }
    bar
}

fn report(outcome: &Outcome, common: &Common, lang: Language, what: &str) -> ExitCode {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let errors = outcome.diagnostics.count(Severity::Error);
    let warnings = outcome.diagnostics.count(Severity::Warning);
    let disagreements = outcome.diagnostics.disagreements();
    let of_which = if disagreements > 0 {
        format!(
            " ({disagreements} of them reported figure{} that the computation does not confirm)",
            plural(disagreements)
        )
    } else {
        String::new()
    };
    let failed = outcome.failed();
    // A national corpus can carry ten thousand findings: they are drawn on
    // every core and written through one buffer (stderr has none).
    let shown: Vec<String> = outcome
        .diagnostics
        .sorted()
        .par_iter()
        .map(|d| match common.message_format {
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
    drop(err);
    let s = &outcome.summary;
    if failed {
        eprintln!(
            "plansite: failed with {errors} error{} and {warnings} warning{}; nothing was written",
            plural(errors),
            plural(warnings)
        );
        return ExitCode::FAILURE;
    }
    if !common.quiet {
        eprintln!(
            "plansite: {} cit{}, {} plan{}, {} item{}, {} KPI{} → {} page{} {what}; {warnings} warning{}{of_which}; {:.2} s",
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
        );
    }
    ExitCode::SUCCESS
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
