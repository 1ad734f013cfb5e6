//! What every format's writer takes and gives back: one article ready to be written
//! ([`Doc`]), the streaming writer's shape ([`StreamWriter`]), and the [`Summary`] of an
//! export that writers add their counts and omissions to. Beneath the formats, so that
//! [`crate::export`] sits on top of them.

use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::error::FileError;
use crate::formats::Format;
use crate::model::{Annotation, AnnotationSet, Relation, Status};
use crate::schema::Schema;
use crate::text::Article;

/// Which spans become CoNLL tags.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Layer {
    /// `entity` spans, tagged by type: PER, ORG, LOC, MISC.
    #[default]
    Entity,
    /// `quote` spans, tagged QUOTE.
    Quote,
    /// `claim` spans, tagged CLAIM.
    Claim,
}

impl Layer {
    /// The schema label whose spans this layer tags.
    pub fn label(self) -> &'static str {
        match self {
            Layer::Entity => "entity",
            Layer::Quote => "quote",
            Layer::Claim => "claim",
        }
    }
}

/// What an export did: counts, and everything left out and why.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub format: Format,
    /// Articles (annotation sets) written.
    pub articles: usize,
    /// Annotations written.
    pub annotations: usize,
    /// Relations written.
    pub relations: usize,
    /// Inputs or sets that could not be read, each with its error; each counts as a problem.
    pub failed: Vec<FileError>,
    /// Sets left out on purpose, each with its file and the reason (not problems).
    pub skipped: Vec<(PathBuf, String)>,
    /// Articles in folders that have no annotation set (left out).
    pub without_set: usize,
    /// Sets left out by `--only-done`.
    pub not_done: usize,
    /// Sets whose source had changed and that were re-anchored in memory.
    pub reanchored: usize,
    /// Annotations moved by re-anchoring.
    pub moved: usize,
    /// Orphans left out.
    pub orphans: usize,
    /// Relations left out because one of their ends is an orphan.
    pub orphan_relations: usize,
    /// What the format could not hold, and how often (for example "overlapping spans dropped
    /// (the outermost is kept)" for CoNLL).
    pub dropped: BTreeMap<String, usize>,
}

impl Summary {
    /// Records something the format could not hold.
    pub fn drop(&mut self, what: &str, count: usize) {
        if count > 0 {
            *self.dropped.entry(what.to_owned()).or_insert(0) += count;
        }
    }

    /// How many problems (unreadable inputs and sets): the command exits 1 when there are any.
    pub fn problems(&self) -> usize {
        self.failed.len()
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

impl fmt::Display for Summary {
    /// The summary printed on standard error: counts, then what was left out and why.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "exported {}, {} and {} as {}",
            plural(self.articles, "article"),
            plural(self.annotations, "annotation"),
            plural(self.relations, "relation"),
            self.format.name()
        )?;
        if self.reanchored > 0 {
            writeln!(
                f,
                "re-anchored {} whose source changed ({} moved)",
                plural(self.reanchored, "set"),
                plural(self.moved, "annotation")
            )?;
        }
        let mut left_out = Vec::new();
        if self.without_set > 0 {
            left_out.push(format!(
                "{} without an annotation set",
                plural(self.without_set, "article")
            ));
        }
        if self.not_done > 0 {
            left_out.push(format!("{} not marked Done", plural(self.not_done, "set")));
        }
        if self.orphans > 0 {
            left_out.push(format!(
                "{} (no longer found in the changed source)",
                plural(self.orphans, "orphan")
            ));
        }
        if self.orphan_relations > 0 {
            left_out.push(format!(
                "{} to orphans",
                plural(self.orphan_relations, "relation")
            ));
        }
        for (what, count) in &self.dropped {
            left_out.push(format!("{count} {what}"));
        }
        if !left_out.is_empty() {
            writeln!(f, "left out: {}", left_out.join("; "))?;
        }
        for (path, why) in self.skipped.iter().take(crate::error::MAX_PROBLEMS_SHOWN) {
            writeln!(f, "skipped {}: {why}", path.display())?;
        }
        if self.skipped.len() > crate::error::MAX_PROBLEMS_SHOWN {
            writeln!(
                f,
                "... and {} more sets skipped, not shown",
                self.skipped.len() - crate::error::MAX_PROBLEMS_SHOWN
            )?;
        }
        crate::error::write_capped(f, "skipped ", &self.failed)?;
        if !self.failed.is_empty() {
            writeln!(
                f,
                "{} could not be read",
                plural(self.failed.len(), "input")
            )?;
        }
        Ok(())
    }
}

/// One article ready to be written: what every format writer gets.
pub struct Doc<'a> {
    /// The path relative to the input folder, without extension (`world/kerry-lavrov`).
    pub id: &'a str,
    /// The path relative to the input folder, with extension (`world/kerry-lavrov.txt`).
    pub source: &'a str,
    pub article: &'a Article,
    pub schema: &'a Schema,
    pub annotator: Option<&'a str>,
    pub status: Status,
    /// The spans in the text, sorted by `(start, end, id)` (orphans left out).
    pub spans: &'a [Annotation],
    /// The relations between spans in the text.
    pub relations: Vec<&'a Relation>,
    /// Where the article came from, if it was ingested (its `.source.ron` sidecar).
    pub provenance: Option<crate::ingest::Provenance>,
}

impl<'a> Doc<'a> {
    /// A document of a set (used by [`run`], tests and the window).
    pub fn new(
        id: &'a str,
        source: &'a str,
        article: &'a Article,
        schema: &'a Schema,
        set: &'a AnnotationSet,
    ) -> Self {
        let in_text: std::collections::HashSet<u64> = if set.relations.is_empty() {
            Default::default()
        } else {
            set.annotations.iter().map(|a| a.id).collect()
        };
        let relations = set
            .relations
            .iter()
            .filter(|r| in_text.contains(&r.from) && in_text.contains(&r.to))
            .collect();
        Doc {
            id,
            source,
            article,
            schema,
            annotator: set.annotator.as_deref(),
            status: set.status,
            spans: &set.annotations,
            relations,
            provenance: None,
        }
    }

    /// The provenance as flat JSON fields (`url`, `title`, `byline`, `published`, `site`,
    /// `language`, `ingested_at`, `sha256`; unknown ones left out): `meta` in jsonl, `data`
    /// keys in Label Studio, extra keys in doccano.
    pub fn provenance_fields(&self) -> std::collections::BTreeMap<String, serde_json::Value> {
        let mut fields = std::collections::BTreeMap::new();
        let Some(p) = &self.provenance else {
            return fields;
        };
        for (key, value) in [
            ("url", &p.url),
            ("title", &p.title),
            ("byline", &p.byline),
            ("published", &p.published),
            ("site", &p.site),
            ("language", &p.language),
        ] {
            if let Some(value) = value {
                fields.insert(key.to_string(), serde_json::Value::String(value.clone()));
            }
        }
        fields.insert("ingested_at".into(), p.ingested_at.clone().into());
        fields.insert("sha256".into(), p.sha256.clone().into());
        fields
    }
}

/// A writer of a format that streams into one file.
pub(crate) trait StreamWriter {
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
    fn document(
        &mut self,
        out: &mut dyn Write,
        doc: &Doc<'_>,
        summary: &mut Summary,
    ) -> io::Result<()>;
    fn end(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

pub(crate) fn parent_or_dot(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// The attributes a flat format still has to carry besides the flat label (the entity type
/// is in the label already).
pub(crate) fn extra_attributes(
    span: &Annotation,
) -> (String, impl Iterator<Item = (&String, &String)>) {
    let (flat, consumed) = crate::labels::flat_label(&span.label, &span.attributes);
    let rest = span
        .attributes
        .iter()
        .filter(move |(name, _)| Some(name.as_str()) != consumed);
    (flat, rest)
}
