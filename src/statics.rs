//! Static files: the theme's, overlaid by the site's `static/`, copied into
//! the output as they are.

use std::collections::BTreeMap;
use std::path::Path;

use crate::content::file::{files_under, read_bytes, refusal, MAX_STATIC_BYTES};
use crate::diagnostics::{display_path, Diagnostic, Diagnostics, Location};
use crate::tr;

/// Every static file by relative path (`/` separators), in path order.
/// Problems (unreadable files, pipes, links out of the site, reserved
/// names) are reported by file.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Vec<(String, Vec<u8>)> {
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    fn builtin(dir: &'static include_dir::Dir<'static>, out: &mut BTreeMap<String, Vec<u8>>) {
        for f in dir.files() {
            out.insert(
                f.path().to_string_lossy().replace('\\', "/"),
                f.contents().to_vec(),
            );
        }
        for d in dir.dirs() {
            builtin(d, out);
        }
    }
    builtin(&crate::render::THEME_STATIC, &mut files);
    let dir = root.join("static");
    if !dir.is_dir() {
        return files.into_iter().collect();
    }
    for (rel, path) in files_under(root, &dir, diags) {
        // Names plansite keeps at the top of every output for itself.
        if crate::output::RESERVED.contains(&rel.as_str()) {
            diags.push(Diagnostic::error(
                Location::Path {
                    display: display_path(root, &path),
                    line_col: None,
                },
                tr!(
                    "{rel} は、plansite がどの出力にも自分用に書き込むファイルの名前です。このファイルの名前を変えてください",
                    "{rel} is the name of a file plansite writes into every output for itself; rename this file"
                ),
            ));
            continue;
        }
        match read_bytes(&path, MAX_STATIC_BYTES) {
            Ok(bytes) => {
                files.insert(rel, bytes);
            }
            Err(why) => diags.push(refusal(display_path(root, &path), &why)),
        }
    }
    files.into_iter().collect()
}

/// The static `file` in the way of the page or data file `page` the build
/// makes: at its path, where its folder must be, or inside it.
pub fn collision(file: &str, page: &str) -> Diagnostic {
    let (ja, how_en) = if file == page {
        (
            format!("このファイルは、ビルドで作るページまたはデータファイル {page} と同じ場所にあります"),
            "has the same path as",
        )
    } else if page.starts_with(&format!("{file}/")) {
        (
            format!("このファイルの場所には、ビルドで作るページまたはデータファイル {page} のためのフォルダが必要です"),
            "is where a folder must be for",
        )
    } else {
        (
            format!("このファイルは、ビルドで作るページまたはデータファイル {page} (ファイルになります)の中に置かれています"),
            "is inside what must be the file",
        )
    };
    Diagnostic::error(
        Location::Path {
            display: format!("static/{file}"),
            line_col: None,
        },
        tr!(
            "{ja}。名前を変えるか移動してください",
            "this file {how_en} a page or data file the build makes ({page}); rename or move it"
        ),
    )
}
