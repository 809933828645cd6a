//! The 分類 sheet: one row per category.

use std::collections::HashMap;

use crate::config::Language;
use crate::model::Category;
use crate::tr;
use crate::workbook::edits::{CategoryEdits, Change};
use crate::workbook::import::cells;
use crate::workbook::layout::Col;

use super::{row_no, Reader, Table};

impl Reader<'_> {
    pub(super) fn categories(&mut self, t: &Table) {
        let plan = self.plan;
        // id → its parent's id, for every category of the plan.
        let mut parents: HashMap<&str, Option<&str>> = HashMap::new();
        fn walk<'c>(
            cats: &'c [Category],
            parent: Option<&'c str>,
            out: &mut HashMap<&'c str, Option<&'c str>>,
        ) {
            for c in cats {
                out.insert(&c.id, parent);
                walk(&c.children, Some(&c.id), out);
            }
        }
        walk(&plan.categories, None, &mut parents);
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut new_rows: Vec<(usize, String, Option<String>)> = Vec::new();
        for row in t.rows().collect::<Vec<_>>() {
            let id_cell = t.cell(row, Col::CategoryId).clone();
            let at = t.loc(row, Col::CategoryId, "");
            let id = match cells::identity(&id_cell) {
                Ok(id) if id.is_empty() => {
                    self.error(
                        at,
                        tr!(
                            "分類IDが空です。この行の分類のIDを入力してください",
                            "the category id is blank; type this row's category id"
                        ),
                    );
                    continue;
                }
                Ok(_) if cells::is_clear_cell(&id_cell) => {
                    self.no_clear(at, "分類ID");
                    continue;
                }
                Ok(id) => id,
                Err(p) => {
                    self.problem(at, p);
                    continue;
                }
            };
            let context = match self.lang {
                Language::Ja => format!("分類 {id}"),
                Language::En => format!("category {id}"),
            };
            if let Some(&first) = seen.get(&id) {
                let first = row_no(first);
                self.error(
                    t.loc(row, Col::CategoryId, &context),
                    tr!(
                        "分類ID「{id}」の行が2つあります(最初は {first} 行目)。1つにまとめてください",
                        "there are two rows for category \"{id}\" (the first is row {first}); keep one"
                    ),
                );
                continue;
            }
            seen.insert(id.clone(), row);
            let existing = plan.all_categories().into_iter().find(|c| c.id == id);
            let title = self.field(
                t,
                row,
                Col::CategoryName,
                &context,
                existing.map(|c| c.title.clone()),
                false,
                cells::text,
            );
            let description = self.field(
                t,
                row,
                Col::Description,
                &context,
                existing.map(|c| c.body.trim().to_string()),
                true,
                cells::text,
            );
            let parent = self.field(t, row, Col::Parent, &context, None, true, cells::identity);
            let parent = match parent {
                Change::Set(p) => Some(p),
                _ => None,
            };
            match existing {
                Some(c) => {
                    let now = parents.get(c.id.as_str()).copied().flatten();
                    if let Some(p) = parent.as_deref().filter(|p| Some(*p) != now) {
                        let now = now.unwrap_or("");
                        self.error(
                            t.loc(row, Col::Parent, &context),
                            tr!(
                                "分類の移動はできません(「{id}」の上位分類は「{now}」です。「{p}」にはできません)",
                                "categories cannot be moved (the parent of \"{id}\" is \"{now}\", not \"{p}\")"
                            ),
                        );
                    }
                }
                None => {
                    if !matches!(title, Change::Set(_)) {
                        self.error(
                            t.loc(row, Col::CategoryName, &context),
                            tr!(
                                "新しい分類「{id}」には分類名が必要です",
                                "the new category \"{id}\" needs a title"
                            ),
                        );
                    }
                    new_rows.push((row, id.clone(), parent.clone()));
                }
            }
            self.edits.categories.push(CategoryEdits {
                id: id.clone(),
                at: t.loc(row, Col::CategoryId, &context),
                new: existing.is_none(),
                parent: match existing {
                    Some(c) => parents
                        .get(c.id.as_str())
                        .copied()
                        .flatten()
                        .map(String::from),
                    None => parent,
                },
                title,
                description,
            });
        }
        // A new category's parent must be a category, and reach the top.
        let new_ids: HashMap<&str, Option<&str>> = new_rows
            .iter()
            .map(|(_, id, p)| (id.as_str(), p.as_deref()))
            .collect();
        for (row, id, parent) in &new_rows {
            let Some(p) = parent else { continue };
            let context = match self.lang {
                Language::Ja => format!("分類 {id}"),
                Language::En => format!("category {id}"),
            };
            if !parents.contains_key(p.as_str()) && !new_ids.contains_key(p.as_str()) {
                self.error(
                    t.loc(*row, Col::Parent, &context),
                    tr!(
                        "上位分類ID「{p}」はこの計画の分類にも「分類」シートにもありません",
                        "the parent id \"{p}\" is neither a category of the plan nor a row of the categories sheet"
                    ),
                );
                continue;
            }
            let mut at = Some(p.as_str());
            let mut steps = 0;
            while let Some(a) = at {
                if a == id || steps > new_ids.len() {
                    self.error(
                        t.loc(*row, Col::Parent, &context),
                        tr!(
                            "上位分類をたどると「{id}」自身に戻ります",
                            "following the parents of \"{id}\" comes back to it"
                        ),
                    );
                    break;
                }
                at = new_ids.get(a).copied().flatten();
                steps += 1;
            }
        }
    }
}
