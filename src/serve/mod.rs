//! `plansite serve`: builds the site into a temporary folder of its own,
//! serves it on loopback, rebuilds when its sources change and tells open
//! pages to reload once the new files are in place. A failed build keeps the
//! last good pages served under an overlay naming the error.

mod http;
mod inbox;
mod live;
mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use tokio::sync::watch as channel;

use crate::config::Language;
use crate::diagnostics::{display_path, Diagnostic, Diagnostics, Location, Text};
use crate::incremental::Session;
use crate::{tr, Outcome};

/// The port tried first when none is given, and how many after it.
const DEFAULT_PORT: u16 = 8000;
const PORTS_TRIED: u16 = 10;

/// What `plansite serve` was asked for.
pub struct Options {
    pub root: PathBuf,
    /// None: the default port, or one of the next few if it is taken.
    pub port: Option<u16>,
    pub bind: IpAddr,
    pub open: bool,
    pub poll: bool,
    /// `--lang`; else the site's `language`; else Japanese.
    pub lang: Option<Language>,
}

/// What the rebuild loop waits for.
pub enum Msg {
    Changed(Vec<PathBuf>),
    Stop,
}

/// Serves until Ctrl+C (or SIGTERM, or the terminal closing), then removes
/// its temporary folder. `on_outcome` reports each build as `build` does.
/// Err is the message to print when the preview cannot start.
pub fn run(options: &Options, on_outcome: &dyn Fn(&Outcome)) -> Result<(), String> {
    let lang = options.lang.unwrap_or_else(|| site_language(&options.root));
    let fail = |d: Diagnostic| d.render(false, lang);
    let root = std::fs::canonicalize(&options.root).map_err(|e| {
        fail(Diagnostic::error(
            Location::Path {
                display: options.root.display().to_string(),
                line_col: None,
            },
            tr!(
                "サイトのフォルダを開けません: {e}",
                "cannot open the site folder: {e}"
            ),
        ))
    })?;
    let listener = bind(options.bind, options.port).map_err(fail)?;
    let address = listener
        .local_addr()
        .map_err(|e| fail(Diagnostic::error(Location::None, e.to_string())))?;
    let tmp = tempfile::Builder::new()
        .prefix("plansite-serve-")
        .tempdir()
        .map_err(|e| {
            fail(Diagnostic::error(
                Location::None,
                tr!(
                    "プレビュー用の一時フォルダを作れません: {e}",
                    "cannot make the preview's temporary folder: {e}"
                ),
            ))
        })?;
    let out = tmp.path().join("site");
    let result = serve(options, &root, &out, listener, address, on_outcome);
    // Removed here too when serving failed; on success after the server stopped.
    drop(tmp);
    result.map_err(fail)
}

fn serve(
    options: &Options,
    root: &Path,
    out: &Path,
    listener: TcpListener,
    address: SocketAddr,
    on_outcome: &dyn Fn(&Outcome),
) -> Result<(), Diagnostic> {
    let gate = Arc::new(RwLock::new(()));
    let (tx, rx) = mpsc::channel();
    let inbox = inbox::Inbox::new(rx);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Diagnostic::error(Location::None, e.to_string()))?;
    // Before anything lasts: Ctrl+C during the first build also removes the
    // temporary folder.
    stop_on_signal(&runtime, tx.clone());
    // Watching from before the first build: a save made while it runs is
    // rebuilt right after it.
    let mut watcher =
        watch::Watcher::start(root, out.parent().unwrap_or(out), options.poll, tx.clone())
            .map_err(|e| {
                Diagnostic::error(
                    Location::None,
                    tr!(
                        "ファイルの変更を見張れません: {e}",
                        "cannot watch the files for changes: {e}"
                    ),
                )
                .with_help(tr!(
                    "--poll を付けると、定期的にファイルを確かめる方法で見張ります",
                    "with --poll the files are watched by looking at them regularly"
                ))
            })?;

    let mut session = Session::new(root, out);
    let outcome = session.rebuild(&[], &gate);
    on_outcome(&outcome);
    let mut built = !outcome.failed();
    let mut lang = options
        .lang
        .or(outcome.summary.language)
        .unwrap_or(Language::Ja);
    // Starts from the clock, so a page left open across a restart of the
    // preview sees a different generation and reloads.
    let mut generation = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_millis() as u64);
    let (shown_tx, shown_rx) = channel::channel(Arc::new(live::Shown::new(
        generation, &outcome, built, lang,
    )));
    drop(outcome);
    let (stop_tx, stop_rx) = channel::channel(false);

    let app = http::App {
        site: Arc::new(out.to_path_buf()),
        gate: gate.clone(),
        shown: shown_rx,
        stop: stop_rx.clone(),
    };
    listener
        .set_nonblocking(true)
        .map_err(|e| Diagnostic::error(Location::None, e.to_string()))?;
    let listener = {
        let _in_runtime = runtime.enter();
        tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Diagnostic::error(Location::None, e.to_string()))?
    };
    let mut stopped = stop_rx.clone();
    let server = runtime.spawn(async move {
        axum::serve(listener, http::router(app))
            .with_graceful_shutdown(async move {
                let _ = stopped.wait_for(|s| *s).await;
            })
            .await
    });

    let url = url(address);
    let stop_hint = tr!(
        "プレビュー: {url} (Ctrl+C で終了)",
        "Serving at {url} (Ctrl+C to stop)"
    );
    println!("{}", stop_hint.get(lang));
    if !options.bind.is_loopback() {
        eprintln!("{}", bind_warning(options.bind).get(lang));
    }
    if options.open {
        if let Err(e) = opener::open_browser(&url) {
            eprintln!(
                "{}",
                tr!(
                    "警告: ブラウザを開けませんでした({e})。{url} を開いてください。",
                    "warning: could not open a browser ({e}); open {url} yourself"
                )
                .get(lang)
            );
        }
    }

    // One rebuild at a time; whatever changed meanwhile is the next one.
    while let Some(mut changed) = inbox.next_change() {
        changed.sort();
        changed.dedup();
        watcher.watch_new_folders();
        eprintln!("{}", changed_line(root, &changed).get(lang));
        // Only with the pages in place are they told; the site-wide files
        // (data files, search index) are made after, and the messages are
        // printed last.
        let mut told = None;
        // The site-wide files are left to the next rebuild if the author
        // has saved again meanwhile.
        let newer = || inbox.waiting();
        let outcome = session.rebuild_for_preview(
            &changed,
            &gate,
            |early| {
                told = Some(early.failed());
                tell(
                    &shown_tx,
                    &mut generation,
                    early,
                    &mut built,
                    &mut lang,
                    options,
                );
            },
            &newer,
        );
        if told != Some(outcome.failed()) {
            tell(
                &shown_tx,
                &mut generation,
                &outcome,
                &mut built,
                &mut lang,
                options,
            );
        }
        on_outcome(&outcome);
    }

    let _ = stop_tx.send(true);
    drop(watcher);
    let _ = runtime.block_on(async { tokio::time::timeout(Duration::from_secs(2), server).await });
    runtime.shutdown_timeout(Duration::from_secs(1));
    eprintln!(
        "{}",
        tr!("プレビューを終了しました。", "Preview stopped.").get(lang)
    );
    Ok(())
}

/// Tells the open pages of a new generation of the site, as `outcome` left it.
fn tell(
    shown: &channel::Sender<Arc<live::Shown>>,
    generation: &mut u64,
    outcome: &Outcome,
    built: &mut bool,
    lang: &mut Language,
    options: &Options,
) {
    *built |= !outcome.failed();
    *lang = options
        .lang
        .or(outcome.summary.language)
        .unwrap_or(Language::Ja);
    *generation += 1;
    let _ = shown.send(Arc::new(live::Shown::new(
        *generation,
        outcome,
        *built,
        *lang,
    )));
}

/// The site's `language` from site.toml, before anything is built, for the
/// messages of a preview that cannot start; Japanese if it cannot be read.
fn site_language(root: &Path) -> Language {
    crate::config::load(root, &mut Diagnostics::default())
        .map(|c| c.language)
        .unwrap_or(Language::Ja)
}

/// A listener on `addr`: at `port`, or at the default port or one of the
/// next few free ones.
fn bind(addr: IpAddr, port: Option<u16>) -> Result<TcpListener, Diagnostic> {
    let ports: Vec<u16> = match port {
        Some(p) => vec![p],
        None => (DEFAULT_PORT..DEFAULT_PORT + PORTS_TRIED).collect(),
    };
    let mut last = None;
    for p in &ports {
        match TcpListener::bind((addr, *p)) {
            Ok(l) => return Ok(l),
            Err(e) => last = Some(e),
        }
    }
    let e = last.map_or_else(|| "?".to_string(), |e| e.to_string());
    let (first, end) = (ports[0], ports[ports.len() - 1]);
    let message = match port {
        Some(p) => tr!(
            "{addr} のポート {p} で待ち受けられません: {e}",
            "cannot listen on port {p} of {addr}: {e}"
        ),
        None => tr!(
            "{addr} のポート {first}〜{end} はどれも使えません: {e}",
            "none of the ports {first}–{end} of {addr} can be used: {e}"
        ),
    };
    Err(Diagnostic::error(Location::None, message).with_help(tr!(
        "ほかのプログラム(別のプレビューなど)が使っている可能性があります。--port で別の番号を指定するか、--port 0 で空いているポートを自動で選んでください",
        "another program (perhaps another preview) may be using it: give another number with --port, or --port 0 to pick a free one"
    )))
}

fn bind_warning(addr: IpAddr) -> Text {
    tr!(
        "警告: {addr} で待ち受けています。同じネットワークのほかの人も、公開前のこのプレビューを見られます。自分のパソコンだけで見るには --bind を付けずに起動してください(127.0.0.1 で待ち受けます)。",
        "warning: listening on {addr}: others on your network can see this unpublished preview. Start without --bind to keep it to this computer (127.0.0.1)."
    )
}

/// The address to open: loopback for a wildcard bind, which no browser
/// can open.
fn url(address: SocketAddr) -> String {
    let ip = match address.ip() {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::from([127, 0, 0, 1]),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, address.port()))
}

/// "changed: content/…" for the terminal, naming up to three files.
fn changed_line(root: &Path, changed: &[PathBuf]) -> Text {
    let mut names: Vec<String> = changed
        .iter()
        .take(3)
        .map(|p| crate::diagnostics::printable(&display_path(root, p)).into_owned())
        .collect();
    let more = changed.len().saturating_sub(3);
    if more > 0 {
        names.push(format!("+{more}"));
    }
    let names = names.join(", ");
    tr!(
        "変更: {names} → 再ビルドします",
        "changed: {names} → rebuilding"
    )
}

/// Sends Stop on Ctrl+C, SIGTERM or SIGHUP, so that the temporary folder is
/// removed however the preview is ended. The handlers are in place when this
/// returns (before the address is printed), so no early signal kills the
/// preview with its folder left behind.
fn stop_on_signal(runtime: &tokio::runtime::Runtime, tx: mpsc::Sender<Msg>) {
    let _in_runtime = runtime.enter();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let streams = (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
        );
        if let (Ok(mut int), Ok(mut term), Ok(mut hup)) = streams {
            runtime.spawn(async move {
                tokio::select! {
                    _ = int.recv() => {}
                    _ = term.recv() => {}
                    _ = hup.recv() => {}
                }
                let _ = tx.send(Msg::Stop);
            });
            return;
        }
    }
    runtime.spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        let _ = tx.send(Msg::Stop);
    });
}
