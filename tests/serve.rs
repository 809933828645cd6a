//! `plansite serve` over plain HTTP (no browser): directory URLs, the 404
//! page, paths that try to leave the site, the injected live-reload script,
//! the error overlay after a broken save, the bind warning, a taken port, and
//! that neither ROOT/public nor the temporary folder outlives the preview.
//! The browser's side (reloading, the overlay in a page) is in
//! tests/browser/serve.test.mjs.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running preview; stopped with SIGTERM (as Ctrl+C would) when dropped.
struct Preview {
    child: Child,
    /// host:port
    addr: String,
    stderr: Arc<Mutex<String>>,
}

impl Preview {
    fn start(root: &Path, tmp: &Path, args: &[&str]) -> Preview {
        let mut child = Command::new(env!("CARGO_BIN_EXE_plansite"))
            .arg("serve")
            .args(args)
            .current_dir(root)
            .env("NO_COLOR", "1")
            .env("PLANSITE_LANG", "en")
            .env("TMPDIR", tmp)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut err = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .split_once("http://")
            .and_then(|(_, rest)| rest.split_once('/'))
            .map(|(addr, _)| addr.to_string())
            .unwrap_or_else(|| {
                panic!("no address in {line:?}; stderr: {}", stderr.lock().unwrap())
            });
        assert!(
            line.starts_with("Serving at http://127.0.0.1:") && line.contains("(Ctrl+C to stop)"),
            "{line}"
        );
        Preview {
            child,
            addr,
            stderr,
        }
    }

    /// Status, headers (lower-cased names) and body of GET `path`, sent as is.
    fn get(&self, path: &str) -> (u16, String, String) {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        (status, head.to_lowercase(), body.to_string())
    }

    /// Waits for `until` to hold of GET `path`'s body.
    fn wait_for(&self, path: &str, what: &str, until: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let (_, _, body) = self.get(path);
            if until(&body) {
                return body;
            }
            assert!(
                Instant::now() < deadline,
                "{what}: not so after 20 s; stderr:\n{}\nbody:\n{body}",
                self.stderr.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops the preview as Ctrl+C would and returns its stderr.
    fn stop(mut self) -> String {
        terminate(&mut self.child);
        // The reader thread has seen the end of stderr once the process is gone.
        std::thread::sleep(Duration::from_millis(100));
        let s = self.stderr.lock().unwrap().clone();
        s
    }
}

fn terminate(child: &mut Child) {
    if child.try_wait().unwrap().is_none() {
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while child.try_wait().unwrap().is_none() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let status = child.wait().unwrap();
        assert!(
            status.success(),
            "serve should exit 0 on SIGTERM: {status:?}"
        );
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A copy of the basic fixture and an empty folder for TMPDIR.
fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let (root, tmp) = (dir.path().join("site"), dir.path().join("tmp"));
    common::copy_tree(&common::fixtures().join("valid/basic"), &root);
    std::fs::create_dir(&tmp).unwrap();
    (dir, root, tmp)
}

#[test]
fn serves_the_site_with_directory_urls_its_404_page_and_the_live_script() {
    let (_dir, root, tmp) = setup();
    let p = Preview::start(&root, &tmp, &["--port", "0"]);

    let (status, head, body) = p.get("/");
    assert_eq!(status, 200);
    assert!(
        head.contains("content-type: text/html; charset=utf-8"),
        "{head}"
    );
    assert!(head.contains("cache-control: no-store"), "{head}");
    let script = body
        .find("<script src=\"/__plansite/live.js\" data-generation=\"")
        .expect("live.js is injected");
    assert!(script < body.rfind("</body>").unwrap(), "before </body>");
    assert!(
        !body.contains("plansite-overlay"),
        "no overlay after a good build"
    );

    let (status, head, _) = p.get("/testcity/reform?status=a");
    assert_eq!(status, 301);
    assert!(
        head.contains("location: /testcity/reform/?status=a"),
        "{head}"
    );
    let (status, _, body) = p.get("/testcity/reform/");
    assert_eq!(status, 200);
    assert!(body.contains("<h1>テスト市行政改革プラン"), "{body}");

    let (status, head, body) = p.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(head.contains("text/html"), "{head}");
    // The site's own 404 page, with the script added before </body>.
    let site_404 = std::fs::read_to_string(tmp_site(&tmp).join("404.html")).unwrap();
    let cut = site_404.rfind("</body>").unwrap_or(site_404.len());
    assert!(body.starts_with(&site_404[..cut]), "{body}");
    assert!(
        body.contains("/__plansite/live.js"),
        "the 404 page reloads too"
    );

    let (status, head, body) = p.get("/__plansite/live.js");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/javascript"), "{head}");
    assert!(
        body.contains("location.host"),
        "the socket's address comes from the page"
    );

    let (status, head, _) = p.get("/style.css");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/css"), "{head}");

    // Beside the site folder, in the preview's temporary folder, a file no
    // request may reach.
    std::fs::write(
        tmp_site(&tmp).parent().unwrap().join("secret.txt"),
        "secret",
    )
    .unwrap();
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/testcity/%2E%2E/%2E%2E/secret.txt",
        "/testcity/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
    ] {
        let (status, _, body) = p.get(path);
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(!body.contains("secret"), "{path} escaped the site folder");
    }
    let err = p.stop();
    assert!(err.contains("Preview stopped."), "{err}");
}

/// The site folder of the one preview running with TMPDIR=`tmp`.
fn tmp_site(tmp: &Path) -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir(tmp)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("plansite-serve-")
        })
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    found.pop().unwrap().join("site")
}

#[test]
fn a_broken_save_shows_the_overlay_over_the_last_good_pages_and_fixing_it_removes_it() {
    let (_dir, root, tmp) = setup();
    let public = root.join("public");
    std::fs::create_dir(&public).unwrap();
    std::fs::write(public.join("index.html"), "published").unwrap();
    let before = common::snapshot(&public);
    let p = Preview::start(&root, &tmp, &["--port", "0"]);
    let item = root.join("content/testcity/reform/01.md");
    let good = std::fs::read_to_string(&item).unwrap();

    std::fs::write(
        &item,
        good.replace("title = \"通知書", "title = \"新しい題名 通知書"),
    )
    .unwrap();
    p.wait_for("/testcity/reform/01/", "the new title", |b| {
        b.contains("新しい題名")
    });

    std::fs::write(&item, good.replace("number = \"1\"", "number = \"1")).unwrap();
    let page = p.wait_for("/testcity/reform/01/", "the overlay", |b| {
        b.contains("id=\"plansite-overlay\"")
    });
    assert!(
        page.contains("新しい題名"),
        "the last good page stays served"
    );
    assert!(page.contains("role=\"alert\""), "{page}");
    assert!(
        page.contains("content/testcity/reform/01.md:2:10"),
        "names file, line and column: {page}"
    );
    assert!(
        page.contains("number = &quot;1"),
        "quotes the source line, escaped"
    );
    assert!(
        page.contains(
            "The build found errors. You are seeing the pages of the last successful build."
        ),
        "{page}"
    );
    // Every page, not only the one edited.
    let (_, _, home) = p.get("/");
    assert!(home.contains("id=\"plansite-overlay\""));

    std::fs::write(&item, &good).unwrap();
    let page = p.wait_for("/testcity/reform/01/", "the overlay gone", |b| {
        !b.contains("plansite-overlay")
    });
    assert!(!page.contains("新しい題名"));
    let err = p.stop();
    assert!(
        err.contains("error"),
        "the terminal reports the error too: {err}"
    );
    assert_eq!(common::snapshot(&public), before, "public/ untouched");
    let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().collect();
    assert!(left.is_empty(), "the temporary folder is removed: {left:?}");
}

#[test]
fn serve_never_creates_public() {
    let (_dir, root, tmp) = setup();
    let p = Preview::start(&root, &tmp, &["--port", "0"]);
    assert_eq!(p.get("/").0, 200);
    p.stop();
    assert!(!root.join("public").exists());
}

#[test]
fn another_address_than_loopback_is_warned_about() {
    let (_dir, root, tmp) = setup();
    let p = Preview::start(&root, &tmp, &["--port", "0", "--bind", "0.0.0.0"]);
    assert_eq!(p.get("/").0, 200);
    let err = p.stop();
    assert!(
        err.contains("warning: listening on 0.0.0.0: others on your network can see this unpublished preview"),
        "{err}"
    );
    let (_dir, root, tmp) = setup();
    let err = Preview::start(&root, &tmp, &["--port", "0"]).stop();
    assert!(!err.contains("others on your network"), "{err}");
}

#[test]
fn a_taken_port_is_an_error_with_a_hint() {
    let (_dir, root, tmp) = setup();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = common::plansite(&root, &["serve", "--port", &port]);
    assert!(!out.status.success());
    let err = common::stderr(&out);
    assert!(
        err.contains(&format!("error: cannot listen on port {port} of 127.0.0.1")),
        "{err}"
    );
    assert!(err.contains("--port 0"), "{err}");
    assert!(out.stdout.is_empty(), "no address printed");
    let _ = tmp;
}

#[test]
fn with_poll_a_save_is_noticed_by_looking_at_the_files() {
    let (_dir, root, tmp) = setup();
    let p = Preview::start(&root, &tmp, &["--port", "0", "--poll"]);
    let item = root.join("content/testcity/reform/01.md");
    let good = std::fs::read_to_string(&item).unwrap();
    std::fs::write(
        &item,
        good.replace("title = \"通知書", "title = \"見張り 通知書"),
    )
    .unwrap();
    p.wait_for("/testcity/reform/01/", "the new title", |b| {
        b.contains("見張り")
    });
    p.stop();
}

#[test]
fn a_first_build_that_fails_shows_the_overlay_on_a_page_of_its_own_until_fixed() {
    let (_dir, root, tmp) = setup();
    let item = root.join("content/testcity/reform/01.md");
    let good = std::fs::read_to_string(&item).unwrap();
    std::fs::write(&item, good.replace("number = \"1\"", "number = 1 1")).unwrap();
    let p = Preview::start(&root, &tmp, &["--port", "0"]);
    let (status, _, body) = p.get("/testcity/reform/01/");
    assert_eq!(status, 503);
    assert!(body.contains("No build has succeeded yet"), "{body}");
    assert!(body.contains("content/testcity/reform/01.md:2:"), "{body}");
    assert!(
        body.contains("/__plansite/live.js"),
        "it reloads when fixed"
    );
    std::fs::write(&item, &good).unwrap();
    p.wait_for("/testcity/reform/01/", "the page once fixed", |b| {
        b.contains("<h1>通知書") && !b.contains("plansite-overlay")
    });
    p.stop();
}
