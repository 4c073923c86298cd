//! `prerender`: print the first visit's first screen as HTML (the build puts
//! it in index.html: scripts/postbuild.py). See `hne_core::prerender`.
use std::process::ExitCode;

fn main() -> ExitCode {
    match hne_core::prerender::first_visit() {
        Some(html) => {
            println!("{html}");
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("prerender: the first visit's scenario does not run");
            ExitCode::FAILURE
        }
    }
}
