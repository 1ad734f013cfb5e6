//! HTML to paragraphs: the text of a page or fragment as blocks (paragraphs, headings, list
//! items, block quotes), entities decoded, white space collapsed. Walks the tree with an
//! explicit stack, so depth costs no native stack; [`limit_depth`] flattens markup nested
//! deeper than [`MAX_DEPTH`] before it is parsed, which keeps the parser linear too.

use std::borrow::Cow;

use dom_query::{Document, NodeRef};

/// Elements nested deeper than this are dropped (their text kept) before parsing.
pub const MAX_DEPTH: usize = 256;

/// Never rendered: not text a reader sees.
const SKIPPED: [&str; 12] = [
    "script", "style", "noscript", "template", "svg", "head", "iframe", "object", "select",
    "button", "canvas", "math",
];
/// Left out when rendering a whole page without main-text extraction.
const BOILERPLATE: [&str; 6] = ["nav", "header", "footer", "aside", "form", "menu"];
/// Elements that end a paragraph.
const BLOCKS: [&str; 33] = [
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "figure",
    "figcaption",
    "address",
    "hr",
    "br",
    "header",
    "footer",
    "aside",
    "nav",
    "details",
];
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param",
];

/// One block of text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Heading,
    /// A list item; the text starts with `- ` (or `N. ` in a numbered list).
    ListItem,
    Quote,
}

impl BlockKind {
    /// The kind of a block of text standing inside that many open headings and block quotes
    /// (a heading wins over a quote).
    pub fn inside(heading_depth: usize, quote_depth: usize) -> Self {
        if heading_depth > 0 {
            Self::Heading
        } else if quote_depth > 0 {
            Self::Quote
        } else {
            Self::Paragraph
        }
    }
}

/// The blocks of an HTML document or fragment. `whole_page`: leave out navigation, headers,
/// footers, asides and forms (for pages rendered without main-text extraction).
pub fn blocks(html: &str, whole_page: bool) -> Vec<Block> {
    let html = limit_depth(html, MAX_DEPTH);
    let document = Document::from(html.as_ref());
    let root = document.root();
    blocks_of(&root, whole_page)
}

enum Step<'a> {
    Enter(NodeRef<'a>),
    Leave(String),
}

struct Builder {
    blocks: Vec<Block>,
    current: String,
    kind: BlockKind,
    quote_depth: usize,
    heading_depth: usize,
    /// For each open list: `None` (bullets) or the next number.
    lists: Vec<Option<usize>>,
}

impl Builder {
    fn flush(&mut self) {
        let text = collapse(&self.current);
        self.current.clear();
        if !text.is_empty() && text != "-" {
            self.blocks.push(Block {
                kind: self.kind,
                text,
            });
        }
        self.kind = self.default_kind();
    }

    fn default_kind(&self) -> BlockKind {
        BlockKind::inside(self.heading_depth, self.quote_depth)
    }
}

fn blocks_of(root: &NodeRef<'_>, whole_page: bool) -> Vec<Block> {
    let mut b = Builder {
        blocks: Vec::new(),
        current: String::new(),
        kind: BlockKind::Paragraph,
        quote_depth: 0,
        heading_depth: 0,
        lists: Vec::new(),
    };
    let mut stack = vec![Step::Enter(*root)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Leave(name) => {
                if BLOCKS.contains(&name.as_str()) {
                    b.flush();
                }
                match name.as_str() {
                    "blockquote" => b.quote_depth = b.quote_depth.saturating_sub(1),
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                        b.heading_depth = b.heading_depth.saturating_sub(1)
                    }
                    "ul" | "ol" => {
                        b.lists.pop();
                    }
                    _ => {}
                }
                b.kind = if b.current.trim().is_empty() {
                    b.default_kind()
                } else {
                    b.kind
                };
            }
            Step::Enter(node) => {
                if node.is_text() {
                    b.current.push_str(&node.text());
                    continue;
                }
                if !(node.is_element() || node.is_document() || node.is_fragment()) {
                    continue;
                }
                let name = node
                    .node_name()
                    .map(|n| n.to_ascii_lowercase())
                    .unwrap_or_default();
                if SKIPPED.contains(&name.as_str())
                    || (whole_page && BOILERPLATE.contains(&name.as_str()))
                    || node.has_attr("hidden")
                {
                    continue;
                }
                if BLOCKS.contains(&name.as_str()) {
                    b.flush();
                }
                match name.as_str() {
                    "blockquote" => {
                        b.quote_depth += 1;
                        b.kind = BlockKind::Quote;
                    }
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                        b.heading_depth += 1;
                        b.kind = BlockKind::Heading;
                    }
                    "ul" => b.lists.push(None),
                    "ol" => b.lists.push(Some(1)),
                    "li" => {
                        b.kind = BlockKind::ListItem;
                        match b.lists.last_mut() {
                            Some(Some(n)) => {
                                b.current.push_str(&format!("{n}. "));
                                *n += 1;
                            }
                            _ => b.current.push_str("- "),
                        }
                    }
                    "td" | "th" => b.current.push(' '),
                    _ => {}
                }
                stack.push(Step::Leave(name));
                let children: Vec<_> = node.children_it(true).collect();
                stack.extend(children.into_iter().map(Step::Enter));
            }
        }
    }
    b.flush();
    b.blocks
}

/// Runs of white space (any Unicode space, NBSP included) as one space, trimmed.
pub fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The markup with every element nested deeper than `max` removed (its text kept); comments,
/// scripts and styles are passed over as they are. A linear scan that never fails:
/// an unclosed construct ends the scan with the text kept as it is.
pub fn limit_depth(html: &str, max: usize) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    // ASCII lower-casing keeps every byte offset.
    let lower = html.to_ascii_lowercase();
    let mut out = String::new();
    let mut copied = 0; // bytes of `html` before this are in `out` or dropped
    let mut depth: usize = 0;
    let mut changed = false;
    let mut i = 0;
    while let Some(found) = memchr_lt(&bytes[i..]) {
        let start = i + found;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(bytes.len(), |e| start + e + 3);
            continue;
        }
        let Some(end) = tag_end(&bytes[start..]).map(|e| start + e) else {
            break;
        };
        let inner = &html[start + 1..end - 1];
        let closing = inner.starts_with('/');
        let name: String = inner
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>()
            .to_ascii_lowercase();
        i = end;
        if name.is_empty() {
            continue;
        }
        if !closing && (name == "script" || name == "style" || name == "textarea") {
            let close = format!("</{name}");
            let after = lower[end..].find(&close).map_or(bytes.len(), |e| end + e);
            i = after;
            continue;
        }
        if VOID.contains(&name.as_str()) || inner.ends_with('/') {
            continue;
        }
        let drop = if closing {
            let dropped = depth > max;
            depth = depth.saturating_sub(1);
            dropped
        } else {
            depth += 1;
            depth > max
        };
        if drop {
            out.push_str(&html[copied..start]);
            copied = end;
            changed = true;
        }
    }
    if !changed {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

fn memchr_lt(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|b| *b == b'<')
}

/// The byte after the `>` ending the tag at the start of `bytes`, quotes respected.
fn tag_end(bytes: &[u8]) -> Option<usize> {
    let mut quote = None;
    for (i, b) in bytes.iter().enumerate().skip(1) {
        match (quote, b) {
            (Some(q), _) if *b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(*b),
            (None, b'>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(html: &str) -> Vec<String> {
        blocks(html, false).into_iter().map(|b| b.text).collect()
    }

    #[test]
    fn blocks_keep_headings_lists_and_quotes_with_entities_decoded() {
        let got = blocks(
            "<h2>Sub&shy;head</h2><p>He said &ldquo;no&rdquo;&nbsp; twice.</p>\
             <ul><li>one</li><li>two <b>bold</b></li></ul><ol><li>first</li></ol>\
             <blockquote><p>Quoted.</p></blockquote><p>a<br>b</p>",
            false,
        );
        let kinds: Vec<_> = got.iter().map(|b| b.kind).collect();
        use BlockKind::*;
        assert_eq!(
            kinds,
            [
                Heading, Paragraph, ListItem, ListItem, ListItem, Quote, Paragraph, Paragraph
            ]
        );
        let t: Vec<_> = got.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            t,
            [
                "Sub\u{ad}head",
                "He said \u{201c}no\u{201d} twice.",
                "- one",
                "- two bold",
                "1. first",
                "Quoted.",
                "a",
                "b"
            ]
        );
    }

    #[test]
    fn whole_pages_leave_out_navigation_and_scripts() {
        let page = "<nav>Home</nav><script>var x = '<p>';</script><article><p>Body.</p></article><footer>(c)</footer>";
        assert_eq!(blocks(page, true).len(), 1);
        assert_eq!(texts(page), ["Home", "Body.", "(c)"]);
    }

    #[test]
    fn deep_nesting_is_flattened_and_text_kept() {
        let deep = format!(
            "{}<p>deep text</p>{}",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        );
        let limited = limit_depth(&deep, MAX_DEPTH);
        assert!(limited.len() < 10_000);
        assert_eq!(texts(&deep), ["deep text"]);
        assert!(matches!(limit_depth("<p>flat</p>", 4), Cow::Borrowed(_)));
    }
}
