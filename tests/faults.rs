//! Faults of the machine and the file system, each tried for real: files
//! that are not files, two builds at once, an output on a mount point, a
//! full or read-only disk, links where folders should be. The build must
//! report each by name, once, and never lose the previous site.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// Runs plansite, killing it if it has not finished within `secs`: a
/// build that hangs is the failure some of these tests look for.
fn plansite_within(root: &Path, args: &[&str], secs: u64) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_plansite"))
        .env("PLANSITE_LANG", "en")
        .args(args)
        .current_dir(root)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(secs) {
            child.kill().unwrap();
            panic!("plansite {args:?} did not finish within {secs} s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
fn fifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn named_pipes_are_refused_by_name_instead_of_hanging() {
    for (rel, shown) in [
        (
            "content/testcity/reform/09.md",
            "content/testcity/reform/09.md",
        ),
        ("site.toml", "site.toml"),
        ("templates/item.html", "templates/item.html"),
        ("static/feed.xml", "static/feed.xml"),
    ] {
        let site = site("basic");
        let path = site.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        let _ = fs::remove_file(&path);
        fifo(&path);
        for command in ["build", "check"] {
            let out = plansite_within(site.path(), &[command, "--message-format", "short"], 60);
            assert_eq!(out.status.code(), Some(1), "{command} {rel}");
            let expected = format!(
                "{shown}: error: this is a named pipe (FIFO), not an ordinary file; plansite reads only ordinary files"
            );
            assert!(
                stderr(&out).lines().any(|l| l == expected),
                "{command} {rel}:\n{}",
                stderr(&out)
            );
        }
    }
}

#[test]
fn a_content_file_over_the_size_limit_is_refused() {
    let site = site("basic");
    let mut text = String::from("+++\nnumber = \"9\"\ntitle = \"巨大\"\n+++\n");
    text.push_str(&"あ".repeat(3 * 1024 * 1024)); // 9 MiB of text
    fs::write(site.path().join("content/testcity/reform/09.md"), text).unwrap();
    let out = plansite(site.path(), &["build", "--message-format", "short"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("content/testcity/reform/09.md: error: the file is 9.0 MiB, more than the 8.0 MiB a file of this kind may have\n"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_item_saved_with_an_upper_case_extension_is_read() {
    let site = site("basic");
    let dir = site.path().join("content/testcity/reform");
    fs::write(
        dir.join("25.MD"),
        "+++\nnumber = \"25\"\ntitle = \"大文字の拡張子\"\n+++\n",
    )
    .unwrap();
    let out = plansite(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("ignored"), "{}", stderr(&out));
    assert!(site
        .path()
        .join("public/testcity/reform/25/index.html")
        .is_file());
    // Two files that would be the same page are an error, not a coin toss.
    fs::write(
        dir.join("25.md"),
        "+++\nnumber = \"26\"\ntitle = \"小文字\"\n+++\n",
    )
    .unwrap();
    let out = plansite(site.path(), &["build", "--message-format", "short"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("content/testcity/reform/25.md: error: 25.MD and 25.md in this folder would be the same page \"25\"; rename one of them\n"),
        "{}",
        stderr(&out)
    );
}

/// The lock file of the default output, `public/`.
fn lock_path(site: &Path) -> std::path::PathBuf {
    site.join(".public.plansite-lock")
}

#[test]
fn a_build_waits_while_another_holds_the_output_and_names_it() {
    let site = site("basic");
    let root = site.path();
    assert!(plansite(root, &["build"]).status.success());
    // This test stands for the other build: it holds the output's lock.
    let held = plansite::output::Lock::take(&lock_path(root), &|_| {}).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_plansite"))
        .env("PLANSITE_LANG", "en")
        .args(["build"])
        .current_dir(root)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let mut child = child;
    assert!(
        child.try_wait().unwrap().is_none(),
        "the second build must wait for the first"
    );
    drop(held);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let waited = format!(
        "plansite: another plansite build (process {}) is writing into public; waiting for it to finish",
        std::process::id()
    );
    assert!(stderr(&out).starts_with(&waited), "{}", stderr(&out));
    assert!(!lock_path(root).exists(), "the lock file is removed");
}

/// Two real builds into one output, started together: each must exit 0
/// and the site must be wholly one build's or the other's.
#[test]
fn two_builds_at_once_never_leave_a_mixed_site() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let mut sites = Vec::new();
    for (name, title) in [("a", "甲の計画"), ("b", "乙の計画")] {
        let root = tmp.path().join(name);
        copy_tree(&fixtures().join("valid/basic"), &root);
        // Enough items that the two builds overlap.
        let dir = root.join("content/testcity/reform");
        for n in 10..400 {
            fs::write(
                dir.join(format!("{n}.md")),
                format!("+++\nnumber = \"{n}\"\ntitle = \"{title} {n}\"\n+++\n本文\n"),
            )
            .unwrap();
        }
        sites.push((root, title));
    }
    for round in 0..3 {
        let children: Vec<_> = sites
            .iter()
            .map(|(root, _)| {
                Command::new(env!("CARGO_BIN_EXE_plansite"))
                    .env("PLANSITE_LANG", "en")
                    .args(["build", "--quiet", "--output"])
                    .arg(&out)
                    .current_dir(root)
                    .env("NO_COLOR", "1")
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for c in children {
            let o = c.wait_with_output().unwrap();
            assert!(o.status.success(), "round {round}: {}", stderr(&o));
        }
        let pages = snapshot(&out);
        let mut titles = std::collections::BTreeSet::new();
        for (path, bytes) in &pages {
            if path.starts_with("testcity/reform/") && path.ends_with("/index.html") {
                let html = String::from_utf8_lossy(bytes);
                for (_, title) in &sites {
                    if html.contains(title) {
                        titles.insert(*title);
                    }
                }
            }
        }
        assert_eq!(titles.len(), 1, "round {round}: a mixed site: {titles:?}");
        let items = pages
            .keys()
            .filter(|p| p.starts_with("testcity/reform/") && p.ends_with("/index.html"))
            .count();
        assert!(items > 390, "round {round}: pages lost ({items})");
    }
}

/// Runs `script` with sh in a new mount namespace as (mapped) root, where
/// it may mount file systems of its own; `unshare` is util-linux's.
#[cfg(target_os = "linux")]
fn in_mount_namespace(script: &str) -> std::process::Output {
    let out = Command::new("unshare")
        .args(["--mount", "--map-root-user", "sh", "-ec", script])
        .env("NO_COLOR", "1")
        .env("PLANSITE_LANG", "en")
        .output()
        .expect("unshare (util-linux) must be installed to test mount points");
    out
}

#[cfg(target_os = "linux")]
#[test]
fn an_output_that_is_a_mount_point_is_built_into_in_place() {
    let site = site("basic");
    let root = site.path();
    let bin = env!("CARGO_BIN_EXE_plansite");
    let item = root.join("content/testcity/reform/02.md");
    for kind in ["tmpfs", "bind"] {
        let out = root.join(format!("out-{kind}"));
        let source = root.join(format!("volume-{kind}"));
        fs::create_dir_all(&out).unwrap();
        fs::create_dir_all(&source).unwrap();
        let mount = match kind {
            "tmpfs" => format!("mount -t tmpfs tmpfs {}", out.display()),
            _ => format!("mount --bind {} {}", source.display(), out.display()),
        };
        // Two builds, the second after an edit and with a stale folder to
        // remove, then the tree as the mount shows it.
        let script = format!(
            "{mount}\n\
             {bin} build --quiet --root {root} --output {out}\n\
             sed -i 's/未収債権の縮減/未収債権の削減/' {item}\n\
             {bin} build --quiet --root {root} --output {out}\n\
             sed -i 's/未収債権の削減/未収債権の縮減/' {item}\n\
             ls -A {out}\n\
             cat {out}/testcity/reform/02/index.html\n",
            root = root.display(),
            out = out.display(),
            item = item.display(),
        );
        let o = in_mount_namespace(&script);
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(o.status.success(), "{kind}: {}\n{text}", stderr(&o));
        assert!(
            text.contains("未収債権の削減"),
            "{kind}: the second build is in place"
        );
        let listing: Vec<&str> = text.lines().take_while(|l| !l.starts_with('<')).collect();
        assert!(
            listing.contains(&".plansite-output") && listing.contains(&"testcity"),
            "{kind}: {listing:?}"
        );
        for leftover in [".plansite-next", ".plansite-lock"] {
            assert!(
                !listing.contains(&leftover),
                "{kind}: {leftover} left in the output"
            );
        }
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_or_read_only_disk_is_reported_once_with_its_folder() {
    let site = site("basic");
    let root = site.path();
    let bin = env!("CARGO_BIN_EXE_plansite");
    let disk = root.join("disk");
    fs::create_dir_all(&disk).unwrap();
    // A disk of 64 KiB: the theme's scripts alone do not fit.
    let full = in_mount_namespace(&format!(
        "mount -t tmpfs -o size=64k tmpfs {disk}\n{bin} build --root {root} --output {disk}/public --message-format short || true\nls -A {disk}\n",
        disk = disk.display(),
        root = root.display(),
    ));
    let err = stderr(&full);
    let errors: Vec<&str> = err.lines().filter(|l| l.contains("error:")).collect();
    assert_eq!(errors.len(), 1, "one message, not one per page:\n{err}");
    assert!(errors[0].contains("No space left on device"), "{err}");
    assert!(errors[0].contains("the disk is full"), "{err}");
    assert!(
        errors[0].contains(".public.plansite-next"),
        "names the folder: {err}"
    );
    assert!(
        errors[0].contains("more file"),
        "counts what was not written: {err}"
    );
    assert!(
        !String::from_utf8_lossy(&full.stdout).contains("plansite-next"),
        "a failed first build leaves nothing behind"
    );

    let ro = in_mount_namespace(&format!(
        "mount -t tmpfs -o ro tmpfs {disk}\n{bin} build --root {root} --output {disk}/public --message-format short || true\n",
        disk = disk.display(),
        root = root.display(),
    ));
    let err = stderr(&ro);
    assert!(
        err.starts_with(&format!(
            "error: cannot create the lock file {}/.public.plansite-lock: Read-only file system (os error 30); the disk is read-only: choose another --output\n",
            disk.display()
        )),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_dangling_link_as_output_is_named_and_left_alone() {
    let site = site("basic");
    let root = site.path();
    std::os::unix::fs::symlink(root.join("gone"), root.join("public")).unwrap();
    let out = plansite(root, &["build", "--message-format", "short"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "error: public is a link to {}, which does not exist; create that folder or remove the link\nplansite: failed with 1 error and 0 warnings; nothing was written\n",
            root.join("gone").display()
        )
    );
    assert!(fs::symlink_metadata(root.join("public"))
        .unwrap()
        .is_symlink());
}

#[cfg(unix)]
#[test]
fn a_linked_content_folder_cannot_be_given_as_the_output() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixtures().join("valid/basic"), &root);
    let real = tmp.path().join("shared-content");
    fs::rename(root.join("content"), &real).unwrap();
    std::os::unix::fs::symlink(&real, root.join("content")).unwrap();
    // Marked as plansite's, so that only the protected-path rule can refuse it.
    fs::write(real.join(".plansite-output"), "").unwrap();
    let before = snapshot(&real);
    let out = plansite(
        &root,
        &[
            "build",
            "--output",
            real.to_str().unwrap(),
            "--message-format",
            "short",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("it is content/"), "{}", stderr(&out));
    assert_eq!(snapshot(&real), before);
}
