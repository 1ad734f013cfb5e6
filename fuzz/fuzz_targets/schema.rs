//! A schema file's text: never a panic; a schema that reads writes back to a text that
//! reads as the same schema.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use press_annotate::schema::Schema;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("annotation-schema.ron");
    if let Ok(schema) = Schema::from_ron(path, text) {
        let written = schema.to_ron();
        let again = Schema::from_ron(path, &written).expect("a written schema reads back");
        assert_eq!(again, schema);
    }
});
