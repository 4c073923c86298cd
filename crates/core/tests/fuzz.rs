//! A fuzz target over every reader of what a user brings in: the scenario
//! JSON, the CSV template and the data view's rows, a share link, a stored
//! copy at start, the saved library (its list and an import of an export),
//! workshop codes, a calibration history, and a file imported in the app.
//!
//! Native and on stable Rust (cargo-fuzz needs a nightly compiler, which
//! cannot be had here): a mutation fuzzer seeded from the committed corpus
//! (`fuzz-corpus/`: the cases issue 19 found, and whole built-in files),
//! which feeds every input to every reader and checks that none panics,
//! none takes over 2 seconds (a freeze, in a debug build), and an import
//! that fails leaves the library exactly as it was.
//!
//! It runs for a bounded time in the test command: `HNE_FUZZ_SECS` (default
//! 10), from a fixed `HNE_FUZZ_SEED` (default 1) so a failure can be run
//! again; a failing input is written to `target/fuzz-failure` to add to the
//! corpus.

use hne_core::published::Loaded;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use hne_core::state::codec::{base64url_encode, check_code};
use hne_core::state::{self, saved, STORAGE_KEY};
use hne_core::store::{Mem, Store};
use hne_core::{import, library, workshop};
use hne_model::rng::Rng;
use hne_model::{calibrate, examples, json, presets, template};

fn corpus() -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz-corpus");
    let mut out: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .expect("the corpus is committed")
        .filter_map(|e| e.ok())
        .map(|e| std::fs::read(e.path()).unwrap())
        .collect();
    // Whole files as the app writes them, for every built-in authority.
    for name in examples::NAMES {
        let mut s = saved::Saved::example(name).unwrap();
        s.scenario.levers = presets::levers("dbv").unwrap();
        out.push(template::to_csv(&s.scenario).into_bytes());
        out.push(saved::to_json(&s).into_bytes());
        out.push(saved::to_link(&s, &Loaded::default()).fragment.into_bytes());
        let code = workshop::code(&s, &Loaded::default()).code;
        out.push(format!("Ann: {code}\nBob: {code}\n").into_bytes());
        let session = workshop::Session {
            on: workshop::On::of(&s, &Loaded::default()),
            goal_t: 3,
            in_play: 0b1011,
        };
        out.push(session.code().into_bytes());
        let mut m = Mem::default();
        library::save(&mut m, "A plan", &s, "1 December 2026", 1).unwrap();
        out.push(library::export_all(&mut m).into_bytes());
    }
    out
}

const TOKENS: &[&str] = &[
    "\"",
    ",",
    "{",
    "}",
    "[",
    "]",
    ":",
    "\n",
    "\r\n",
    "\u{feff}",
    "\\u0000",
    "-1",
    "1e999",
    "NaN",
    "\"1453,5\"",
    "0,6",
    "=cmd",
    "null",
    "true",
    "[[[[[[[[",
    "]]]]",
    "\"schema\":2",
    "é",
    "£",
    "9999999999999999999999",
    ".",
    "[100000]",
];

fn mutate(rng: &mut Rng, pool: &[Vec<u8>]) -> Vec<u8> {
    let mut pick = |n: usize| (rng.next_u64() % n.max(1) as u64) as usize;
    let mut v = pool[pick(pool.len())].clone();
    let rounds = 1 + pick(8);
    for _ in 0..rounds {
        let at = pick(v.len() + 1);
        match pick(7) {
            0 if !v.is_empty() => {
                let i = at.min(v.len() - 1);
                v[i] ^= 1 << pick(8);
            }
            1 => v.insert(at, pick(256) as u8),
            2 if at < v.len() => {
                let end = (at + 1 + pick(64)).min(v.len());
                v.drain(at..end);
            }
            3 => {
                let t = TOKENS[pick(TOKENS.len())].as_bytes();
                v.splice(at..at, t.iter().copied());
            }
            4 if at < v.len() => {
                // Repeat a chunk: wide objects, long lines.
                let end = (at + 1 + pick(200)).min(v.len());
                let chunk = v[at..end].to_vec();
                for _ in 0..pick(50) {
                    v.splice(at..at, chunk.iter().copied());
                }
            }
            5 => {
                let other = &pool[pick(pool.len())];
                let from = pick(other.len());
                let end = (from + pick(400)).min(other.len());
                v.splice(at..at, other[from..end].iter().copied());
            }
            _ => v.truncate(at),
        }
    }
    v
}

/// Every reader, on one input. Returns what went wrong, if anything.
fn every_reader(bytes: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let timed = |what: &str, f: &mut dyn FnMut()| -> Result<(), String> {
        let t = Instant::now();
        catch_unwind(AssertUnwindSafe(f)).map_err(|_| format!("{what} panicked"))?;
        if t.elapsed() > Duration::from_secs(2) {
            return Err(format!("{what} took {:?}", t.elapsed()));
        }
        Ok(())
    };
    timed("json::read_scenario", &mut || {
        let _ = hne_model::schema::Scenario::from_json(&text);
    })?;
    timed("template::from_csv", &mut || {
        let _ = template::from_csv(bytes);
    })?;
    timed("template::from_rows", &mut || {
        let rows: Vec<(String, String)> = text
            .lines()
            .map(|l| {
                let (a, b) = l.split_once(',').unwrap_or((l, ""));
                (a.to_string(), b.to_string())
            })
            .collect();
        let _ = template::from_rows(&rows);
    })?;
    timed("saved::from_link", &mut || {
        let _ = saved::from_link(&text, &Loaded::default());
        let _ = saved::link_model_version(&text);
        // The same text as a well-formed link, so the JSON inside is read.
        let link = format!("s={}.{:08x}", base64url_encode(bytes), check_code(bytes));
        let _ = saved::from_link(&link, &Loaded::default());
    })?;
    timed("saved::from_json", &mut || {
        let _ = saved::from_json(&text, &Loaded::default());
    })?;
    timed("state::open", &mut || {
        let mut m = Mem::default();
        m.set(STORAGE_KEY, &text).unwrap();
        let (_, mut keeper) = state::open(&mut m, &text, &Loaded::default());
        let _ = keeper.persist(&mut m, "{}");
    })?;
    let mut failed_import = None;
    timed("library", &mut || {
        let mut m = Mem::default();
        let s = saved::Saved::example("example").unwrap();
        library::save(&mut m, "Mine", &s, "", 1).unwrap();
        let before = m.clone();
        if library::import_all(&mut m, &text, 2).is_err() && m != before {
            failed_import = Some("a failed import changed the library".to_string());
        }
        let mut m = Mem::default();
        m.set("hne.saved.v1", &text).unwrap();
        m.set("hne.saved", &text).unwrap();
        let l = library::list(&mut m);
        for e in l.entries.iter().take(3) {
            let _ = library::load(&mut m, &e.id);
        }
    })?;
    if let Some(why) = failed_import {
        return Err(why);
    }
    timed("workshop", &mut || {
        let own = saved::Saved::example(examples::NAMES[0]);
        let _ = workshop::read(&text, own.as_ref(), &Loaded::default());
        let _ = workshop::Session::read(&text);
        let _ = workshop::room(
            &workshop::lines(&text),
            None,
            own.as_ref(),
            &Loaded::default(),
            |s| hne_model::project(&s.scenario).ok(),
        );
    })?;
    timed("calibrate::history_from_csv", &mut || {
        let _ = calibrate::history_from_csv(&text);
    })?;
    timed("import::import", &mut || {
        let _ = import::import("file", bytes, &Loaded::default());
    })?;
    timed("json::parse", &mut || {
        let _ = json::parse(&text);
    })?;
    Ok(())
}

#[test]
fn no_reader_panics_freezes_or_half_writes() {
    let secs: u64 = std::env::var("HNE_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let seed: u64 = std::env::var("HNE_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    // Quiet: the readers' panics (if any) are reported as failures below.
    std::panic::set_hook(Box::new(|_| {}));
    let pool = corpus();
    let mut rng = Rng::new(seed);
    let started = Instant::now();
    let mut runs = 0usize;
    let check = |input: &[u8]| {
        if let Err(why) = every_reader(input) {
            let out =
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/fuzz-failure");
            let _ = std::fs::write(&out, input);
            let _ = std::panic::take_hook();
            panic!("{why} (input written to {})", out.display());
        }
    };
    for input in &pool {
        check(input);
        runs += 1;
    }
    while started.elapsed() < Duration::from_secs(secs) {
        check(&mutate(&mut rng, &pool));
        runs += 1;
    }
    let _ = std::panic::take_hook();
    eprintln!(
        "fuzz: {runs} inputs through every reader in {:?}",
        started.elapsed()
    );
    assert!(runs > pool.len(), "the mutations ran");
}
