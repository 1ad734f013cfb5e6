//! Which part of the page is the article: readability's way, in linear passes over the flat
//! tree. Markup and class names drop boilerplate; paragraphs score their ancestors (text
//! length, commas); scores are weighed by tag, class names and link density; the best
//! candidate is moved up to the container that holds its neighbours; its siblings that score
//! well enough, or read as paragraphs, join it.

use super::boilerplate::{ARTICLE_BODY, AUXILIARY, BOILERPLATE, HIDDEN, NEGATIVE, POSITIVE};
use super::markup::Tree;
use super::tag::Tag;

/// Loose text shorter than this (non-space bytes) is a label or a teaser, not a paragraph.
const MIN_RUN: u32 = 100;

/// Text statistics of a subtree (boilerplate left out).
#[derive(Clone, Copy, Default)]
pub struct Stats {
    /// Non-space bytes of text.
    pub chars: u32,
    /// Of which inside links.
    pub link_chars: u32,
    pub commas: u32,
    /// Paragraph-like descendants with at least 25 characters.
    pub paras: u32,
    /// Block-level descendants (to tell a `<div>` that is a paragraph).
    pub blocks: u32,
}

/// The scores of one pass over a page.
pub struct Scorer<'t, 'a> {
    pub tree: &'t Tree<'a>,
    /// Inside dropped markup (the node itself or an ancestor).
    dropped: Vec<bool>,
    stats: Vec<Stats>,
    score: Vec<f32>,
    /// Whether class and id names drop and weigh elements.
    use_classes: bool,
    /// The article's container, once chosen.
    best: usize,
}

impl<'t, 'a> Scorer<'t, 'a> {
    /// Scores the page; `use_classes`: whether class and id names count (readability's
    /// second try leaves them out).
    pub fn new(tree: &'t Tree<'a>, use_classes: bool) -> Self {
        let n = tree.nodes.len();
        let mut scorer = Scorer {
            tree,
            dropped: vec![false; n],
            stats: vec![Stats::default(); n],
            score: vec![0.0; n],
            use_classes,
            best: 0,
        };
        scorer.drop_boilerplate();
        scorer.score_paragraphs();
        scorer
    }

    /// Marks what markup drops, then what attributes drop: class names are trusted only for
    /// elements that do not hold most of the page's paragraph text, and an `<aside>` only
    /// when it holds less text than the rest of the page.
    fn drop_boilerplate(&mut self) {
        let nodes = &self.tree.nodes;
        let n = nodes.len();
        for (i, node) in nodes.iter().enumerate().skip(1) {
            // Figures are never rendered: their captions do not score either.
            let figure = matches!(node.tag, Tag::Figure | Tag::Figcaption);
            self.dropped[i] = node.tag.is_dropped() || figure || self.dropped[node.parent as usize];
        }
        let mut in_paragraphs = vec![0u32; n];
        let mut outside_links = vec![0u32; n];
        for i in (1..n).rev() {
            let node = &nodes[i];
            if self.dropped[i] {
                continue;
            }
            if node.tag == Tag::Text {
                let chars = count_chars(self.tree.text(node).as_bytes());
                outside_links[i] = chars;
                if nodes[node.parent as usize].tag == Tag::P {
                    in_paragraphs[i] = chars;
                }
            } else if node.tag == Tag::A {
                outside_links[i] = 0;
            }
            // An `<aside>`'s or hidden element's text is not the page's: it is weighed
            // against the rest below (a consent dialog's hidden paragraphs must not raise
            // the guard that keeps the article).
            if node.tag == Tag::Aside || node.flags & HIDDEN != 0 {
                continue;
            }
            let p = node.parent as usize;
            in_paragraphs[p] += in_paragraphs[i];
            outside_links[p] += outside_links[i];
        }
        // Paragraph text, or on pages with few paragraphs, text outside links.
        let held = if in_paragraphs[0] >= 500 {
            in_paragraphs
        } else {
            outside_links
        };
        let guard = (held[0] as f32 * 0.4) as u32;
        let flagged = if self.use_classes {
            HIDDEN | BOILERPLATE
        } else {
            HIDDEN
        };
        for i in 1..n {
            let node = &nodes[i];
            if self.dropped[i] {
                continue;
            }
            // An `<aside>` is dropped unless it holds more text than the rest of the page
            // and no class name calls it boilerplate (a theme that wraps its article in one).
            let own = if node.tag == Tag::Aside {
                held[i] <= held[0] || node.flags & flagged != 0
            } else {
                (node.flags & flagged != 0 || node.tag == Tag::Form)
                    && !matches!(node.tag, Tag::Body | Tag::Html | Tag::Article | Tag::Main)
                    && held[i] <= guard
            };
            self.dropped[i] = own || self.dropped[node.parent as usize];
        }
    }

    /// Bottom up: each subtree's [`Stats`], and each paragraph's score given to its parent,
    /// grandparent (half) and three more ancestors (less and less).
    fn score_paragraphs(&mut self) {
        let nodes = &self.tree.nodes;
        for i in (1..nodes.len()).rev() {
            let node = nodes[i];
            if self.dropped[i] {
                continue;
            }
            let mut st = self.stats[i];
            if node.tag == Tag::Text {
                let t = self.tree.text(&node).as_bytes();
                st.chars = count_chars(t);
                st.commas = memchr::memchr_iter(b',', t).count() as u32;
            } else if node.tag == Tag::A {
                st.link_chars = st.chars;
            }
            let is_paragraph = match node.tag {
                Tag::P | Tag::Pre | Tag::Td | Tag::Blockquote => true,
                Tag::Div | Tag::Section | Tag::Article => st.blocks == 0,
                _ => false,
            };
            if is_paragraph && st.chars >= 25 {
                st.paras += 1;
                self.give(node.parent as usize, st.chars, st.commas);
            } else if st.blocks > 0 && node.tag.holds_loose_text() {
                st.paras += self.score_loose_runs(i);
            }
            if node.tag != Tag::Text && node.tag.is_block() && node.tag != Tag::Br {
                st.blocks += 1;
            }
            self.stats[i] = st;
            let ps = &mut self.stats[node.parent as usize];
            ps.chars += st.chars;
            ps.link_chars += st.link_chars;
            ps.commas += st.commas;
            ps.paras += st.paras;
            ps.blocks += st.blocks;
        }
    }

    /// A paragraph's score (1, its commas, a point per 100 characters up to 3) given to the
    /// element `p` that holds it, half to its parent, less and less to three more ancestors.
    fn give(&mut self, mut p: usize, chars: u32, commas: u32) {
        let nodes = &self.tree.nodes;
        let s = 1.0 + commas as f32 + (chars as f32 / 100.0).min(3.0);
        for level in 0..5 {
            if p == 0 {
                break;
            }
            let divisor = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            self.score[p] += s / divisor;
            p = nodes[p].parent as usize;
        }
    }

    /// Scores the loose text of a container that also holds blocks: each run of text and
    /// inline children, ended by a block child or by two `<br>`s in a row, is a paragraph
    /// of the container when it has [`MIN_RUN`] characters (readability wraps such runs in
    /// `<p>`s before scoring; shorter runs would make teasers with class names win). Returns how
    /// many runs were long enough to count. Walks the direct children only, so each node is
    /// visited once for its parent: linear over the page.
    fn score_loose_runs(&mut self, container: usize) -> u32 {
        let nodes = &self.tree.nodes;
        let end = nodes[container].end as usize;
        let (mut chars, mut commas, mut after_br, mut runs) = (0u32, 0u32, false, 0u32);
        let mut c = container + 1;
        while c <= end {
            let ends_run = if c == end {
                true
            } else if self.dropped[c] {
                false
            } else {
                let tag = nodes[c].tag;
                if tag == Tag::Br {
                    let twice = after_br;
                    after_br = true;
                    twice
                } else if tag != Tag::Text && tag.is_block() {
                    true
                } else {
                    let st = self.stats[c];
                    if st.chars > 0 {
                        chars += st.chars;
                        commas += st.commas;
                        after_br = false;
                    }
                    false
                }
            };
            if ends_run {
                if chars >= MIN_RUN {
                    runs += 1;
                    self.give(container, chars, commas);
                }
                chars = 0;
                commas = 0;
                after_br = false;
            }
            if c == end {
                break;
            }
            c = (nodes[c].end as usize).max(c + 1);
        }
        runs
    }

    /// The subtrees that make the article, in page order: the chosen container and the
    /// siblings that belong to it, or the whole page (`[0]`) when nothing scores.
    pub fn choose(&mut self) -> Vec<usize> {
        let nodes = &self.tree.nodes;
        let mut best = 0usize;
        let mut best_score = 0.0f32;
        for i in 1..nodes.len() {
            if self.score[i] <= 0.0 || self.dropped[i] {
                continue;
            }
            let s = (self.score[i] + self.weight(i)) * (1.0 - self.link_density(i));
            self.score[i] = s;
            if s > best_score {
                best_score = s;
                best = i;
            }
        }
        if best == 0 {
            return vec![0];
        }
        let best = self.promote(best, best_score);
        self.best = best;
        let best_score = self.score[best].max(best_score);
        let parent = nodes[best].parent as usize;
        if parent == 0 {
            return vec![best];
        }
        let threshold = (best_score * 0.2).max(10.0);
        let mut chosen = Vec::new();
        let mut c = parent + 1;
        while c < nodes[parent].end as usize {
            if c == best || (!self.dropped[c] && self.belongs(c, threshold)) {
                chosen.push(c);
            }
            c = nodes[c].end as usize;
        }
        chosen
    }

    /// Whether a sibling of the container belongs to the article: it scores well, or it is a
    /// paragraph of text (long with few links, or ending a sentence without any).
    fn belongs(&self, c: usize, threshold: f32) -> bool {
        if self.score[c] >= threshold {
            return true;
        }
        let node = &self.tree.nodes[c];
        let st = self.stats[c];
        node.tag == Tag::P
            && ((st.chars > 80 && self.link_density(c) < 0.25)
                || (st.chars > 0
                    && st.link_chars == 0
                    && self.tree.text(node).trim_end().ends_with('.')))
    }

    /// Readability's moves up from the best candidate: to an ancestor holding at least three
    /// of the nearly-as-good candidates; to an ancestor scoring higher; past only children.
    /// Each move walks ancestors only, so at most [`super::markup::MAX_DEPTH`] steps.
    fn promote(&self, mut best: usize, best_score: f32) -> usize {
        let nodes = &self.tree.nodes;
        let mut top: Vec<(f32, usize)> = Vec::with_capacity(6);
        for (i, &s) in self.score.iter().enumerate() {
            if i != best && s >= best_score * 0.75 && !self.dropped[i] {
                top.push((s, i));
                top.sort_by(|a, b| b.0.total_cmp(&a.0));
                top.truncate(4);
            }
        }
        if top.len() >= 3 {
            let mut a = nodes[best].parent as usize;
            while a > 1 && nodes[a].tag != Tag::Body {
                let inside = top
                    .iter()
                    .filter(|(_, i)| *i > a && *i < nodes[a].end as usize)
                    .count();
                if inside >= 3 {
                    best = a;
                    break;
                }
                a = nodes[a].parent as usize;
            }
        }
        let mut last = self.score[best].max(best_score);
        let threshold = last / 3.0;
        let mut p = nodes[best].parent as usize;
        while p > 1 && nodes[p].tag != Tag::Body {
            let s = self.score[p];
            if s > 0.0 {
                if s < threshold {
                    break;
                }
                if s > last {
                    best = p;
                    break;
                }
                last = s;
            }
            p = nodes[p].parent as usize;
        }
        // An only child: its parent is the same container.
        loop {
            let p = nodes[best].parent as usize;
            if p <= 1 || nodes[p].tag == Tag::Body || self.dropped[p] {
                break;
            }
            let mut children = 0;
            let mut c = p + 1;
            while c < nodes[p].end as usize && children < 2 {
                if nodes[c].tag != Tag::Text || self.stats[c].chars > 0 {
                    children += 1;
                }
                c = nodes[c].end as usize;
            }
            if children != 1 {
                break;
            }
            best = p;
        }
        best
    }

    /// A candidate's weight by tag, and by class names when they count.
    fn weight(&self, i: usize) -> f32 {
        let node = &self.tree.nodes[i];
        let mut s = match node.tag {
            Tag::Div | Tag::Article | Tag::Main | Tag::Section => 5.0,
            Tag::Pre | Tag::Td | Tag::Blockquote => 3.0,
            Tag::Address
            | Tag::Ol
            | Tag::Ul
            | Tag::Dl
            | Tag::Dd
            | Tag::Dt
            | Tag::Li
            | Tag::Form => -3.0,
            Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6 | Tag::Th => -5.0,
            _ => 0.0,
        };
        if !self.use_classes {
            return s;
        }
        if node.flags & POSITIVE != 0 {
            s += 25.0;
        }
        if node.flags & NEGATIVE != 0 {
            s -= 25.0;
        }
        if node.flags & ARTICLE_BODY != 0 {
            s += 25.0;
        }
        s
    }

    /// The share of a subtree's text inside links.
    fn link_density(&self, i: usize) -> f32 {
        let st = self.stats[i];
        if st.chars == 0 {
            0.0
        } else {
            st.link_chars as f32 / st.chars as f32
        }
    }

    /// Whether to leave out a subtree inside the article: dropped markup, figures, the
    /// headline, captions and bylines, lines of links ("Related: …"), link lists.
    pub fn unwanted(&self, i: usize) -> bool {
        let node = &self.tree.nodes[i];
        if self.dropped[i] {
            return true;
        }
        if matches!(
            node.tag,
            Tag::Figure | Tag::Figcaption | Tag::H1 | Tag::Header
        ) {
            return true;
        }
        let st = self.stats[i];
        if self.use_classes
            && node.flags & AUXILIARY != 0
            && node.flags & POSITIVE == 0
            && st.chars < 400
        {
            return true;
        }
        if (node.tag == Tag::P || node.tag.is_heading())
            && st.chars > 0
            && st.chars < 250
            && st.link_chars * 10 >= st.chars * 6
        {
            return true;
        }
        if matches!(
            node.tag,
            Tag::Div | Tag::Section | Tag::Ul | Tag::Ol | Tag::Table | Tag::Dl | Tag::Aside
        ) {
            let ld = self.link_density(i);
            if st.paras == 0 && ld > 0.5 {
                return true;
            }
            if ld > 0.33 && self.score[i] < 25.0 && st.paras <= 1 && st.chars < 500 {
                return true;
            }
        }
        false
    }

    /// The best candidates, the chosen container's ancestors and large dropped subtrees, one
    /// per line (for looking into a page's errors).
    pub fn explain(&self) -> String {
        let mut out = String::new();
        let mut candidates: Vec<usize> = (1..self.score.len())
            .filter(|&i| self.score[i] > 0.0)
            .collect();
        candidates.sort_by(|a, b| self.score[*b].total_cmp(&self.score[*a]));
        for &i in candidates.iter().take(8) {
            out.push_str(&format!("candidate {}\n", self.describe(i)));
        }
        let nodes = &self.tree.nodes;
        for i in 1..nodes.len() {
            if self.dropped[i] && !self.dropped[nodes[i].parent as usize] {
                let text: usize = nodes[i..nodes[i].end as usize]
                    .iter()
                    .filter(|t| t.tag == Tag::Text && !nodes[t.parent as usize].tag.is_raw_text())
                    .map(|t| self.tree.text(t).trim().len())
                    .sum();
                if text > 500 {
                    let at = nodes[i].at as usize;
                    let src = self.tree.src;
                    let mut end = (at + 150).min(src.len());
                    while !src.is_char_boundary(end) {
                        end -= 1;
                    }
                    let markup = src.get(at..end).unwrap_or("");
                    out.push_str(&format!("dropped {} {markup:?}\n", self.describe(i)));
                }
            }
        }
        let mut p = self.best;
        while p != 0 {
            out.push_str(&format!("container {}\n", self.describe(p)));
            p = nodes[p].parent as usize;
        }
        out
    }

    fn describe(&self, i: usize) -> String {
        let n = &self.tree.nodes[i];
        let st = self.stats[i];
        format!(
            "#{i} {:?} flags={:b} score={:.1} chars={} link-density={:.2} paragraphs={} dropped={}",
            n.tag,
            n.flags,
            self.score[i],
            st.chars,
            self.link_density(i),
            st.paras,
            self.dropped[i]
        )
    }
}

/// Non-space bytes.
fn count_chars(t: &[u8]) -> u32 {
    t.iter().filter(|c| !c.is_ascii_whitespace()).count() as u32
}
