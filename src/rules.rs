//! Validity rules that loading ([`crate::validate`]), editing ([`crate::document::Document`])
//! and import (which validates each set it builds) all apply, from this one place, so a set
//! that one of them accepts the others accept too.

use crate::schema::Schema;

fn list(labels: &[String]) -> String {
    if labels.is_empty() {
        return "no label".to_owned();
    }
    labels
        .iter()
        .map(|l| format!("\"{l}\""))
        .collect::<Vec<_>>()
        .join(" or ")
}

/// Whether a relation labelled `label` may link an annotation labelled `from` to one
/// labelled `to`: the label must be one of the schema's relation labels, and the two ends'
/// labels must be in its `from` and `to` lists (FORMAT.md, Validity). `Err` says why not.
pub fn relation_ends(schema: &Schema, label: &str, from: &str, to: &str) -> Result<(), String> {
    let Some(rule) = schema.relation(label) else {
        return Err(format!("relation label \"{label}\" is not in the schema"));
    };
    let from_ok = rule.from.iter().any(|l| l == from);
    let to_ok = rule.to.iter().any(|l| l == to);
    if from_ok && to_ok {
        return Ok(());
    }
    Err(format!(
        "a \"{label}\" relation goes from {} to {}, not from \"{from}\" to \"{to}\"",
        list(&rule.from),
        list(&rule.to)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relation_ends_follow_the_schema() {
        let schema = Schema::default();
        assert!(relation_ends(&schema, "speaker", "quote", "entity").is_ok());
        assert!(relation_ends(&schema, "claimer", "claim", "entity").is_ok());
        let backwards = relation_ends(&schema, "speaker", "entity", "quote").unwrap_err();
        assert_eq!(
            backwards,
            "a \"speaker\" relation goes from \"quote\" to \"entity\", not from \"entity\" to \"quote\""
        );
        assert!(relation_ends(&schema, "speaker", "claim", "entity").is_err());
        assert!(
            relation_ends(&schema, "cites", "quote", "entity")
                .unwrap_err()
                .contains("not in the schema")
        );
    }
}
