use super::*;
use crate::diagnostics::Diagnostics;

/// Every item of the demo and of a generated corpus, encoded and decoded,
/// is the item parsed: every field and every position (Debug shows both).
#[test]
fn every_item_comes_back_as_parsed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut diags = Diagnostics::default();
    let site = crate::content::load(root, &mut diags);
    let mut seen = 0;
    for (_, plan) in site.plans() {
        for item in &plan.items {
            let back = codec::decode(&codec::encode(item), &item.pos.file).expect("decodes");
            assert_eq!(format!("{back:?}"), format!("{item:?}"));
            seen += 1;
        }
    }
    assert!(seen > 200, "the demo's items: {seen}");
}

#[test]
fn bytes_cut_short_or_pointing_outside_the_file_are_refused() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut diags = Diagnostics::default();
    let site = crate::content::load(root, &mut diags);
    let item = &site.cities[0].plans[0].items[0];
    let bytes = codec::encode(item);
    for cut in [0, 1, bytes.len() / 2, bytes.len() - 1] {
        assert!(
            codec::decode(&bytes[..cut], &item.pos.file).is_none(),
            "cut at {cut}"
        );
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(codec::decode(&longer, &item.pos.file).is_none());
    // The same bytes against a shorter text: its positions fall outside.
    let short = SourceFile::new(item.pos.file.display.clone(), "+++\n+++\n".into());
    assert!(codec::decode(&bytes, &short).is_none());
}

fn write_site(dir: &Path, items: &[(&str, &str)]) {
    let content = dir.join("content/c/p");
    fs::create_dir_all(&content).unwrap();
    fs::write(
        dir.join("content/c/_index.md"),
        "+++\nname = \"C市\"\n+++\n",
    )
    .unwrap();
    fs::write(
        content.join("_index.md"),
        "+++\ntitle = \"計画\"\nperiod = [2021, 2025]\nreport_year = 2023\nscale = \"abcd\"\n+++\n",
    )
    .unwrap();
    for (slug, title) in items {
        fs::write(
            content.join(format!("{slug}.md")),
            format!("+++\nnumber = \"{slug}\"\ntitle = \"{title}\"\n+++\n"),
        )
        .unwrap();
    }
}

fn load_with(root: &Path, dir: &Path, write: bool) -> (Site, Diagnostics) {
    let mut diags = Diagnostics::default();
    let memo = Memo::open(dir.to_path_buf(), write, Some(7));
    let (site, pending) = crate::content::load_remembering(root, &mut diags, memo);
    if let Some(pending) = pending {
        pending.write();
    }
    (site, diags)
}

use crate::model::Site;

/// A site of one item, and where its items are remembered (nothing yet).
fn one_item_site() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let (root, dir) = (tmp.path().join("site"), tmp.path().join("memo"));
    write_site(&root, &[("1", "一")]);
    (tmp, root, dir)
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

fn titles(site: &Site) -> Vec<String> {
    site.plans()
        .flat_map(|(_, p)| p.items.iter().map(|i| i.title.clone()))
        .collect()
}

#[test]
fn a_rebuild_takes_unchanged_items_and_parses_changed_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let (root, dir) = (tmp.path().join("site"), tmp.path().join("memo"));
    write_site(&root, &[("1", "一"), ("2", "二")]);
    // A fresh build writes nothing.
    load_with(&root, &dir, false);
    assert!(!dir.exists());
    load_with(&root, &dir, true);
    let file = dir.join("c.items");
    let first = fs::read(&file).unwrap();
    let written = fs::metadata(&file).unwrap().modified().unwrap();
    // Unchanged: the file is not written again (a write replaces it).
    std::thread::sleep(std::time::Duration::from_millis(20));
    let (site, _) = load_with(&root, &dir, true);
    assert_eq!(titles(&site), ["一", "二"]);
    assert_eq!(fs::metadata(&file).unwrap().modified().unwrap(), written);
    // A changed item is parsed: its new title, not the remembered one.
    write_site(&root, &[("1", "一"), ("2", "弐")]);
    let (site, _) = load_with(&root, &dir, true);
    assert_eq!(titles(&site), ["一", "弐"]);
    assert_ne!(fs::read(&file).unwrap(), first);
    // The remembered item equals the parsed one, positions included.
    let (remembered, _) = load_with(&root, &dir, true);
    let mut diags = Diagnostics::default();
    let parsed = crate::content::load(&root, &mut diags);
    assert_eq!(
        format!("{:?}", remembered.cities),
        format!("{:?}", parsed.cities)
    );
}

#[test]
fn a_file_with_a_problem_is_parsed_and_reported_every_time() {
    let (_tmp, root, dir) = one_item_site();
    // An unknown key: a warning, and the item is still made.
    let item = root.join("content/c/p/1.md");
    fs::write(
        &item,
        "+++\nnumber = \"1\"\ntitle = \"一\"\ntitel = \"x\"\n+++\n",
    )
    .unwrap();
    for _ in 0..3 {
        let (site, diags) = load_with(&root, &dir, true);
        assert_eq!(titles(&site), ["一"]);
        assert!(
            format!("{diags:?}").contains("titel"),
            "the problem is reported on every build"
        );
        assert!(Memo::open(dir.clone(), false, Some(7)).index.is_empty());
    }
}

#[test]
fn another_program_or_a_folder_not_plansites_is_not_read() {
    let (_tmp, root, dir) = one_item_site();
    load_with(&root, &dir, true);
    let file = dir.join("c.items");
    let written = fs::read(&file).unwrap();
    // Another program's hash: nothing taken from the file, which is written anew.
    let memo = Memo::open(dir.clone(), false, Some(8));
    assert!(memo.index.is_empty());
    // Without the marker the folder is someone else's: not read, not written.
    fs::remove_file(dir.join(MARKER)).unwrap();
    let memo = Memo::open(dir.clone(), true, Some(7));
    assert!(memo.index.is_empty() && memo.dir.is_none());
    write_site(&root, &[("1", "壱")]);
    load_with(&root, &dir, true);
    assert_eq!(fs::read(&file).unwrap(), written);
}

#[cfg(unix)]
#[test]
fn a_link_in_the_folders_place_is_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let (root, dir, elsewhere) = (
        tmp.path().join("site"),
        tmp.path().join("memo"),
        tmp.path().join("elsewhere"),
    );
    write_site(&root, &[("1", "一")]);
    fs::create_dir(&elsewhere).unwrap();
    fs::write(elsewhere.join(MARKER), MARKER_TEXT).unwrap();
    fs::write(elsewhere.join("gone.items"), "theirs").unwrap();
    std::os::unix::fs::symlink(&elsewhere, &dir).unwrap();
    load_with(&root, &dir, true);
    assert_eq!(names(&elsewhere), [MARKER, "gone.items"]);
}

#[test]
fn files_of_cities_gone_are_removed_whoever_wrote_them() {
    let (_tmp, root, dir) = one_item_site();
    load_with(&root, &dir, true);
    // Another program's file of a city no longer there, and what a build
    // stopped while writing left.
    fs::write(dir.join("gone.items"), "another program's").unwrap();
    fs::write(dir.join(".tmpAbC123"), "cut short").unwrap();
    fs::write(dir.join("notes.txt"), "someone's").unwrap();
    write_site(&root, &[("1", "壱")]);
    load_with(&root, &dir, true);
    assert_eq!(names(&dir), [MARKER, "c.items", "notes.txt"]);
}

#[test]
fn a_folder_that_appears_during_the_build_is_not_written() {
    let (_tmp, root, dir) = one_item_site();
    let mut diags = Diagnostics::default();
    let memo = Memo::open(dir.clone(), true, Some(7));
    let (_, pending) = crate::content::load_remembering(&root, &mut diags, memo);
    fs::create_dir(&dir).unwrap();
    pending.expect("a rebuild writes").write();
    assert_eq!(
        fs::read_dir(&dir).unwrap().count(),
        0,
        "someone else's folder"
    );
}
