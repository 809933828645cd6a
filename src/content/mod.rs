//! Load: walk `content/`, split each file, read its front matter into the model.
//!
//! Files are read and parsed in parallel; the site is then assembled in path
//! order, so the result (and every message) is the same on every run.

pub mod file;
pub mod frontmatter;
pub mod memo;
pub mod parse;
pub mod reader;
pub mod slips;
pub mod stray_keys;
pub mod toml_message;

pub use file::read_text;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use toml::de::DeTable;

use crate::diagnostics::{display_path, Diagnostic, Diagnostics, Location, SourceFile, Text};
use crate::model::{City, Item, Plan, Site};
use crate::tr;
use reader::Reader;

/// Page names a plan uses for itself; an item file cannot take them.
pub const RESERVED_ITEM_SLUGS: &[&str] = &["print", "status", "category", "data", "index"];

/// Folders the site itself writes at its top (the site's data files, the
/// search page and its index, the theme pages); a city folder cannot take them.
pub const RESERVED_CITY_SLUGS: &[&str] = &["data", "search", "themes"];

/// The role of a file, from where it sits under `content/`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Role {
    Home,
    City {
        city: String,
    },
    Plan {
        city: String,
        plan: String,
    },
    Item {
        city: String,
        plan: String,
        item: String,
    },
}

/// How deep the `toml` crate lets tables and lists nest: a table header or
/// dotted key of at most this many parts, inline tables and lists this deep.
pub const TOML_DEPTH: usize = 80;

/// A TOML syntax error of the document starting at byte `base` of `file`:
/// a typist's slip named with its fix where one is recognised, otherwise
/// the parser's own words.
pub fn toml_error(file: &Arc<SourceFile>, base: usize, e: &toml::de::Error) -> Diagnostic {
    let message = e.message().trim_end().to_string();
    let mut range = e.span().unwrap_or(0..0);
    let at = |range: std::ops::Range<usize>| Location::Span {
        file: file.clone(),
        range: range.start + base..range.end + base,
    };
    if message == "recursion limit" || message.contains("max recursion depth") {
        // The parser gives no place for a header that is too long: find it.
        let text = &file.text[base..];
        if let Some(pos) = long_key(text) {
            range = pos..pos;
        }
        return Diagnostic::error(
            at(range),
            tr!(
                "TOML の書き方に誤りがあります: 表の入れ子が TOML の読める {TOML_DEPTH} 段を超えています（{TOML_DEPTH} 個を超える部分からなる [見出し] やドット付きのキー、または {TOML_DEPTH} 段を超えて入れ子になった {{ }} や [ ]）",
                "invalid TOML: tables nest deeper than the {TOML_DEPTH} levels TOML reads (a [header] or dotted key of more than {TOML_DEPTH} parts, or inline tables and lists nested more than {TOML_DEPTH} deep)"
            ),
        )
        .with_help(tr!(
            "分類の木は [[categories.children]] の見出しで書けば {TOML_DEPTH} 段、{{ }} で書けばその半分まで深くできます。計画で4段を超えることはまずありません",
            "a category tree can be {TOML_DEPTH} levels deep written with [[categories.children]] headers, half as deep written inline; plans rarely need more than four"
        ));
    }
    if let Some(slip) = slips::recognise(&file.text[base..], range.start, &message) {
        return Diagnostic::error(at(slip.range), slip.message).with_help(slip.help);
    }
    Diagnostic::error(
        at(range),
        Text::new(
            format!(
                "TOML の書き方に誤りがあります: {}",
                toml_message::japanese(&message)
            ),
            format!("invalid TOML: {message}"),
        ),
    )
}

/// The offset of the first line whose header or dotted key has more parts
/// than TOML reads (dots inside quotes counted too: only a rough place).
fn long_key(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let key = if trimmed.starts_with('[') {
            trimmed.split(']').next()
        } else {
            trimmed.split('=').next()
        };
        if key.is_some_and(|k| k.matches('.').count() + 1 > TOML_DEPTH) {
            return Some(offset + line.len() - trimmed.len());
        }
        offset += line.len();
    }
    None
}

/// Loads the whole `content/` tree.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Site {
    load_remembering(root, diags, memo::Memo::none()).0
}

/// As [`load`], taking unchanged items from `memo`; with what was parsed,
/// to be remembered for the next build once this one has succeeded.
pub fn load_remembering(
    root: &Path,
    diags: &mut Diagnostics,
    memo: memo::Memo,
) -> (Site, Option<memo::Pending>) {
    let content = root.join("content");
    let mut site = Site {
        body: String::new(),
        file: None,
        cities: Vec::new(),
    };
    if let Some(missing) = missing(root) {
        diags.push(missing);
        return (site, None);
    }
    // The walk is one thread's work; the files it finds are parsed on the
    // others meanwhile, then put in path order, so that findings come out
    // the same on any machine.
    let (found, files) = std::sync::mpsc::channel::<(Role, PathBuf)>();
    let mut walk_diags = Diagnostics::default();
    let ((), mut parsed) = rayon::join(
        || {
            let found = found;
            discover(root, &content, &mut walk_diags, &mut |role, path| {
                // The receiver lives until every file is parsed.
                let _ = found.send((role, path));
            });
        },
        || {
            files
                .into_iter()
                .par_bridge()
                .map(|(role, path)| {
                    let mut d = Diagnostics::default();
                    let (parsed, recall) = parse_remembering(root, &path, &role, &memo, &mut d);
                    (role, path, parsed, d, recall)
                })
                .collect::<Vec<_>>()
        },
    );
    parsed.sort_unstable_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    diags.extend(walk_diags);

    // Assemble in path order: cities, their plans, the plans' items.
    let mut cities: BTreeMap<String, City> = BTreeMap::new();
    let mut plans: BTreeMap<(String, String), Plan> = BTreeMap::new();
    let mut items: BTreeMap<(String, String), Vec<Item>> = BTreeMap::new();
    let mut recalls: BTreeMap<String, Vec<memo::Recall>> = BTreeMap::new();
    for (role, _, parsed, d, recall) in parsed {
        diags.extend(d);
        if let Role::Item { city, .. } = &role {
            recalls.entry(city.clone()).or_default().push(recall);
        }
        match (role, parsed) {
            (_, None) => {}
            (_, Some(Parsed::Home(body, file))) => {
                site.body = body;
                site.file = Some(file);
            }
            (Role::City { city }, Some(Parsed::City(c))) => {
                cities.insert(city, c);
            }
            (Role::Plan { city, plan }, Some(Parsed::Plan(p))) => {
                plans.insert((city, plan), p);
            }
            (Role::Item { city, plan, .. }, Some(Parsed::Item(i))) => {
                items.entry((city, plan)).or_default().push(i);
            }
            _ => unreachable!("parse_file returns the kind its role asks for"),
        }
    }
    for ((city, plan), mut list) in items {
        // 9.md before 10.md, as people number things.
        list.sort_by_cached_key(|i| natural_key(&i.slug));
        if let Some(p) = plans.get_mut(&(city, plan)) {
            p.items = list;
        }
    }
    for ((city, _), plan) in plans {
        if let Some(c) = cities.get_mut(&city) {
            c.plans.push(plan);
        }
    }
    site.cities = cities.into_values().collect();
    (site, memo.pending(recalls))
}

/// The error of a site without `content/`, if it has none.
pub(crate) fn missing(root: &Path) -> Option<Diagnostic> {
    if root.join("content").is_dir() {
        return None;
    }
    Some(
        Diagnostic::error(
            Location::Path {
                display: "content".into(),
                line_col: None,
            },
            tr!(
                "content/ フォルダが見つかりません",
                "the folder content/ was not found"
            ),
        )
        .with_help(tr!(
            "サイトには site.toml と同じ場所に content/<自治体>/<計画>/<項目>.md のファイルが必要です",
            "a site has content/<city>/<plan>/<item>.md files beside its site.toml"
        )),
    )
}

/// Finds every content file and hands it to `found` with its role; reports
/// files and folders that have no place in the layout.
pub(crate) fn discover(
    root: &Path,
    content: &Path,
    diags: &mut Diagnostics,
    found: &mut dyn FnMut(Role, PathBuf),
) {
    let mut dirs_with_index: std::collections::HashSet<PathBuf> = Default::default();
    // Item names as pages: 25.md and 25.MD would be one page.
    let mut pages: std::collections::HashMap<PathBuf, String> = Default::default();
    let mut dirs: Vec<PathBuf> = Vec::new();
    let mut outside: Vec<PathBuf> = Vec::new();
    let walker = walkdir::WalkDir::new(content)
        .follow_links(true)
        .min_depth(1)
        .max_depth(3)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let inside = stays_inside(root, e);
            if !inside {
                outside.push(e.path().to_path_buf());
            }
            inside
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let display = e
                    .path()
                    .map_or_else(|| "content".to_string(), |p| display_path(root, p));
                let msg = if e.loop_ancestor().is_some() {
                    tr!(
                        "このリンクは自分を含むフォルダを指しています(シンボリックリンクの循環)。リンクを削除してください",
                        "this link points back to a folder that contains it (a symlink loop); remove the link"
                    )
                } else {
                    file::cannot_read(&e)
                };
                diags.push(Diagnostic::error(
                    Location::Path {
                        display,
                        line_col: None,
                    },
                    msg,
                ));
                continue;
            }
        };
        let path = entry.path();
        let rel: Vec<String> = path
            .strip_prefix(content)
            .unwrap_or(path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let name = rel.last().cloned().unwrap_or_default();
        if name.starts_with('.') {
            continue; // editor and OS litter such as .DS_Store
        }
        let here = Location::Path {
            display: display_path(root, path),
            line_col: None,
        };
        if entry.file_type().is_dir() {
            if rel.len() == 3 {
                diags.push(
                    Diagnostic::error(
                        here,
                        tr!(
                            "ここにフォルダは置けません。項目はファイルで、content/<自治体>/<計画>/<項目>.md の形です",
                            "unexpected folder: items are files, content/<city>/<plan>/<item>.md"
                        ),
                    )
                    .with_help(tr!(
                        "計画のフォルダに置くのは _index.md と項目ごとの .md ファイルだけで、その下にフォルダは作りません",
                        "a plan folder holds _index.md and one .md file per item, nothing deeper"
                    )),
                );
                continue;
            }
            if let Err(why) = check_slug(&name) {
                diags.push(Diagnostic::error(here, not_a_slug(&name, &why)));
            } else if rel.len() == 1 && RESERVED_CITY_SLUGS.contains(&name.as_str()) {
                diags.push(Diagnostic::error(
                    here,
                    tr!(
                        "\"{name}\" はサイトが検索ページ・テーマのページ・データファイルを置くフォルダの名前なので、自治体のフォルダには使えません。フォルダの名前を変えてください(例: 市の名前のローマ字)",
                        "\"{name}\" is where the site puts its search page, theme pages or data files, so a city folder cannot be called that; rename the folder (for example, the city's name in romaji)"
                    ),
                ));
            }
            dirs.push(path.to_path_buf());
            continue;
        }
        // 25.MD is what some editors and file systems make of 25.md.
        let Some(stem) = name
            .len()
            .checked_sub(3)
            .filter(|&i| name.is_char_boundary(i) && name[i..].eq_ignore_ascii_case(".md"))
            .map(|i| &name[..i])
        else {
            diags.push(Diagnostic::warning(
                here,
                tr!(
                    "読み飛ばしました。content/ で読むのは .md ファイルだけです",
                    "ignored: only .md files are read in content/"
                ),
            ));
            continue;
        };
        if let Some(parent) = path.parent() {
            if let Some(first) = pages.insert(parent.join(stem), name.clone()) {
                diags.push(Diagnostic::error(
                    here,
                    tr!(
                        "このフォルダの {first} と {name} は同じページ \"{stem}\" になります。どちらかの名前を変えてください",
                        "{first} and {name} in this folder would be the same page \"{stem}\"; rename one of them"
                    ),
                ));
                continue;
            }
            if stem == "_index" {
                dirs_with_index.insert(parent.to_path_buf());
            }
        }
        let role = match (rel.len(), stem) {
            (1, "_index") => Role::Home,
            (2, "_index") => Role::City {
                city: rel[0].clone(),
            },
            (3, "_index") => Role::Plan {
                city: rel[0].clone(),
                plan: rel[1].clone(),
            },
            (3, item) => {
                if let Err(why) = check_slug(item) {
                    diags.push(Diagnostic::error(here, not_a_slug(item, &why)));
                    continue;
                }
                if RESERVED_ITEM_SLUGS.contains(&item) {
                    diags.push(Diagnostic::error(
                        here,
                        tr!(
                            "\"{item}\" はどの計画にもあるページの名前です。項目のファイル名を変えてください",
                            "\"{item}\" is the name of a page every plan has; rename the item file"
                        ),
                    ));
                    continue;
                }
                Role::Item {
                    city: rel[0].clone(),
                    plan: rel[1].clone(),
                    item: item.to_string(),
                }
            }
            (1, _) => {
                diags.push(
                    Diagnostic::error(
                        here,
                        tr!(
                            "ここにファイルは置けません。content/ の直下に置くのは _index.md と自治体のフォルダだけです",
                            "unexpected file: the top of content/ holds only _index.md and city folders"
                        ),
                    )
                    .with_help(tr!(
                        "自治体は _index.md のあるフォルダ content/<自治体>/ です",
                        "a city is a folder content/<city>/ with an _index.md"
                    )),
                );
                continue;
            }
            (_, _) => {
                diags.push(
                    Diagnostic::error(
                        here,
                        tr!(
                            "ここにファイルは置けません。自治体のフォルダに置くのは _index.md と計画のフォルダだけです",
                            "unexpected file: a city folder holds only _index.md and plan folders"
                        ),
                    )
                    .with_help(tr!(
                        "計画は _index.md のあるフォルダ content/<自治体>/<計画>/ です",
                        "a plan is a folder content/<city>/<plan>/ with an _index.md"
                    )),
                );
                continue;
            }
        };
        found(role, path.to_path_buf());
    }
    for path in outside {
        diags.push(
            Diagnostic::error(
                Location::Path {
                    display: display_path(root, &path),
                    line_col: None,
                },
                file::points_outside(),
            )
            .with_help(tr!(
                "リンクではなく、ファイルをサイトの中にコピーしてください",
                "copy the file into the site instead of linking to it"
            )),
        );
    }
    for dir in dirs {
        if !dirs_with_index.contains(&dir) {
            let depth = dir
                .strip_prefix(content)
                .map_or(0, |r| r.components().count());
            let (what_ja, what_en) = if depth == 1 {
                ("自治体", "city")
            } else {
                ("計画", "plan")
            };
            let dir = display_path(root, &dir);
            diags.push(
                Diagnostic::error(
                    Location::Path {
                        display: dir.clone(),
                        line_col: None,
                    },
                    tr!(
                        "この{what_ja}のフォルダに _index.md がありません",
                        "this {what_en} folder has no _index.md"
                    ),
                )
                .with_help(tr!(
                    "{what_ja}について書いた {dir}/_index.md を追加してください",
                    "add {dir}/_index.md describing the {what_en}"
                )),
            );
        }
    }
}

/// A sort key that compares runs of digits by value: "2" < "10", "1-2" < "1-10".
pub fn natural_key(s: &str) -> Vec<(u8, u64, String)> {
    let mut key = Vec::new();
    let mut rest = s;
    while !rest.is_empty() {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 {
            let n = rest[..digits].parse::<u64>().unwrap_or(u64::MAX);
            key.push((0, n, String::new()));
            rest = &rest[digits..];
        } else {
            let text = rest.len() - rest.trim_start_matches(|c: char| !c.is_ascii_digit()).len();
            key.push((1, 0, rest[..text].to_string()));
            rest = &rest[text..];
        }
    }
    key
}

/// Whether a walked entry stays inside the site folder once symlinks are
/// followed, so that a link cannot publish files from elsewhere on the machine.
pub fn stays_inside(root: &Path, entry: &walkdir::DirEntry) -> bool {
    if !entry.path_is_symlink() {
        return true;
    }
    match (
        std::fs::canonicalize(root),
        std::fs::canonicalize(entry.path()),
    ) {
        (Ok(root), Ok(target)) => target.starts_with(root),
        // A dangling link or a loop: let the walk report it.
        _ => true,
    }
}

/// URL slugs are lower-case ASCII so that addresses are the same on every
/// server and file system.
pub fn check_slug(s: &str) -> Result<(), Text> {
    if s.is_empty() {
        return Err(tr!("名前が空です", "the name is empty"));
    }
    if s == "." || s == ".." {
        return Err(tr!("上のフォルダを指す名前です", "it names a folder above"));
    }
    if !s
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    {
        return Err(tr!(
            "フォルダ名とファイル名には半角の英小文字・数字・'-'・'_' だけを使ってください",
            "use only lower-case ASCII letters, digits, '-' and '_' in folder and file names"
        ));
    }
    Ok(())
}

/// "\"name\" cannot be used in a web address: why".
fn not_a_slug(name: &str, why: &Text) -> Text {
    let (why_ja, why_en) = (&why.ja, &why.en);
    tr!(
        "\"{name}\" はウェブのアドレスに使えません。{why_ja}",
        "\"{name}\" cannot be used in a web address: {why_en}"
    )
}

pub(crate) fn parse_file(
    root: &Path,
    path: &Path,
    role: &Role,
    diags: &mut Diagnostics,
) -> Option<Parsed> {
    let text = read_text(root, path, diags)?;
    let file = SourceFile::new(display_path(root, path), text);
    let (kind, slug) = match role {
        Role::Home => (FileKind::Home, ""),
        Role::City { city } => (FileKind::City, city.as_str()),
        Role::Plan { plan, .. } => (FileKind::Plan, plan.as_str()),
        Role::Item { item, .. } => (FileKind::Item, item.as_str()),
    };
    parse_source(file, kind, slug, diags)
}

/// As [`parse_file`], an item taken from `memo` when it holds it.
fn parse_remembering(
    root: &Path,
    path: &Path,
    role: &Role,
    memo: &memo::Memo,
    diags: &mut Diagnostics,
) -> (Option<Parsed>, memo::Recall) {
    let Role::Item { item: slug, .. } = role else {
        return (parse_file(root, path, role, diags), memo::Recall::Not);
    };
    let Some(text) = read_text(root, path, diags) else {
        return (None, memo::Recall::Not);
    };
    let file = SourceFile::new(display_path(root, path), text);
    let (remembered, key) = memo.recall(&file, slug);
    if let (Some(item), Some(key)) = (remembered, key) {
        return (Some(Parsed::Item(item)), memo::Recall::Hit(key));
    }
    let mut d = Diagnostics::default();
    let parsed = parse_source(file, FileKind::Item, slug, &mut d);
    let recall = match &parsed {
        Some(Parsed::Item(item)) => memo.parsed(key, item, !d.is_empty()),
        _ => memo::Recall::Not,
    };
    diags.extend(d);
    (parsed, recall)
}

/// Which schema a content file is read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Home,
    City,
    Plan,
    Item,
}

/// What one content file turned out to be.
pub enum Parsed {
    Home(String, Arc<SourceFile>),
    City(City),
    Plan(Plan),
    Item(Item),
}

/// Splits and reads the text of one content file; every problem goes to
/// `diags`. The entry point for the fuzz target and property tests too.
pub fn parse_source(
    file: std::sync::Arc<SourceFile>,
    kind: FileKind,
    slug: &str,
    diags: &mut Diagnostics,
) -> Option<Parsed> {
    let split = match frontmatter::split(&file.text) {
        Ok(s) => s,
        Err(e) => {
            diags.push(
                Diagnostic::error(
                    Location::Span {
                        file: file.clone(),
                        range: e.range,
                    },
                    e.message,
                )
                .with_help(e.help),
            );
            return None;
        }
    };
    let front = &file.text[split.front.clone()];
    let body = file.text[split.body.clone()].to_string();
    let doc = match DeTable::parse(front) {
        Ok(d) => d,
        Err(e) => {
            diags.push(toml_error(&file, split.front.start, &e));
            return None;
        }
    };
    // "missing key" errors point at the first line of the front matter.
    let at = 0..0;
    let mut r = Reader::new(file.clone(), split.front.start, diags);
    let t = doc.get_ref();
    match kind {
        FileKind::Home => {
            r.check_keys(t, "", &[]);
            Some(Parsed::Home(body, file.clone()))
        }
        FileKind::City => parse::city(&mut r, t, at, slug, body).map(Parsed::City),
        FileKind::Plan => parse::plan(&mut r, t, at, slug, body).map(Parsed::Plan),
        FileKind::Item => parse::item(&mut r, t, at, slug, body).map(Parsed::Item),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_sort_as_people_number_them() {
        let mut v = vec!["10", "9", "1-10", "1-2", "a", "01"];
        v.sort_by_cached_key(|s| natural_key(s));
        assert_eq!(v, ["01", "1-2", "1-10", "9", "10", "a"]);
    }

    #[test]
    fn slugs_are_lower_case_ascii() {
        assert!(check_slug("mine").is_ok());
        assert!(check_slug("sanyo-onoda_2").is_ok());
        assert!(check_slug("Mine").is_err());
        assert!(check_slug("美祢").is_err());
        assert!(check_slug("..").is_err());
        assert!(check_slug("a b").is_err());
    }
}
