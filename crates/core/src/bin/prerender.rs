//! `prerender`: print the first visit's first screen as HTML (the build puts
//! it in index.html: scripts/postbuild.py). With `--embeds DIR`, also write
//! every embed's first screen into DIR (public/pre.js fetches them), from
//! the published figures in `public/data/authorities/<version>/`. See
//! `hne_core::prerender`.
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--embeds") {
        let Some(dir) = args.get(i + 1) else {
            eprintln!("prerender: --embeds needs a folder");
            return ExitCode::from(2);
        };
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let published = root
            .join("public/data/authorities")
            .join(hne_core::published::version());
        let screens = hne_core::prerender::embed_screens(&published);
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("prerender: {dir}: {e}");
            return ExitCode::FAILURE;
        }
        for (name, html) in &screens {
            if let Err(e) = std::fs::write(Path::new(dir).join(name), html) {
                eprintln!("prerender: {dir}/{name}: {e}");
                return ExitCode::FAILURE;
            }
        }
        eprintln!("prerender: {} embed screens in {dir}", screens.len());
    }
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
