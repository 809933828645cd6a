//! The Markdown renderer on arbitrary text, read back as a browser would
//! tokenize it. With raw HTML not allowed, whatever the text, the output
//! holds only the elements and attributes pulldown-cmark writes for
//! Markdown, no `<script`, no link or image whose address runs code or
//! carries a document (javascript:, vbscript:, data:), and no heading above
//! the level the page leaves to the body. Nothing panics either way.
#![no_main]

use html5gum::{Token, Tokenizer};
use libfuzzer_sys::fuzz_target;
use plansite::markdown::{to_html, to_html_shifted, Policy};

const ESCAPED: Policy = Policy {
    allow_html: false,
    schemes: &[],
};
const RAW_HTML: Policy = Policy {
    allow_html: true,
    schemes: &[],
};

/// What pulldown-cmark writes with tables and strikethrough on, plus the
/// `<div>` that `to_html` wraps round a table so that it scrolls.
const ELEMENTS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "code",
    "ul",
    "ol",
    "li",
    "em",
    "strong",
    "del",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "br",
    "div",
];

/// Attributes by element; any other (an `on…` handler above all) was injected.
fn attribute_allowed(element: &str, attribute: &str) -> bool {
    matches!(
        (element, attribute),
        ("a", "href" | "title")
            | ("img", "src" | "alt" | "title")
            | ("ol", "start")
            | ("code", "class")
            | ("th" | "td", "style")
            | ("div", "class" | "tabindex")
    )
}

/// Whether a browser would take `url` for one of the schemes that run
/// script or carry a document of their own. The URL parser drops leading
/// C0 controls and spaces and every tab and newline, and reads the scheme
/// case-insensitively; character references were decoded by the tokenizer.
fn dangerous_scheme(url: &str) -> bool {
    let url: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|scheme| url.starts_with(scheme))
}

/// The lowest heading level the body may use: the page title is the only
/// h1, and `shift` moves the body's headings further down (to h6 at most).
fn top_heading(shift: usize) -> usize {
    (2 + shift).min(6)
}

fn check_escaped(markdown: &str, html: &str, shift: usize) {
    assert!(
        !html.to_ascii_lowercase().contains("<script"),
        "raw <script in the output of {markdown:?}:\n{html}"
    );
    for token in Tokenizer::new(html).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).into_owned();
                assert!(
                    ELEMENTS.contains(&name.as_str()),
                    "element <{name}> in the output of {markdown:?}:\n{html}"
                );
                if let Some(level) = name.strip_prefix('h').and_then(|n| n.parse::<usize>().ok()) {
                    assert!(
                        level >= top_heading(shift),
                        "<{name}> with shift {shift} in the output of {markdown:?}:\n{html}"
                    );
                }
                for (attribute, value) in &tag.attributes {
                    let attribute = String::from_utf8_lossy(attribute);
                    let value = String::from_utf8_lossy(value);
                    assert!(
                        attribute_allowed(&name, &attribute),
                        "<{name} {attribute}=\"{value}\"> in the output of {markdown:?}:\n{html}"
                    );
                    if attribute == "style" {
                        assert!(
                            matches!(
                                &*value,
                                "text-align: left" | "text-align: center" | "text-align: right"
                            ),
                            "<{name} style=\"{value}\"> in the output of {markdown:?}:\n{html}"
                        );
                    }
                    if matches!(&*attribute, "href" | "src") {
                        assert!(
                            !dangerous_scheme(&value),
                            "<{name} {attribute}=\"{value}\"> in the output of {markdown:?}:\n{html}"
                        );
                    }
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).into_owned();
                assert!(
                    ELEMENTS.contains(&name.as_str()),
                    "</{name}> in the output of {markdown:?}:\n{html}"
                );
            }
            Token::Comment(_) | Token::Doctype(_) => {
                panic!("markup declaration in the output of {markdown:?}:\n{html}")
            }
            Token::String(_) | Token::Error(_) => {}
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let shift = usize::from(selector % 8);
    let markdown = String::from_utf8_lossy(rest);
    let escaped = to_html_shifted(&markdown, ESCAPED, shift);
    check_escaped(&markdown, &escaped, shift);
    if shift == 0 {
        assert_eq!(escaped, to_html(&markdown, ESCAPED));
    } else {
        check_escaped(&markdown, &to_html(&markdown, ESCAPED), 0);
    }
    // Raw HTML is the site's own choice: only that it renders at all.
    let _ = to_html_shifted(&markdown, RAW_HTML, shift);
});
