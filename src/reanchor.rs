//! Re-anchoring: when an article changed since its set was saved, every annotation either
//! stays, moves to the nearest place its text stands now, or becomes an orphan. Nothing is
//! ever dropped (docs/FORMAT.md, "When the source changed").

use crate::model::{Annotation, AnnotationSet};
use crate::text::Article;

/// One annotation that moved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Moved {
    pub id: u64,
    pub from: usize,
    pub to: usize,
}

/// What re-anchoring did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReanchorReport {
    /// Whether the source had changed at all (if not, nothing below applies).
    pub source_changed: bool,
    pub stayed: usize,
    pub moved: Vec<Moved>,
    /// Ids of the annotations that became orphans.
    pub orphaned: Vec<u64>,
}

impl ReanchorReport {
    /// "4 annotations moved, 1 became an orphan" (or "would move" when only checking).
    pub fn summary(&self, conditional: bool) -> String {
        let (move_verb, orphan_verb) = if conditional {
            ("would move", "would become")
        } else {
            ("moved", "became")
        };
        let moved = self.moved.len();
        let orphaned = self.orphaned.len();
        format!(
            "{moved} annotation{} {move_verb}, {orphaned} {orphan_verb} {}",
            if moved == 1 { "" } else { "s" },
            if orphaned == 1 {
                "an orphan"
            } else {
                "orphans"
            }
        )
    }
}

/// The char offset of the occurrence of `needle` nearest to `around` (the earlier on a tie).
/// Searches windows that double in size, so a text that moved a little is found without
/// scanning the whole article.
pub fn nearest_occurrence(article: &Article, needle: &str, around: usize) -> Option<usize> {
    let len = needle.chars().count();
    if len == 0 || len > article.len_chars() {
        return None;
    }
    let around = around.min(article.len_chars());
    let mut reach = 256usize;
    loop {
        let lo = around.saturating_sub(reach);
        let hi = (around + reach + len).min(article.len_chars());
        let window = article.byte_range(lo..hi);
        let hay = &article.text()[window.clone()];
        let mut best: Option<usize> = None;
        let mut from = 0;
        while let Some(found) = hay[from..].find(needle) {
            let byte = window.start + from + found;
            let at = article.byte_to_char(byte);
            if best.is_none_or(|b| at.abs_diff(around) < b.abs_diff(around)) {
                best = Some(at);
            }
            if at > around {
                break;
            }
            from += found + hay[from + found..].chars().next().map_or(1, char::len_utf8);
        }
        let whole = lo == 0 && hi == article.len_chars();
        match best {
            // Anything outside the window is further than `reach`, so this one is nearest.
            Some(at) if at.abs_diff(around) <= reach || whole => return Some(at),
            None if whole => return None,
            _ => reach *= 4,
        }
    }
}

/// Re-anchors `set` on the article as it is now, whose SHA-256 is `sha256`. The set's
/// `source` is updated, so that the next save records the new hash and length.
pub fn reanchor(set: &mut AnnotationSet, article: &Article, sha256: &str) -> ReanchorReport {
    let mut report = ReanchorReport::default();
    if set.source.sha256 == sha256 {
        return report;
    }
    report.source_changed = true;
    let old = std::mem::take(&mut set.annotations);
    let mut kept: Vec<Annotation> = Vec::with_capacity(old.len());
    let mut orphans = Vec::new();
    for mut a in old {
        let fits = a.end <= article.len_chars() && a.start < a.end;
        if fits && article.slice(a.range()) == a.text {
            report.stayed += 1;
            kept.push(a);
            continue;
        }
        match nearest_occurrence(article, &a.text, a.start) {
            Some(at) => {
                let len = a.end - a.start;
                report.moved.push(Moved {
                    id: a.id,
                    from: a.start,
                    to: at,
                });
                a.start = at;
                a.end = at + len;
                kept.push(a);
            }
            None => {
                report.orphaned.push(a.id);
                orphans.push(a);
            }
        }
    }
    // Two spans may now share label and range; keep the first, orphan the other.
    kept.sort_by_key(Annotation::sort_key);
    let mut annotations: Vec<Annotation> = Vec::with_capacity(kept.len());
    for a in kept {
        let clash = annotations
            .iter()
            .rev()
            .take_while(|b| b.start == a.start && b.end == a.end)
            .any(|b| b.label == a.label);
        if clash {
            report.moved.retain(|m| m.id != a.id);
            report.orphaned.push(a.id);
            orphans.push(a);
        } else {
            annotations.push(a);
        }
    }
    set.annotations = annotations;
    set.orphans.extend(orphans);
    set.orphans.sort_by_key(Annotation::sort_key);
    set.source.sha256 = sha256.to_owned();
    set.source.chars = article.len_chars();
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;

    fn span(id: u64, start: usize, text: &str) -> Annotation {
        Annotation {
            id,
            label: "entity".into(),
            start,
            end: start + text.chars().count(),
            text: text.into(),
            attributes: Default::default(),
            note: None,
            annotators: Vec::new(),
            suggested: None,
        }
    }

    #[test]
    fn spans_stay_move_to_the_nearest_occurrence_or_become_orphans() {
        let before = "Kerry met Lavrov. Kerry left.";
        let after = "Today, Kerry met Lavrov. Kerry left. Putin stayed.";
        let mut set = AnnotationSet::new(
            Source {
                file: "a.txt".into(),
                sha256: "old".into(),
                chars: before.chars().count(),
            },
            None,
        );
        set.annotations = vec![
            span(1, 0, "Kerry"),
            span(2, 10, "Lavrov"),
            span(3, 18, "Kerry"),
        ];
        set.annotations.push(Annotation {
            label: "quote".into(),
            ..span(4, 0, "Kerry met")
        });
        set.annotations.push(span(5, 3, "Medvedev"));
        let article = Article::new(after.into());
        let report = reanchor(&mut set, &article, "new");
        assert!(report.source_changed);
        let at = |id| set.annotation(id).map(|a| a.start);
        assert_eq!(at(1), Some(7));
        assert_eq!(at(2), Some(17));
        assert_eq!(at(3), Some(25));
        assert_eq!(at(4), Some(7));
        assert_eq!(report.orphaned, vec![5]);
        assert_eq!(set.orphans.len(), 1);
        assert_eq!(report.moved.len(), 4);
        assert_eq!(set.source.chars, after.chars().count());
        assert_eq!(
            report.summary(true),
            "4 annotations would move, 1 would become an orphan"
        );
    }

    #[test]
    fn nearest_occurrence_looks_both_ways() {
        let article = Article::new(format!("x{}x{}", "a".repeat(1000), "b".repeat(5000)));
        assert_eq!(nearest_occurrence(&article, "x", 3000), Some(1001));
        assert_eq!(nearest_occurrence(&article, "x", 400), Some(0));
        assert_eq!(nearest_occurrence(&article, "zz", 10), None);
    }
}
