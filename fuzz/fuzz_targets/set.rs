//! An annotation file's text, parsed and validated against the sample article: never a
//! panic; the fast canonical parse agrees with the whole-file parse; a valid set saves to a
//! canonical text that loads back as the same set.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use press_annotate::canonical::{parse_canonical, ron_options, to_canonical_ron};
use press_annotate::model::AnnotationSet;
use press_annotate::schema::Schema;
use press_annotate::store::{parse_set, sha256_hex};
use press_annotate::text::Article;
use press_annotate::validate::{Context, problems};

const ARTICLE: &[u8] = include_bytes!("../../assets/kerry-lavrov-syria.txt");

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("kerry-lavrov-syria.txt.annotations.ron");
    if let Some(fast) = parse_canonical(text) {
        let whole: AnnotationSet = ron_options()
            .from_str(text)
            .expect("a text the fast parse reads parses whole");
        assert_eq!(fast, whole, "fast and whole-file parses differ");
    }
    let Ok(mut set) = parse_set(path, text) else {
        return;
    };
    let article = Article::from_bytes(ARTICLE).expect("the sample article decodes");
    let sha256 = sha256_hex(ARTICLE);
    let schema = Schema::default();
    let cx = Context {
        path,
        file_text: text,
        article: &article,
        sha256: &sha256,
        schema: &schema,
        expected_source: "kerry-lavrov-syria.txt",
        expected_annotator: None,
    };
    if !problems(&set, &cx).is_empty() {
        return;
    }
    set.sort();
    let saved = to_canonical_ron(&set);
    let again = parse_set(path, &saved).expect("a saved set parses");
    assert_eq!(again, set, "save then load changed the set");
    assert!(
        problems(
            &again,
            &Context {
                file_text: &saved,
                ..cx
            }
        )
        .is_empty(),
        "a valid set saved is no longer valid"
    );
});
