//! One doccano input, read and checked as an import would (labels mapped onto the default
//! schema, offsets converted and checked, every set validated): never a panic, and every
//! set it would write is valid.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    press_annotate_fuzz::check_import("doccano", "in.jsonl", data);
});
