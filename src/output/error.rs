//! Errors of writing the output, in both languages.
//!
//! The output code speaks `io::Result`, whose errors carry one text; an
//! error made here carries a [`Text`] inside, which [`said`] takes out
//! again where the error becomes a diagnostic.

use std::fmt;
use std::io;
use std::path::Path;

use crate::diagnostics::Text;
use crate::tr;

/// A message in both languages inside an `io::Error`; shown in English
/// where only one text is asked for.
#[derive(Debug)]
pub struct Said(pub Text);

impl fmt::Display for Said {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.en)
    }
}

impl std::error::Error for Said {}

/// An `io::Error` of `kind` saying `text`.
pub fn error(kind: io::ErrorKind, text: Text) -> io::Error {
    io::Error::new(kind, Said(text))
}

/// What `e` says, in both languages when it was made here; the system's
/// words are the same in both.
pub fn said(e: &io::Error) -> Text {
    match e.get_ref().and_then(|i| i.downcast_ref::<Said>()) {
        Some(s) => s.0.clone(),
        None => Text::from(e.to_string()),
    }
}

/// What was being done when an error came, for [`at`].
pub(crate) mod doing {
    pub type Doing = (&'static str, &'static str);
    pub const REMOVE: Doing = ("{path} を削除できません", "cannot remove");
    pub const CREATE_STAGING: Doing = (
        "作業用のフォルダ {path} を作成できません",
        "cannot create the staging folder",
    );
    pub const WRITE: Doing = ("{path} に書き込めません", "cannot write");
    pub const REMOVE_OLD_FILES: Doing = (
        "{path} から古いファイルを削除できません",
        "cannot remove old files from",
    );
    pub const REMOVE_PREVIOUS: Doing = (
        "{path} から前回のサイトを削除できません",
        "cannot remove the previous site from",
    );
    pub const MOVE_IN: Doing = (
        "新しいサイトを {path} へ移せません",
        "cannot move the new site into",
    );
    pub const REPLACE: Doing = ("{path} を置き換えられません", "cannot replace");
    pub const CREATE_FOLDER: Doing = (
        "フォルダ {path} を作成できません",
        "cannot create the folder",
    );
    pub const READ_FOLDER: Doing = ("フォルダ {path} を読み込めません", "cannot read the folder");
    pub const MOVE_ASIDE: Doing = ("{path} を退避できません", "cannot move aside");
    pub const REMOVE_OLD: Doing = ("古い {path} を削除できません", "cannot remove the old");
    pub const CREATE_LOCK: Doing = (
        "ロックファイル {path} を作成できません",
        "cannot create the lock file",
    );
    pub const LOCK: Doing = ("{path} をロックできません", "cannot lock");
}

/// `e` with what was being done, the path, and what the author can do, so
/// that a message names the folder (the staging folder too) and the remedy.
/// `doing` is (Japanese with `{path}` where the path goes, English before
/// the path): `("{path} に書き込めません", "cannot write")`.
pub(crate) fn at(e: io::Error, doing: (&str, &str), path: &Path) -> io::Error {
    use io::ErrorKind::*;
    let (advice_ja, advice_en) = match e.kind() {
        PermissionDenied => (
            "。書き込む権限があるか確かめるか、別の --output を指定してください",
            "; check that you may write there, or choose another --output",
        ),
        StorageFull => (
            "。ディスクがいっぱいです。空きを作ってからもう一度ビルドしてください",
            "; the disk is full: free some space on it and build again",
        ),
        ReadOnlyFilesystem => (
            "。ディスクが読み取り専用です。別の --output を指定してください",
            "; the disk is read-only: choose another --output",
        ),
        NotADirectory => (
            "。フォルダがあるべき場所にファイルがあります。そのファイルを削除してください",
            "; a file is where a folder should be: remove it",
        ),
        _ => ("", ""),
    };
    let path = path.display().to_string();
    let doing_ja = doing.0.replace("{path}", &path);
    let doing_en = doing.1;
    let cause = said(&e);
    let (cause_ja, cause_en) = (&cause.ja, &cause.en);
    error(
        e.kind(),
        tr!(
            "{doing_ja}: {cause_ja}{advice_ja}",
            "{doing_en} {path}: {cause_en}{advice_en}"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_reads_as_before_and_japanese_is_kept_inside() {
        let e = at(
            io::Error::from(io::ErrorKind::PermissionDenied),
            ("{path} に書き込めません", "cannot write"),
            Path::new("public/a.html"),
        );
        assert!(e
            .to_string()
            .starts_with("cannot write public/a.html: permission denied"));
        let t = said(&e);
        assert!(
            t.ja.starts_with("public/a.html に書き込めません: "),
            "{}",
            t.ja
        );
        assert!(
            t.ja.ends_with("別の --output を指定してください"),
            "{}",
            t.ja
        );
    }
}
