//! The new texts shown as a diff (`--dry-run`) or written, each file
//! replaced atomically: a reader (the preview, an editor) sees the old file
//! or the new one, never half of one, and a failed write leaves the old.

use std::io::Write;
use std::path::{Path, PathBuf};

use similar::TextDiff;

use super::apply::FileChange;

/// `content/mine/reform/08.md`: the path from the site root, with `/`.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// A unified diff of one change, `--- a/content/…` / `+++ b/content/…`
/// (`--- /dev/null` for a new file), as `git diff` shows one.
pub fn diff(root: &Path, change: &FileChange) -> String {
    let rel = relative(root, &change.path);
    let old = change.old.as_deref().unwrap_or("");
    let a = match change.old {
        Some(_) => format!("a/{rel}"),
        None => "/dev/null".to_string(),
    };
    let b = format!("b/{rel}");
    TextDiff::from_lines(old, &change.new)
        .unified_diff()
        .context_radius(3)
        .header(&a, &b)
        .to_string()
}

/// Writes every change, each atomically. Stops at the first failure,
/// naming the file; files written before it stay written (each is whole).
pub fn write_all(root: &Path, changes: &[FileChange]) -> Result<Vec<PathBuf>, (PathBuf, String)> {
    let mut written = Vec::new();
    for c in changes {
        let model = match &c.old {
            Some(_) => c.path.clone(),
            // A new item file takes the permissions of its plan's _index.md.
            None => c
                .path
                .parent()
                .map(|d| d.join("_index.md"))
                .unwrap_or_default(),
        };
        replace(&c.path, c.new.as_bytes(), &model, c.old.is_none())
            .map_err(|e| (c.path.clone(), e.to_string()))?;
        written.push(c.path.strip_prefix(root).unwrap_or(&c.path).to_path_buf());
    }
    Ok(written)
}

/// Replaces (or, with `new_file`, creates without overwriting) `path` with
/// `bytes`: a temporary file in the same folder, written, synced, given
/// the permissions of `model`, then renamed over it.
pub fn replace(path: &Path, bytes: &[u8], model: &Path, new_file: bool) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".plansite-import-")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    if let Ok(meta) = std::fs::metadata(model) {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    if new_file {
        tmp.persist_noclobber(path).map_err(|e| e.error)?;
    } else {
        tmp.persist(path).map_err(|e| e.error)?;
    }
    // The rename is durable once the folder is synced (not possible on Windows).
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_names_the_files_from_the_site_root() {
        let root = Path::new("/site");
        let change = FileChange {
            path: root.join("content/mine/reform/08.md"),
            old: Some("+++\na = 1\n+++\n".into()),
            new: "+++\na = 2\n+++\n".into(),
        };
        let d = diff(root, &change);
        assert!(d.starts_with("--- a/content/mine/reform/08.md\n+++ b/content/mine/reform/08.md\n"));
        assert!(d.contains("-a = 1\n+a = 2\n"), "{d}");
        let new = FileChange {
            old: None,
            ..change
        };
        assert!(diff(root, &new).starts_with("--- /dev/null\n+++ b/content/"));
    }

    #[test]
    fn a_file_is_replaced_with_its_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        replace(&path, b"new", &path, false).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        assert!(
            replace(&path, b"x", &path, true).is_err(),
            "a new file never overwrites"
        );
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file left behind");
    }
}
