//! `press-annotate --version`: the program's version and the annotation format it writes, so
//! a user (or a bug report) can tell which files this build reads and writes.

use std::process::Command;

#[test]
fn version_names_the_program_its_version_and_the_annotation_format_it_writes() {
    let out = Command::new(env!("CARGO_BIN_EXE_press-annotate"))
        .arg("--version")
        .output()
        .expect("the binary runs");
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout.trim_end(),
        format!(
            "press-annotate {} (annotation format {})",
            env!("CARGO_PKG_VERSION"),
            press_annotate::model::FORMAT_VERSION
        )
    );
}
