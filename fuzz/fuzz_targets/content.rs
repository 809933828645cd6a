//! Front-matter splitting and content parsing on arbitrary input: every
//! input is either read or reported on, at a place inside the file; nothing
//! panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plansite::content::{parse_source, FileKind};
use plansite::diagnostics::{Diagnostics, SourceFile};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let kind = [
        FileKind::Home,
        FileKind::City,
        FileKind::Plan,
        FileKind::Item,
    ][usize::from(selector % 4)];
    let text = String::from_utf8_lossy(rest).replace("\r\n", "\n");
    let _ = plansite::content::frontmatter::split(&text);
    let mut diags = Diagnostics::default();
    let parsed = parse_source(
        SourceFile::new("fuzz.md".into(), text),
        kind,
        "fuzz",
        &mut diags,
    );
    assert!(parsed.is_some() || diags.has_errors());
    for d in diags.sorted() {
        let _ = d.render(false, plansite::config::Language::En);
    }
});
