//! A lenient HTML reader that builds a flat tree in one pass: nodes in document order
//! (preorder), each knowing its parent and where its subtree ends, so later passes walk it
//! with plain loops (no recursion) and skip a subtree in one jump.
//!
//! It does what pages need and not the whole of HTML's tree construction: implied end tags
//! (`<p>` closed by a block, `<li>` by the next `<li>`, table cells and rows), raw text
//! (`<script>`, `<style>`, `<title>`, …), stray end tags ignored, comments and doctypes
//! skipped. Elements nested deeper than [`MAX_DEPTH`] are not opened (their content joins the
//! deepest open element), so every step costs at most that depth and the whole is linear.

use super::boilerplate;
use super::tag::Tag;

/// Elements nested deeper than this are not opened (their text joins the deepest open one).
pub const MAX_DEPTH: usize = 400;

/// One node of the flat tree.
#[derive(Clone, Copy, Debug)]
pub struct Node {
    pub tag: Tag,
    /// [`boilerplate`] flags from the element's attributes.
    pub flags: u16,
    /// The parent's index (the root is its own parent).
    pub parent: u32,
    /// One past the last node of the subtree.
    pub end: u32,
    /// Text nodes: the raw (undecoded) text's byte range. Elements of [`Tag::Other`]: a
    /// hash of the name in `start`, to match end tags.
    pub start: u32,
    pub len: u32,
    /// Elements: where the start tag begins in the page.
    pub at: u32,
}

/// An attribute of an element the metadata reader looks at ([`Tag::keeps_attributes`]):
/// its name and raw value as byte ranges of the page.
#[derive(Clone, Copy, Debug)]
pub struct Attribute {
    pub node: u32,
    name: (u32, u32),
    value: (u32, u32),
}

/// A parsed page: its source and flat tree.
pub struct Tree<'a> {
    pub src: &'a str,
    pub nodes: Vec<Node>,
    /// Attributes of `<html>`, `<meta>`, `<link>`, `<time>` and `<script>`, in page order.
    pub attributes: Vec<Attribute>,
}

impl<'a> Tree<'a> {
    /// A text node's raw text.
    pub fn text(&self, n: &Node) -> &'a str {
        let s = n.start as usize;
        self.src.get(s..s + n.len as usize).unwrap_or("")
    }

    /// An attribute's name as written.
    pub fn attribute_name(&self, a: &Attribute) -> &'a str {
        self.src
            .get(a.name.0 as usize..a.name.1 as usize)
            .unwrap_or("")
    }

    /// An attribute's raw value (references not decoded).
    pub fn attribute_value(&self, a: &Attribute) -> &'a str {
        self.src
            .get(a.value.0 as usize..a.value.1 as usize)
            .unwrap_or("")
    }

    /// The raw text of an element's direct text children (`<title>`, `<script>`).
    pub fn raw_text(&self, element: usize) -> String {
        let Some(node) = self.nodes.get(element) else {
            return String::new();
        };
        let mut out = String::new();
        let mut c = element + 1;
        while c < node.end as usize {
            let child = &self.nodes[c];
            if child.tag == Tag::Text {
                out.push_str(self.text(child));
            }
            c = (child.end as usize).max(c + 1);
        }
        out
    }
}

/// The tree being built: nodes so far and the elements still open.
struct Builder {
    nodes: Vec<Node>,
    /// Open elements (node indices); `stack[0]` is the root.
    stack: Vec<u32>,
    /// How many elements of each tag are open.
    open: [u32; Tag::COUNT],
}

impl Builder {
    fn top(&self) -> u32 {
        *self.stack.last().unwrap_or(&0)
    }

    fn push_text(&mut self, start: usize, end: usize) {
        if end <= start {
            return;
        }
        let parent = self.top();
        if let Some(last) = self.nodes.last_mut()
            && last.tag == Tag::Text
            && last.parent == parent
            && (last.start + last.len) as usize == start
        {
            last.len += (end - start) as u32;
            return;
        }
        self.nodes.push(Node {
            tag: Tag::Text,
            flags: 0,
            parent,
            end: self.nodes.len() as u32 + 1,
            start: start as u32,
            len: (end - start) as u32,
            at: start as u32,
        });
    }

    fn pop(&mut self) {
        if self.stack.len() <= 1 {
            return;
        }
        if let Some(i) = self.stack.pop() {
            let end = self.nodes.len() as u32;
            let node = &mut self.nodes[i as usize];
            node.end = end;
            self.open[node.tag as usize] = self.open[node.tag as usize].saturating_sub(1);
        }
    }

    /// Closes elements up to and including the nearest open `tag`, unless one of `scope`
    /// comes first.
    fn close_to(&mut self, tag: Tag, scope: &[Tag]) {
        if self.open[tag as usize] == 0 {
            return;
        }
        let mut at = None;
        for (k, &i) in self.stack.iter().enumerate().rev() {
            let t = self.nodes[i as usize].tag;
            if t == tag {
                at = Some(k);
                break;
            }
            if scope.contains(&t) || k == 0 {
                break;
            }
        }
        if let Some(k) = at {
            while self.stack.len() > k {
                self.pop();
            }
        }
    }

    fn close_any(&mut self, tags: &[Tag], scope: &[Tag]) {
        for &t in tags {
            if self.open[t as usize] > 0 {
                self.close_to(t, scope);
            }
        }
    }

    /// A start tag: closes what it implies, adds the element, opens it unless void.
    fn start(&mut self, tag: Tag, flags: u16, hash: u32, self_closing: bool, at: usize) -> u32 {
        const TABLE_SCOPE: [Tag; 3] = [Tag::Table, Tag::Td, Tag::Th];
        // Page content in an unclosed `<head>` ends it, as a browser's parser does.
        if self.open[Tag::Head as usize] > 0 && !tag.belongs_in_head() {
            self.close_to(Tag::Head, &[]);
        }
        if tag.closes_p() {
            self.close_to(Tag::P, &[Tag::Table, Tag::Td, Tag::Th, Tag::Button]);
        }
        match tag {
            Tag::Li => self.close_to(Tag::Li, &[Tag::Ul, Tag::Ol, Tag::Table]),
            Tag::Dt | Tag::Dd => self.close_any(&[Tag::Dt, Tag::Dd], &[Tag::Dl, Tag::Table]),
            Tag::Tr => self.close_any(&[Tag::Td, Tag::Th, Tag::Tr], &[Tag::Table]),
            Tag::Td | Tag::Th => self.close_any(&[Tag::Td, Tag::Th], &[Tag::Tr, Tag::Table]),
            Tag::Thead | Tag::Tbody | Tag::Tfoot => self.close_any(
                &[
                    Tag::Td,
                    Tag::Th,
                    Tag::Tr,
                    Tag::Thead,
                    Tag::Tbody,
                    Tag::Tfoot,
                ],
                &[Tag::Table],
            ),
            Tag::Option => self.close_to(Tag::Option, &[Tag::Select]),
            Tag::A => self.close_to(Tag::A, &TABLE_SCOPE),
            // A heading inside a heading closes it.
            t if t.is_heading() && self.nodes[self.top() as usize].tag.is_heading() => {
                self.pop();
            }
            _ => {}
        }
        let parent = self.top();
        let index = self.nodes.len() as u32;
        self.nodes.push(Node {
            tag,
            flags,
            parent,
            end: index + 1,
            start: hash,
            len: 0,
            at: at as u32,
        });
        if !tag.is_void() && !self_closing && self.stack.len() < MAX_DEPTH {
            self.stack.push(index);
            self.open[tag as usize] += 1;
        }
        index
    }

    /// An end tag: closes the nearest open element of its name, if any (`</br>` is a `<br>`).
    fn end(&mut self, tag: Tag, hash: u32) {
        match tag {
            Tag::Br => {
                self.start(Tag::Br, 0, 0, true, 0);
            }
            Tag::Body | Tag::Html => {}
            Tag::Other if self.open[Tag::Other as usize] > 0 => {
                let found = self.stack.iter().rposition(|&i| {
                    let n = &self.nodes[i as usize];
                    n.tag == Tag::Other && n.start == hash
                });
                if let Some(k) = found.filter(|k| *k > 0) {
                    while self.stack.len() > k {
                        self.pop();
                    }
                }
            }
            Tag::Other => {}
            _ => self.close_to(tag, &[]),
        }
    }
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// FNV-1a of a lower-case element name (to match end tags of unknown elements).
fn name_hash(name: &[u8]) -> u32 {
    let mut h: u32 = 2166136261;
    for b in name {
        h = (h ^ *b as u32).wrapping_mul(16777619);
    }
    h
}

/// Parses a page into its flat tree. Never fails: whatever is not markup is text. The page
/// must be under 4 GiB (offsets are 32-bit); longer input is read up to there.
pub fn parse(src: &str) -> Tree<'_> {
    let mut cut = src.len().min(u32::MAX as usize - 1);
    while !src.is_char_boundary(cut) {
        cut -= 1;
    }
    let src = &src[..cut];
    let b = src.as_bytes();
    let mut bld = Builder {
        nodes: Vec::with_capacity(b.len() / 40),
        stack: Vec::with_capacity(64),
        open: [0; Tag::COUNT],
    };
    bld.nodes.push(Node {
        tag: Tag::Root,
        flags: 0,
        parent: 0,
        end: 1,
        start: 0,
        len: 0,
        at: 0,
    });
    bld.stack.push(0);
    let mut attributes = Vec::new();
    let mut element_attributes: Vec<((usize, usize), (usize, usize))> = Vec::new();
    let mut name = Vec::with_capacity(16);
    let mut seen_body = false;
    let mut i = 0;
    let mut text_start = 0;
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        let lt = i + off;
        let next = b.get(lt + 1).copied().unwrap_or(0);
        if next == b'!' || next == b'?' {
            // A comment, doctype, CDATA or processing instruction.
            bld.push_text(text_start, lt);
            i = if b[lt..].starts_with(b"<!--") {
                memchr::memmem::find(&b[lt + 4..], b"-->").map_or(b.len(), |e| lt + 4 + e + 3)
            } else {
                memchr::memchr(b'>', &b[lt..]).map_or(b.len(), |e| lt + e + 1)
            };
            text_start = i;
            continue;
        }
        let closing = next == b'/';
        let name_at = if closing { lt + 2 } else { lt + 1 };
        if !b.get(name_at).is_some_and(|c| c.is_ascii_alphabetic()) {
            // Not a tag: the `<` is text.
            i = lt + 1;
            continue;
        }
        bld.push_text(text_start, lt);
        let mut j = name_at;
        while j < b.len() && !is_space(b[j]) && b[j] != b'/' && b[j] != b'>' {
            j += 1;
        }
        name.clear();
        name.extend(b[name_at..j].iter().map(u8::to_ascii_lowercase));
        let tag = Tag::of(&name);
        let hash = if tag == Tag::Other {
            name_hash(&name)
        } else {
            0
        };
        if closing {
            i = memchr::memchr(b'>', &b[j..]).map_or(b.len(), |e| j + e + 1);
            text_start = i;
            bld.end(tag, hash);
            continue;
        }
        // Attributes.
        let mut flags = 0;
        let mut self_closing = false;
        element_attributes.clear();
        loop {
            while j < b.len() && is_space(b[j]) {
                j += 1;
            }
            if j >= b.len() {
                break;
            }
            match b[j] {
                b'>' => {
                    j += 1;
                    break;
                }
                b'/' => {
                    j += 1;
                    if b.get(j) == Some(&b'>') {
                        self_closing = true;
                        j += 1;
                        break;
                    }
                    continue;
                }
                _ => {}
            }
            let name_start = j;
            while j < b.len() && !is_space(b[j]) && !matches!(b[j], b'/' | b'>' | b'=') {
                j += 1;
            }
            if name_start == j {
                j += 1; // a stray `=`
                continue;
            }
            let attribute_name = (name_start, j);
            while j < b.len() && is_space(b[j]) {
                j += 1;
            }
            let mut value = (j, j);
            if b.get(j) == Some(&b'=') {
                j += 1;
                while j < b.len() && is_space(b[j]) {
                    j += 1;
                }
                match b.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let e = memchr::memchr(q, &b[j + 1..]).map_or(b.len(), |e| j + 1 + e);
                        value = (j + 1, e);
                        j = (e + 1).min(b.len());
                    }
                    _ => {
                        let s = j;
                        while j < b.len() && !is_space(b[j]) && b[j] != b'>' {
                            j += 1;
                        }
                        value = (s, j);
                    }
                }
            }
            // Quotes and `=` are ASCII, so both ranges lie on character boundaries.
            let text = src.get(value.0.min(value.1)..value.1).unwrap_or("");
            flags |= boilerplate::attribute_flags(&b[attribute_name.0..attribute_name.1], text);
            if tag.keeps_attributes() {
                element_attributes.push((attribute_name, value));
            }
        }
        i = j.min(b.len());
        text_start = i;
        if matches!(tag, Tag::Html | Tag::Head) && bld.open[tag as usize] > 0 {
            continue;
        }
        if tag == Tag::Body {
            if seen_body {
                continue;
            }
            seen_body = true;
        }
        let index = bld.start(tag, flags, hash, self_closing, lt);
        attributes.extend(element_attributes.iter().map(|&(name, value)| Attribute {
            node: index,
            name: (name.0 as u32, name.1 as u32),
            value: (value.0 as u32, value.1 as u32),
        }));
        if tag.is_raw_text() && !self_closing {
            let end = raw_text_end(b, i, &name);
            bld.push_text(i, end);
            if bld.top() == index {
                bld.pop();
            }
            i = memchr::memchr(b'>', &b[end..]).map_or(b.len(), |e| end + e + 1);
            text_start = i;
        }
    }
    bld.push_text(text_start, b.len());
    while bld.stack.len() > 1 {
        bld.pop();
    }
    let n = bld.nodes.len() as u32;
    bld.nodes[0].end = n;
    Tree {
        src,
        nodes: bld.nodes,
        attributes,
    }
}

/// Where raw text that starts at `from` ends: at `</name` (any case), or the page's end.
fn raw_text_end(b: &[u8], from: usize, name: &[u8]) -> usize {
    let mut k = from;
    loop {
        let Some(e) = memchr::memmem::find(&b[k..], b"</") else {
            return b.len();
        };
        let at = k + e;
        let after = &b[at + 2..];
        if after.len() >= name.len()
            && after[..name.len()].eq_ignore_ascii_case(name)
            && after
                .get(name.len())
                .is_none_or(|c| !c.is_ascii_alphanumeric())
        {
            return at;
        }
        k = at + 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn implied_end_tags_and_stray_end_tags() {
        let page = "<div><p>one<p>two</span></div></div><ul><li>a<li>b</ul>";
        let tree = parse(page);
        let ps = tree.nodes.iter().filter(|n| n.tag == Tag::P).count();
        assert_eq!(ps, 2);
        let lis: Vec<_> = tree.nodes.iter().filter(|n| n.tag == Tag::Li).collect();
        assert_eq!(lis.len(), 2);
        assert_eq!(lis[0].parent, lis[1].parent);
    }

    #[test]
    fn content_in_an_unclosed_head_ends_it() {
        let tree = parse("<html><head><title>T</title><meta charset=utf-8><div><p>text</p></div>");
        let div = tree.nodes.iter().position(|n| n.tag == Tag::Div);
        let parent = div.map(|d| tree.nodes[tree.nodes[d].parent as usize].tag);
        assert_eq!(parent, Some(Tag::Html));
    }

    #[test]
    fn raw_text_and_attributes_of_metadata_elements_are_kept() {
        let tree = parse(
            "<html lang=en-GB><script type='application/ld+json'>{\"a\": \"</p>\"}</SCRIPT>\
             <meta property=og:title content=\"A &amp; B\"><div class=x>t</div>",
        );
        let names: Vec<_> = tree
            .attributes
            .iter()
            .map(|a| (tree.attribute_name(a), tree.attribute_value(a)))
            .collect();
        assert_eq!(
            names,
            [
                ("lang", "en-GB"),
                ("type", "application/ld+json"),
                ("property", "og:title"),
                ("content", "A &amp; B")
            ]
        );
        let script = tree
            .nodes
            .iter()
            .position(|n| n.tag == Tag::Script)
            .unwrap_or(0);
        assert_eq!(tree.raw_text(script), "{\"a\": \"</p>\"}");
    }
}
