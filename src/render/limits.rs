//! Bounds on what a template may make: a page's size, and how deep its HTML
//! nests before it is minified. A site's template can loop without end
//! (nested `range` loops grew one page to 24 GB) or nest elements thousands
//! deep (the minifier recurses per level and would overflow its stack); the
//! build reports either instead of being killed.

use std::io::{self, Write};

/// The largest page or fragment a template may make, unless `site.toml`
/// sets `max_page_mib`. The demo's largest page, the print view of a
/// 130-KPI plan, is 0.8 MB; a plan of 30,000 items would stay under this.
pub const MAX_PAGE_BYTES: usize = 256 * 1024 * 1024;

/// The deepest nesting of HTML elements a page of a site's own templates
/// may have to be minified (the minifier takes about 2,500 on a 2 MiB
/// stack; the built-in theme's pages nest ~15 around bodies of at most
/// `markdown::MAX_DEPTH`, and are not scanned).
pub const MAX_HTML_DEPTH: usize = 1000;

/// How many of the last writes are remembered to find where a page grew.
const RECENT: usize = 16;

/// A writer into `out` that refuses to grow it past `limit`, remembering
/// its last writes (as ranges of `out`, so that nothing is allocated per
/// write) to tell afterwards which template text was being repeated.
pub struct Capped<'a> {
    out: &'a mut Vec<u8>,
    limit: usize,
    recent: [(usize, usize); RECENT],
    next: usize,
    /// The write that would have passed the limit, if one did.
    pub refused: Option<Vec<u8>>,
}

impl<'a> Capped<'a> {
    pub fn new(out: &'a mut Vec<u8>, limit: usize) -> Self {
        Capped {
            out,
            limit,
            recent: [(0, 0); RECENT],
            next: 0,
            refused: None,
        }
    }

    /// The last writes, the refused one first, as text.
    pub fn last_writes(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .refused
            .iter()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .collect();
        for k in 1..=RECENT {
            let (start, end) = self.recent[self.next.wrapping_sub(k) % RECENT];
            if end > start {
                v.push(String::from_utf8_lossy(&self.out[start..end]).into_owned());
            }
        }
        v
    }
}

impl Capped<'_> {
    #[cold]
    fn refuse(&mut self, buf: &[u8]) -> io::Error {
        self.refused = Some(buf[..buf.len().min(4096)].to_vec());
        io::Error::other("the page is larger than the limit")
    }
}

// Tera writes every piece of a page through here, millions per build:
// `write_all` is the whole job, not a loop over `write`.
impl Write for Capped<'_> {
    #[inline]
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf).map(|()| buf.len())
    }

    #[inline]
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        if self.out.len() + buf.len() > self.limit {
            return Err(self.refuse(buf));
        }
        let start = self.out.len();
        self.out.extend_from_slice(buf);
        self.recent[self.next % RECENT] = (start, self.out.len());
        self.next = self.next.wrapping_add(1);
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Elements without an end tag.
const VOID: [&[u8]; 14] = [
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"param",
    b"source", b"track", b"wbr",
];

/// Elements whose content is text, not markup.
const RAW: [&[u8]; 4] = [b"script", b"style", b"textarea", b"title"];

fn one_of(name: &[u8], names: &[&[u8]]) -> bool {
    names.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// How deep the elements of `html` nest, counting start tags without their
/// end tag as open (so an end tag left out counts against the page: a
/// bound, not a parse). Every minified page is scanned, so it jumps from
/// `<` to `<` and over attribute values with memchr.
pub fn depth(html: &[u8]) -> usize {
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while let Some(at) = memchr::memchr(b'<', &html[i..]) {
        i += at + 1;
        match html.get(i) {
            Some(b'/') => {
                depth = depth.saturating_sub(1);
                i = skip_tag(html, i);
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let name_end = html[i..]
                    .iter()
                    .position(|b| !b.is_ascii_alphanumeric() && *b != b'-')
                    .map_or(html.len(), |n| i + n);
                let name = &html[i..name_end];
                let end = skip_tag(html, name_end);
                let self_closed = end >= 2 && html[end - 2] == b'/';
                i = end;
                if one_of(name, &RAW) {
                    // Skip to its end tag; what is inside is not markup.
                    i = end_tag(html, i, name).unwrap_or(html.len());
                    continue;
                }
                if !self_closed && !one_of(name, &VOID) {
                    depth += 1;
                    max = max.max(depth);
                }
            }
            _ => {}
        }
    }
    max
}

/// The index after the `>` that ends the tag started before `i`, quotes
/// respected.
fn skip_tag(html: &[u8], mut i: usize) -> usize {
    while let Some(at) = memchr::memchr3(b'>', b'"', b'\'', &html[i..]) {
        let b = html[i + at];
        i += at + 1;
        if b == b'>' {
            return i;
        }
        // A quoted value: on to its closing quote.
        match memchr::memchr(b, &html[i..]) {
            Some(close) => i += close + 1,
            None => return html.len(),
        }
    }
    html.len()
}

/// Where the end tag `</name` is, from `from`, in any case.
fn end_tag(html: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(at) = memchr::memmem::find(&html[i..], b"</") {
        let start = i + at;
        let after = start + 2;
        if html
            .get(after..after + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
        {
            return Some(start);
        }
        i = after;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_counts_open_elements() {
        assert_eq!(
            depth(b"<!doctype html><html><body><p>a<br>b</p></body></html>"),
            3
        );
        assert_eq!(
            depth(b"<div><img src=\"a>b\"><svg><path d=\"\"/></svg></div>"),
            2
        );
        assert_eq!(depth(b"<script>if (a<b) {}</script><p>x</p>"), 1);
        let deep = "<blockquote>".repeat(3000);
        assert_eq!(depth(deep.as_bytes()), 3000);
    }

    #[test]
    fn a_capped_writer_refuses_past_its_limit_and_remembers_its_last_writes() {
        let mut out = Vec::new();
        let mut w = Capped::new(&mut out, 10);
        w.write_all(b"<p>").unwrap();
        w.write_all(b"12").unwrap();
        w.write_all(b"</p>").unwrap();
        assert!(w.write_all(b"<p>").is_err());
        assert_eq!(w.last_writes(), ["<p>", "</p>", "12", "<p>"]);
    }
}
