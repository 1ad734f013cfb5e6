//! What the import fuzz targets share.

use press_annotate::canonical::to_canonical_ron;
use press_annotate::store::parse_set;

/// Reads one input as an import would and checks what it would write: never a panic, and
/// every set it plans (with and without `--keep-unknown`) saves to a canonical text that
/// parses back to the same set.
pub fn check_import(format: &str, name: &str, data: &[u8]) {
    for keep_unknown in [false, true] {
        let Ok(plan) = press_annotate::import::plan_bytes(format, name, data, keep_unknown) else {
            continue;
        };
        for doc in &plan.docs {
            let text = to_canonical_ron(&doc.set);
            let back = parse_set(&doc.annotation_path, &text).expect("a planned set parses back");
            assert_eq!(back, doc.set, "a planned set changed through its file");
            for a in &doc.set.annotations {
                let slice: String = doc
                    .text
                    .chars()
                    .skip(a.start)
                    .take(a.end - a.start)
                    .collect();
                assert_eq!(
                    slice, a.text,
                    "a planned span's text is not the text at its offsets"
                );
            }
        }
        if let Some((_, schema)) = &plan.schema {
            assert!(
                schema.problems().is_empty(),
                "an extended schema has problems: {:?}",
                schema.problems()
            );
        }
    }
}
