//! What Chromium's PDF lacks or gets from the clock, put right with lopdf:
//! the document information (title, the city as author, the date of issue
//! as creation date, a fixed producer), the bookmarks a committee reads by
//! (contents, summary, overview, each item, appendix), and a document ID
//! made from the content, so that the same input gives the same bytes.

use lopdf::{text_string, Dictionary, Document, Object, ObjectId, StringFormat};

use super::browser::Mark;

/// Written as the PDF's producer: the same on every build.
pub const PRODUCER: &str = "plansite (Chromium)";

/// The document information a PDF carries.
pub struct Info {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: String,
    /// `YYYY-MM-DD`: the creation and modification date.
    pub date: String,
}

/// A bookmark: its title and where it leads.
pub struct Entry {
    pub title: String,
    pub mark: Mark,
}

/// The PDF `pdf` with `info`, `entries` as its outline, and an ID from its
/// content; the information Chromium wrote (its clock, its user agent) is
/// replaced whole.
pub fn finish(pdf: &[u8], info: &Info, entries: &[Entry]) -> Result<Vec<u8>, String> {
    let mut doc = Document::load_mem(pdf).map_err(|e| e.to_string())?;
    stable_node_ids(&mut doc);
    let pages: Vec<ObjectId> = doc.page_iter().collect();
    let info_id = doc.add_object(info_dictionary(info));
    doc.trailer.set("Info", info_id);
    // Chromium writes no XMP; any left would still carry its clock.
    let catalog = doc.catalog_mut().map_err(|e| e.to_string())?;
    catalog.remove(b"Metadata");
    if !entries.is_empty() {
        let outline = outline(&mut doc, &pages, entries);
        let catalog = doc.catalog_mut().map_err(|e| e.to_string())?;
        catalog.set("Outlines", outline);
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
    // Objects Chromium's information and outline no longer use are dropped,
    // and the rest numbered in order, so the file is as small as before.
    doc.prune_objects();
    doc.renumber_objects();
    // The ID is a hash of the document with a blank ID: the same content
    // gives the same ID, another content another one.
    let blank = Object::String(vec![0; 16], StringFormat::Hexadecimal);
    doc.trailer
        .set("ID", Object::Array(vec![blank.clone(), blank]));
    let mut first = Vec::new();
    doc.save_to(&mut first).map_err(|e| e.to_string())?;
    let hash = xxhash_rust::xxh3::xxh3_128(&first).to_be_bytes().to_vec();
    let id = Object::String(hash, StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    let mut out = Vec::with_capacity(first.len());
    doc.save_to(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

/// The tagged PDF's structure elements carry Chromium's DOM node ids
/// (`/ID (node00017378)`, and table cells' `/Headers`), which count every
/// node the browser made before, so they differ with what a worker printed
/// first. They are renumbered by rank — in the elements' `/ID` and
/// `/Headers` and the keys and limits of the ID tree only, never in text
/// such as a title — so the same document gives the same ids, in the same
/// order, and the tree's keys stay sorted.
fn stable_node_ids(doc: &mut Document) {
    fn node_number(o: &Object) -> Option<u64> {
        let Object::String(bytes, _) = o else {
            return None;
        };
        let digits = bytes.strip_prefix(b"node")?;
        if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(digits).ok()?.parse().ok()
    }
    /// Calls `f` on every id `d` holds: an element's /ID and /A's /Headers,
    /// or (`tree`) an ID tree node's /Names keys and /Limits.
    fn ids(d: &mut Dictionary, tree: bool, f: &mut dyn FnMut(&mut Object)) {
        fn each(o: &mut Object, step: usize, f: &mut dyn FnMut(&mut Object)) {
            if let Object::Array(items) = o {
                items.iter_mut().step_by(step).for_each(f);
            }
        }
        if tree {
            if let Ok(names) = d.get_mut(b"Names") {
                each(names, 2, f);
            }
            if let Ok(limits) = d.get_mut(b"Limits") {
                each(limits, 1, f);
            }
            return;
        }
        if let Ok(id) = d.get_mut(b"ID") {
            f(id);
        }
        let attributes: Vec<&mut Object> = match d.get_mut(b"A") {
            Ok(Object::Array(list)) => list.iter_mut().collect(),
            Ok(o) => vec![o],
            Err(_) => vec![],
        };
        for a in attributes {
            if let Object::Dictionary(a) = a {
                if let Ok(headers) = a.get_mut(b"Headers") {
                    each(headers, 1, f);
                }
            }
        }
    }
    let is_elem = |d: &Dictionary| {
        d.get(b"Type")
            .is_ok_and(|t| t.as_name().is_ok_and(|n| n == b"StructElem"))
    };
    // The ID tree: the structure tree root's /IDTree and every /Kids below.
    let mut tree = std::collections::HashSet::new();
    let mut todo: Vec<ObjectId> = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"StructTreeRoot").ok()?.as_reference().ok())
        .and_then(|r| {
            doc.get_dictionary(r)
                .ok()?
                .get(b"IDTree")
                .ok()?
                .as_reference()
                .ok()
        })
        .into_iter()
        .collect();
    while let Some(id) = todo.pop() {
        if !tree.insert(id) {
            continue;
        }
        if let Ok(Object::Array(kids)) = doc.get_dictionary(id).and_then(|d| d.get(b"Kids")) {
            todo.extend(kids.iter().filter_map(|k| k.as_reference().ok()));
        }
    }
    let mut found = std::collections::BTreeSet::new();
    for (id, o) in doc.objects.iter_mut() {
        if let Object::Dictionary(d) = o {
            if tree.contains(id) || is_elem(d) {
                ids(d, tree.contains(id), &mut |o| found.extend(node_number(o)));
            }
        }
    }
    let rank: std::collections::HashMap<u64, usize> = found
        .into_iter()
        .enumerate()
        .map(|(n, id)| (id, n))
        .collect();
    for (id, o) in doc.objects.iter_mut() {
        if let Object::Dictionary(d) = o {
            if tree.contains(id) || is_elem(d) {
                ids(d, tree.contains(id), &mut |o| {
                    if let Some(n) = node_number(o).and_then(|x| rank.get(&x)) {
                        *o = Object::String(
                            format!("node{n:08}").into_bytes(),
                            StringFormat::Literal,
                        );
                    }
                });
            }
        }
    }
}

fn info_dictionary(info: &Info) -> Dictionary {
    let mut d = Dictionary::new();
    d.set("Title", text_string(&info.title));
    d.set("Author", text_string(&info.author));
    if !info.subject.is_empty() {
        d.set("Subject", text_string(&info.subject));
    }
    if !info.keywords.is_empty() {
        d.set("Keywords", text_string(&info.keywords));
    }
    d.set("Creator", text_string("plansite"));
    d.set("Producer", text_string(PRODUCER));
    let date = pdf_date(&info.date);
    d.set("CreationDate", Object::string_literal(date.clone()));
    d.set("ModDate", Object::string_literal(date));
    d
}

/// `2024-03-31` as a PDF date: midnight of that day in Japan.
fn pdf_date(date: &str) -> String {
    let digits: String = date.chars().filter(char::is_ascii_digit).collect();
    format!("D:{digits:0<8}000000+09'00'")
}

/// The outline dictionary, its entries in order at one level, each leading
/// to its page at its element's top.
fn outline(doc: &mut Document, pages: &[ObjectId], entries: &[Entry]) -> ObjectId {
    let root = doc.new_object_id();
    let ids: Vec<ObjectId> = entries.iter().map(|_| doc.new_object_id()).collect();
    for (n, (entry, &id)) in entries.iter().zip(&ids).enumerate() {
        let page = pages[entry.mark.page.min(pages.len().saturating_sub(1))];
        let height = page_height(doc, page);
        // A little above the element, so its heading is not at the very edge.
        let top = (height * (1.0 - entry.mark.top) + 12.0).min(height).round();
        let mut d = Dictionary::new();
        d.set("Title", text_string(&entry.title));
        d.set("Parent", root);
        if n > 0 {
            d.set("Prev", ids[n - 1]);
        }
        if let Some(next) = ids.get(n + 1) {
            d.set("Next", *next);
        }
        d.set(
            "Dest",
            Object::Array(vec![
                page.into(),
                Object::Name(b"XYZ".to_vec()),
                Object::Null,
                Object::Integer(top as i64),
                Object::Null,
            ]),
        );
        doc.objects.insert(id, Object::Dictionary(d));
    }
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"Outlines".to_vec()));
    d.set("First", ids[0]);
    d.set("Last", ids[ids.len() - 1]);
    d.set("Count", Object::Integer(ids.len() as i64));
    doc.objects.insert(root, Object::Dictionary(d));
    root
}

/// The page's height in points (its MediaBox), A4's when it has none.
fn page_height(doc: &Document, page: ObjectId) -> f64 {
    const A4: f64 = 841.89;
    let Ok(d) = doc.get_dictionary(page) else {
        return A4;
    };
    let Ok(Object::Array(b)) = d.get(b"MediaBox") else {
        return A4;
    };
    let n = |o: &Object| match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(*r as f64),
        _ => None,
    };
    match (b.get(1).and_then(n), b.get(3).and_then(n)) {
        (Some(y0), Some(y1)) => y1 - y0,
        _ => A4,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_are_midnight_in_japan() {
        assert_eq!(super::pdf_date("2024-03-31"), "D:20240331000000+09'00'");
    }
}
