//! The chosen subtrees as blocks: paragraphs, headings, list items (`- ` or `N. `), block
//! quotes and table rows, references decoded and white space collapsed; what the scorer finds unwanted
//! inside them (captions, bylines, link lists) left out, and so are a heading that repeats
//! the headline and lines such as "Advertisement".

use super::boilerplate::{is_stop_block, key};
use super::entities::decode_into;
use super::scoring::Scorer;
use super::tag::Tag;
use crate::ingest::html_text::{Block, BlockKind, collapse};

/// Whether an element starts and ends a block of its own. A table's row is one block, its
/// cells separated by a space (a stock ticker reads `HD Home Depot 225.86 -5.44%`, not one
/// cell per paragraph).
fn ends_block(tag: Tag) -> bool {
    tag.is_block() && !matches!(tag, Tag::Td | Tag::Th)
}

/// Blocks being made: those done, and the text of the one open.
#[derive(Default)]
struct Renderer {
    blocks: Vec<Block>,
    current: String,
    /// The open block's kind when an element set it (a list item).
    kind: Option<BlockKind>,
    quote_depth: usize,
    heading_depth: usize,
    /// For each open list: `None` (bullets) or the next number.
    lists: Vec<Option<usize>>,
}

impl Renderer {
    fn default_kind(&self) -> BlockKind {
        BlockKind::inside(self.heading_depth, self.quote_depth)
    }

    /// Ends the open block (kept if it has text).
    fn flush(&mut self) {
        let text = collapse(&self.current);
        self.current.clear();
        if !text.is_empty() && text != "-" {
            let kind = self.kind.unwrap_or_else(|| self.default_kind());
            self.blocks.push(Block { kind, text });
        }
        self.kind = None;
    }

    fn enter(&mut self, tag: Tag) {
        if ends_block(tag) {
            self.flush();
        }
        match tag {
            Tag::Blockquote => self.quote_depth += 1,
            t if t.is_heading() => self.heading_depth += 1,
            Tag::Ul => self.lists.push(None),
            Tag::Ol => self.lists.push(Some(1)),
            Tag::Li => {
                self.kind = Some(BlockKind::ListItem);
                match self.lists.last_mut() {
                    Some(Some(n)) => {
                        self.current.push_str(&n.to_string());
                        self.current.push_str(". ");
                        *n += 1;
                    }
                    _ => self.current.push_str("- "),
                }
            }
            Tag::Td | Tag::Th => self.current.push(' '),
            _ => {}
        }
    }

    fn leave(&mut self, tag: Tag) {
        if ends_block(tag) {
            self.flush();
        }
        match tag {
            Tag::Blockquote => self.quote_depth = self.quote_depth.saturating_sub(1),
            t if t.is_heading() => self.heading_depth = self.heading_depth.saturating_sub(1),
            Tag::Ul | Tag::Ol => {
                self.lists.pop();
            }
            _ => {}
        }
    }
}

/// The blocks of the subtrees `roots` (in page order). `headline`: a heading with the same
/// words is left out (the article file starts with the headline already).
pub fn render(scorer: &Scorer<'_, '_>, roots: &[usize], headline: Option<&str>) -> Vec<Block> {
    let tree = scorer.tree;
    let nodes = &tree.nodes;
    let mut r = Renderer::default();
    for &root in roots {
        let Some(end) = nodes.get(root).map(|n| n.end as usize) else {
            continue;
        };
        // Open elements as (end of subtree, tag): left when the walk passes their end.
        let mut open: Vec<(usize, Tag)> = Vec::new();
        let mut i = root;
        while i < end {
            while let Some(&(e, t)) = open.last() {
                if e > i {
                    break;
                }
                open.pop();
                r.leave(t);
            }
            let node = nodes[i];
            if node.tag == Tag::Text {
                decode_into(tree.text(&node), &mut r.current);
                i += 1;
                continue;
            }
            if i != 0 && scorer.unwanted(i) {
                i = (node.end as usize).max(i + 1);
                continue;
            }
            r.enter(node.tag);
            open.push((node.end as usize, node.tag));
            i += 1;
        }
        while let Some((_, t)) = open.pop() {
            r.leave(t);
        }
        r.flush();
    }
    let headline = headline.map(key).unwrap_or_default();
    r.blocks.retain(|b| {
        let k = key(&b.text);
        let repeats_headline =
            b.kind == BlockKind::Heading && !headline.is_empty() && k == headline;
        !(repeats_headline || is_stop_block(&k))
    });
    r.blocks
}

#[cfg(test)]
mod tests {
    use super::super::{markup, scoring};
    use super::*;

    #[test]
    fn a_table_row_is_one_block_and_a_repeated_headline_is_left_out() {
        let page = "<div><h2>The  headline</h2><p>Text of the story, long enough to score as a paragraph.</p>\
                    <table><tr><th>Ticker</th><th>Last</th></tr><tr><td>HD</td><td>225.86</td></tr></table>\
                    <p>Advertisement</p></div>";
        let tree = markup::parse(page);
        let mut scorer = scoring::Scorer::new(&tree, true);
        let roots = scorer.choose();
        let texts: Vec<String> = render(&scorer, &roots, Some("The headline"))
            .into_iter()
            .map(|b| b.text)
            .collect();
        assert_eq!(
            texts,
            [
                "Text of the story, long enough to score as a paragraph.",
                "Ticker Last",
                "HD 225.86"
            ]
        );
    }
}
