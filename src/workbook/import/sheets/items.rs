//! The 項目 sheet: one row per item.

use std::collections::{BTreeMap, HashMap};

use crate::content::check_slug;
use crate::model::Item;
use crate::tr;
use crate::workbook::edits::{Change, ItemEdits};
use crate::workbook::import::cells;
use crate::workbook::layout::Col;

use super::{item_key, plan_item, row_no, Reader, Table};

impl Reader<'_> {
    pub(super) fn items(&mut self, t: &Table) {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for row in t.rows().collect::<Vec<_>>() {
            let number_cell = t.cell(row, Col::ItemNumber).clone();
            let at_number = t.loc(row, Col::ItemNumber, "");
            let number = match cells::identity(&number_cell) {
                Ok(n) if n.is_empty() => {
                    self.error(
                        at_number,
                        tr!(
                            "項目番号が空です。この行の項目の番号を入力してください",
                            "the item number is blank; type the number of this row's item"
                        ),
                    );
                    continue;
                }
                Ok(n) if cells::is_clear_cell(&number_cell) => {
                    let _ = n;
                    self.no_clear(at_number, "項目番号");
                    continue;
                }
                Ok(n) => n,
                Err(p) => {
                    self.problem(at_number, p);
                    continue;
                }
            };
            let context = self.item_context(&number);
            let key = item_key(&number);
            if let Some(&first) = seen.get(&key) {
                let first = row_no(first);
                self.error(
                    t.loc(row, Col::ItemNumber, &context),
                    tr!(
                        "項目番号「{number}」の行が2つあります(最初は {first} 行目)。1つにまとめてください",
                        "there are two rows for item \"{number}\" (the first is row {first}); keep one"
                    ),
                );
                continue;
            }
            seen.insert(key.clone(), row);
            let plan = self.plan;
            let existing = plan_item(plan, &number);
            let edits = self.item_row(t, row, &number, &context, existing);
            self.edits.items.push(edits);
            self.item_index.insert(key, self.edits.items.len() - 1);
        }
    }

    fn item_row(
        &mut self,
        t: &Table,
        row: usize,
        number: &str,
        context: &str,
        existing: Option<&Item>,
    ) -> ItemEdits {
        let at = t.loc(row, Col::ItemNumber, context);
        let title = self.field(
            t,
            row,
            Col::ItemTitle,
            context,
            existing.map(|i| i.title.clone()),
            false,
            cells::text,
        );
        if existing.is_none() && !matches!(title, Change::Set(_)) {
            self.error(
                t.loc(row, Col::ItemTitle, context),
                tr!(
                    "新しい項目「{number}」には項目名が必要です",
                    "the new item \"{number}\" needs a title"
                ),
            );
        }
        let category = self.field(
            t,
            row,
            Col::Category,
            context,
            existing.and_then(|i| i.category.clone()),
            true,
            cells::identity,
        );
        let category = match category {
            Change::Set(id) => self.category_id(t.loc(row, Col::Category, context), &id),
            other => other,
        };
        let departments = self.list(
            t,
            row,
            context,
            Col::Department,
            existing.map(|i| &i.departments),
        );
        let tags = self.list(t, row, context, Col::Tag, existing.map(|i| &i.tags));
        let mut status = BTreeMap::new();
        let scale = self.config.scales.get(&self.plan.scale);
        let levels: Vec<&str> = scale
            .map(|s| s.levels.iter().map(|l| l.key.as_str()).collect())
            .unwrap_or_default();
        let scale_name = scale.map_or(self.plan.scale.as_str(), |s| s.name.as_str());
        for (col, _) in t.cols.iter().flatten() {
            let Col::Status(year) = *col else { continue };
            let current = existing.and_then(|i| i.status.get(&year).cloned());
            let c = self.field(t, row, *col, context, current, true, |c| {
                cells::status(c, &levels, scale_name)
            });
            if !c.is_keep() {
                status.insert(year, c);
            }
        }
        let (slug, new) = match existing {
            Some(item) => {
                if let Change::Set(file) =
                    self.field(t, row, Col::File, context, None, false, cells::identity)
                {
                    let file = file.trim_end_matches(".md");
                    if file != item.slug && item_key(file) != item_key(&item.slug) {
                        let slug = &item.slug;
                        self.error(
                            t.loc(row, Col::File, context),
                            tr!(
                                "ファイル名は変えられません(この項目のファイルは {slug}.md です)",
                                "the file name cannot be changed (this item's file is {slug}.md)"
                            ),
                        );
                    }
                }
                (item.slug.clone(), false)
            }
            None => (self.new_slug(t, row, number, context), true),
        };
        ItemEdits {
            number: existing.map_or_else(|| number.to_string(), |i| i.number.clone()),
            slug,
            new,
            at,
            title,
            category,
            departments,
            tags,
            status,
            kpis: Vec::new(),
            actions: Vec::new(),
        }
    }

    /// An item's 分類ID: a category of the plan or of the 分類 sheet.
    fn category_id(&mut self, at: crate::diagnostics::Location, id: &str) -> Change<String> {
        let plan = self.plan;
        let known: Vec<&str> = plan
            .all_categories()
            .into_iter()
            .map(|c| c.id.as_str())
            .chain(self.edits.categories.iter().map(|c| c.id.as_str()))
            .collect();
        if known.contains(&id) {
            return Change::Set(id.to_string());
        }
        let help = match crate::diagnostics::did_you_mean(id, &known) {
            Some(k) => tr!("「{k}」のことでしょうか", "did you mean \"{k}\"?"),
            None => tr!(
                "新しい分類は「分類」シートに行を足してください",
                "add a new category as a row of the categories sheet"
            ),
        };
        self.diags.push(
            crate::diagnostics::Diagnostic::error(
                at,
                tr!(
                    "分類ID「{id}」はこの計画の分類にありません",
                    "\"{id}\" is not a category id of this plan"
                ),
            )
            .with_help(help),
        );
        Change::Keep
    }

    /// 担当課1..N or タグ1..M as the whole list: blank cells filled from
    /// the content, 削除 cells left out; Keep when every cell is blank.
    fn list(
        &mut self,
        t: &Table,
        row: usize,
        context: &str,
        col: fn(u8) -> Col,
        current: Option<&Vec<String>>,
    ) -> Change<Vec<String>> {
        let empty = Vec::new();
        let current = current.unwrap_or(&empty);
        let max_col = t
            .cols
            .iter()
            .flatten()
            .filter_map(|(c, _)| (1..=u8::MAX).find(|&n| col(n) == *c))
            .max()
            .unwrap_or(0) as usize;
        let mut out = Vec::new();
        let mut touched = false;
        for n in 1..=max_col.max(current.len()) {
            let now = current.get(n - 1).cloned();
            let c = match u8::try_from(n) {
                Ok(n8) if n <= max_col => {
                    self.field(t, row, col(n8), context, now.clone(), true, cells::text)
                }
                _ => Change::Keep,
            };
            match c {
                Change::Set(v) => {
                    touched = true;
                    out.push(v);
                }
                Change::Clear => touched = true,
                Change::Keep => out.extend(now),
            }
        }
        if touched {
            Change::Set(out)
        } else {
            Change::Keep
        }
    }

    /// A new item's file: the ファイル名 cell, else its number (padded like
    /// the plan's other files when they are all digits of one width).
    fn new_slug(&mut self, t: &Table, row: usize, number: &str, context: &str) -> String {
        let at = t.loc(row, Col::File, context);
        let taken = |slug: &str, r: &Reader| {
            r.plan.items.iter().any(|i| i.slug == slug)
                || r.edits.items.iter().any(|i| i.slug == slug)
        };
        let typed = match self.field(t, row, Col::File, context, None, false, cells::identity) {
            Change::Set(f) => Some(f.trim_end_matches(".md").to_string()),
            _ => None,
        };
        let slug = match typed {
            Some(f) => {
                if let Err(why) = check_slug(&f) {
                    let (ja, en) = (&why.ja, &why.en);
                    self.error(
                        at.clone(),
                        tr!(
                            "ファイル名「{f}」は使えません。{ja}",
                            "the file name \"{f}\" cannot be used: {en}"
                        ),
                    );
                    return String::new();
                }
                f
            }
            None => {
                let digits = number.bytes().all(|b| b.is_ascii_digit()) && !number.is_empty();
                let widths: Vec<usize> = self.plan.items.iter().map(|i| i.slug.len()).collect();
                let all_digits = !self.plan.items.is_empty()
                    && self
                        .plan
                        .items
                        .iter()
                        .all(|i| i.slug.bytes().all(|b| b.is_ascii_digit()));
                let width = widths
                    .first()
                    .copied()
                    .filter(|w| widths.iter().all(|x| x == w));
                match (digits, all_digits, width) {
                    (true, true, Some(w)) if number.len() <= w => format!("{number:0>w$}"),
                    _ if check_slug(number).is_ok() => number.to_string(),
                    _ => {
                        self.error(
                            at.clone(),
                            tr!(
                                "項目番号「{number}」からファイル名を作れません。「ファイル名」の列に半角英小文字・数字で入力してください",
                                "no file name can be made from the item number \"{number}\"; type one in the File name column (lower-case letters and digits)"
                            ),
                        );
                        return String::new();
                    }
                }
            }
        };
        if taken(&slug, self) {
            self.error(
                at,
                tr!(
                    "ファイル名「{slug}」はほかの項目が使っています",
                    "the file name \"{slug}\" is used by another item"
                ),
            );
        }
        slug
    }
}
