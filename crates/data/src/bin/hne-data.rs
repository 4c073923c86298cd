//! `hne-data build`: derive every authority from data/sources and write
//! public/data/authorities/ and docs/data-quality.md.
//! `hne-data check`: derive again in memory; fail if a committed file differs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn root() -> PathBuf {
    // The project's root: two levels above this crate.
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = args
        .iter()
        .position(|a| a == "--root")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from)
        .unwrap_or_else(root);
    let cmd = args.first().map(String::as_str).unwrap_or("");
    match cmd {
        "build" | "check" => {}
        _ => {
            eprintln!("usage: hne-data build|check [--root DIR]\n  build  derive every authority from data/sources and write public/data/authorities/ and docs/data-quality.md\n  check  derive again and compare with the committed files");
            return ExitCode::from(2);
        }
    }
    let out = match hne_data::build(&root) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("hne-data: {e}");
            return ExitCode::FAILURE;
        }
    };
    if cmd == "build" {
        let dir = root.join(hne_data::version_dir());
        if dir.exists() {
            // Authorities that are no longer in the sources leave no file;
            // earlier versions' folders stay for the links made with them.
            if let Err(e) = std::fs::remove_dir_all(&dir) {
                eprintln!("hne-data: {}: {e}", dir.display());
                return ExitCode::FAILURE;
            }
        }
        for (path, text) in &out.files {
            let p = root.join(path);
            if let Some(parent) = p.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            if let Err(e) = std::fs::write(&p, text) {
                eprintln!("hne-data: {}: {e}", p.display());
                return ExitCode::FAILURE;
            }
        }
        println!(
            "hne-data: {} authorities, data {}, written to {} and {}",
            out.derived.len(),
            hne_data::DATA_VERSION,
            hne_data::OUT_DIR,
            hne_data::REPORT
        );
        return ExitCode::SUCCESS;
    }
    let diffs = hne_data::differences(&root, &out);
    if diffs.is_empty() {
        println!(
            "hne-data: the committed data matches a fresh build ({} files)",
            out.files.len()
        );
        ExitCode::SUCCESS
    } else {
        for d in &diffs {
            eprintln!("hne-data: {d}");
        }
        eprintln!("hne-data: run `cargo run -p hne-data -- build` and commit the result");
        ExitCode::FAILURE
    }
}
