//! The dataset formats: one module per format holding both its reading and its writing, and
//! the one registry of formats ([`Format`]) that the command line, the Export window, export
//! and import all read.
//!
//! What the writers take ([`writing`], [`tokens`]) and what the readers give ([`reading`])
//! live here too, beneath the formats. The orchestration sits on top: `export::run` streams
//! articles into a format's writer, and `import::plan` / `import::write` check and write
//! what a format's reader found. Nothing here uses `export` or `import`.

pub mod brat;
pub mod conll;
pub mod csv;
pub mod doccano;
pub mod jsonl;
pub mod label_studio;
pub mod reading;
pub mod tokens;
pub mod writing;

/// The unit a format counts offsets in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Unicode scalar values (code points): what Python's `str` indexes.
    Chars,
    /// UTF-16 code units: what JavaScript's string indices count.
    Utf16,
}

impl Unit {
    /// How the unit is named in help texts and messages.
    pub fn describe(self) -> &'static str {
        match self {
            Unit::Chars => "code points",
            Unit::Utf16 => "UTF-16 code units",
        }
    }
}

/// The dataset formats: every one press-annotate exports or imports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Format {
    /// One JSON object per article (spaCy, Prodigy).
    #[default]
    Jsonl,
    /// doccano's JSONL with relations.
    Doccano,
    /// A JSON array of Label Studio tasks.
    LabelStudio,
    /// A folder of brat standoff files (`.txt`, `.ann`, `annotation.conf`).
    Brat,
    /// CoNLL-2003-style IOB2 tags, one token per line.
    Conll,
    /// One row per annotation, RFC 4180.
    Csv,
}

impl Format {
    /// Every format, in the order menus and help texts list them.
    pub const ALL: [Format; 6] = [
        Format::Jsonl,
        Format::Doccano,
        Format::LabelStudio,
        Format::Brat,
        Format::Conll,
        Format::Csv,
    ];

    /// The name used on the command line and in the Export window.
    pub fn name(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Doccano => "doccano",
            Format::LabelStudio => "label-studio",
            Format::Brat => "brat",
            Format::Conll => "conll",
            Format::Csv => "csv",
        }
    }

    /// The format of a command-line name.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// What the format is, in a few words.
    pub fn description(self) -> &'static str {
        match self {
            Format::Jsonl => "one JSON object per article (spaCy, Prodigy)",
            Format::Doccano => "doccano JSONL with relations",
            Format::LabelStudio => "a JSON array of Label Studio tasks",
            Format::Brat => "a folder of brat standoff files",
            Format::Conll => "CoNLL-2003-style IOB2 tags, one token per line",
            Format::Csv => "one row per annotation, RFC 4180",
        }
    }

    /// What the format is and how it counts offsets, for `--help`.
    pub fn summary(self) -> String {
        match self.unit() {
            Some(unit) => format!("{}; offsets in {}", self.description(), unit.describe()),
            None => self.description().to_owned(),
        }
    }

    /// The file extension of an export (`None` for brat, which writes a folder).
    pub fn extension(self) -> Option<&'static str> {
        match self {
            Format::Jsonl | Format::Doccano => Some("jsonl"),
            Format::LabelStudio => Some("json"),
            Format::Brat => None,
            Format::Conll => Some("conll"),
            Format::Csv => Some("csv"),
        }
    }

    /// Whether press-annotate writes this format.
    pub fn can_export(self) -> bool {
        true
    }

    /// Whether press-annotate reads this format.
    pub fn can_import(self) -> bool {
        matches!(
            self,
            Format::Jsonl | Format::Doccano | Format::LabelStudio | Format::Brat
        )
    }

    /// The unit the format's offsets count (`None` for CoNLL, which has tokens, not offsets).
    pub fn unit(self) -> Option<Unit> {
        match self {
            Format::Jsonl | Format::LabelStudio | Format::Brat | Format::Csv => Some(Unit::Chars),
            Format::Doccano => Some(Unit::Utf16),
            Format::Conll => None,
        }
    }

    /// The formats export writes.
    pub fn exportable() -> impl Iterator<Item = Format> {
        Format::ALL.into_iter().filter(|f| f.can_export())
    }

    /// The formats import reads.
    pub fn importable() -> impl Iterator<Item = Format> {
        Format::ALL.into_iter().filter(|f| f.can_import())
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_has_a_unique_name_that_reads_back() {
        for format in Format::ALL {
            assert_eq!(Format::from_name(format.name()), Some(format));
        }
        assert_eq!(Format::from_name("xml"), None);
        let importable: Vec<&str> = Format::importable().map(Format::name).collect();
        assert_eq!(importable, ["jsonl", "doccano", "label-studio", "brat"]);
        assert_eq!(Format::exportable().count(), 6);
    }
}
