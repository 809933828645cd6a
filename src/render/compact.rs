//! Templates made compact once, when they are loaded, instead of every page
//! minified as it is written: the indentation that makes a template
//! readable is most of what a minifier would take out of its pages, and
//! taking it out of the template costs nothing per page (minifying each
//! page was two thirds of a fresh build's time, for 3 % of its bytes).
//!
//! A run of white space that holds a line break becomes its line breaks
//! alone. HTML shows any run of white space as one space, so the page looks
//! and reads the same; a line break still ends a line comment in an inline
//! script; and the template keeps its line numbers, so an error in a site's
//! template is reported at the line the author wrote. The content of `<pre>`
//! and `<textarea>`, where white space shows, is left as it is.

/// Elements whose white space is shown as written.
const VERBATIM: [&str; 2] = ["pre", "textarea"];

/// `source` with each run of white space that holds a line break cut down
/// to its line breaks, outside the elements of [`VERBATIM`].
pub fn compact(source: &str) -> String {
    let bytes = source.as_bytes();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'<' {
            if let Some(end) = verbatim_end(source, i) {
                out.push_str(&source[i..end]);
                i = end;
                continue;
            }
        }
        if b.is_ascii_whitespace() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let run = &source[start..i];
            let breaks = run.bytes().filter(|&c| c == b'\n').count();
            if breaks == 0 {
                out.push_str(run);
            } else {
                out.extend(std::iter::repeat_n('\n', breaks));
            }
            continue;
        }
        // A whole character, which may be several bytes.
        let c = source[i..].chars().next().unwrap_or_default();
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// Where the verbatim element opening at `at` ends (after its end tag, or
/// at the end of the text if it is never closed), if one opens there.
fn verbatim_end(source: &str, at: usize) -> Option<usize> {
    // Bytes: what follows `<` may be any character.
    let rest = &source.as_bytes()[at + 1..];
    let name = VERBATIM.iter().find(|name| {
        rest.len() > name.len()
            && rest[..name.len()].eq_ignore_ascii_case(name.as_bytes())
            && matches!(rest[name.len()], b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/')
    })?;
    let close = format!("</{name}");
    let lower = source[at..].to_ascii_lowercase();
    Some(lower.find(&close).map_or(source.len(), |k| {
        let after = at + k;
        source[after..]
            .find('>')
            .map_or(source.len(), |g| after + g + 1)
    }))
}

#[cfg(test)]
mod tests {
    use super::compact;

    #[test]
    fn indentation_goes_and_line_numbers_stay() {
        let t = "<ul>\n    {% for x in xs %}\n    <li>{{ x }}</li>\n\n    {% endfor %}\n</ul>\n";
        assert_eq!(
            compact(t),
            "<ul>\n{% for x in xs %}\n<li>{{ x }}</li>\n\n{% endfor %}\n</ul>\n"
        );
        assert_eq!(compact(t).lines().count(), t.lines().count());
    }

    #[test]
    fn spaces_within_a_line_are_kept() {
        assert_eq!(
            compact("<a href=\"x\">a  b</a> <b>c</b>"),
            "<a href=\"x\">a  b</a> <b>c</b>"
        );
    }

    #[test]
    fn pre_and_textarea_are_left_as_written() {
        let t = "<div>\n  <pre class=\"x\">\n  a\n    b\n  </pre>\n  <TEXTAREA>\n x\n</TEXTAREA>\n</div>";
        assert_eq!(
            compact(t),
            "<div>\n<pre class=\"x\">\n  a\n    b\n  </pre>\n<TEXTAREA>\n x\n</TEXTAREA>\n</div>"
        );
        // A name that only begins like one is not one.
        assert_eq!(compact("<prefix>\n  a"), "<prefix>\na");
        assert_eq!(
            compact("<p>見つかりません</p>\n <pr"),
            "<p>見つかりません</p>\n<pr"
        );
    }

    #[test]
    fn an_unclosed_pre_keeps_the_rest() {
        assert_eq!(compact("<p>\n  <pre>\n  a"), "<p>\n<pre>\n  a");
    }
}
