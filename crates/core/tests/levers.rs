//! Every lever in the table (`hne_model::LEVERS`) reaches every place that
//! reads it: its control in the page, the format (JSON and the CSV
//! template), the engine's arithmetic, the attribution, the workshop's plan
//! and session codes. Adding a lever is its row in the table, its field in
//! the format, its arithmetic and its words; this test fails until each
//! place has it.

use hne_core::explorer::{self, Control};
use hne_core::published::Loaded;
use hne_core::state::saved::{self, Saved};
use hne_core::workshop::{self, On, Session};
use hne_model::{LeverId, LEVERS};

#[test]
fn every_lever_in_the_table_reaches_every_place_that_reads_it() {
    let loaded = Loaded::default();
    let start = Saved::example("example").unwrap();
    let base = hne_model::project(&start.scenario).unwrap();
    assert_eq!(LEVERS.len(), LeverId::ALL.len());
    for spec in &LEVERS {
        let c = Control::Lever(spec.id);
        // Its control: words, a unit, a range.
        let cs = c.spec();
        assert!(
            !cs.label.is_empty() && !cs.explain.is_empty() && !cs.why.is_empty(),
            "{}",
            spec.key
        );
        assert!(cs.max > cs.min, "{}: no range", spec.key);
        assert!(
            Control::ALL.contains(&c),
            "{}: not among the controls",
            spec.key
        );
        // Set to three quarters of its range.
        let mut s = start.clone();
        let v = explorer::value(&s.scenario, c);
        let want = ((cs.min + 0.75 * (cs.max - cs.min)) / cs.step).round() * cs.step;
        explorer::set(&mut s, c, want);
        let got = explorer::value(&s.scenario, c);
        assert!(got != v, "{}: setting it changed nothing", spec.key);
        // The format carries it, by its key.
        let json = saved::to_json(&s);
        assert!(
            json.contains(&format!("\"{}\":", spec.key)),
            "{}: not in the JSON",
            spec.key
        );
        assert_eq!(
            saved::from_json(&json, &loaded).unwrap(),
            s,
            "{}: JSON",
            spec.key
        );
        let csv = hne_model::template::to_csv(&s.scenario);
        assert!(
            csv.contains(&format!("levers.{}", spec.key)),
            "{}: not in the CSV template",
            spec.key
        );
        assert_eq!(
            hne_model::template::from_csv(csv.as_bytes()).unwrap(),
            s.scenario,
            "{}: CSV template",
            spec.key
        );
        // The engine's arithmetic moves the figures.
        let run = hne_model::project(&s.scenario).unwrap();
        assert!(
            (run.scenario.metrics.deficit_at_horizon_pounds
                - base.scenario.metrics.deficit_at_horizon_pounds)
                .abs()
                > 1.0,
            "{}: the deficit does not move",
            spec.key
        );
        // The attribution names it.
        let model = hne_model::Model::new(&s.scenario).unwrap();
        let a = hne_model::attribution::attribute(&model);
        assert!(
            a.levers
                .iter()
                .any(|l| l.lever == spec.key && l.name == spec.name),
            "{}: not in the attribution",
            spec.key
        );
        // A workshop plan code carries it exactly; a session code can put it
        // in play.
        let code = workshop::code(&s, &loaded);
        let back = workshop::read(&code.code, None, &loaded).unwrap();
        assert_eq!(
            explorer::value(&back.scenario, c),
            got,
            "{}: plan code",
            spec.key
        );
        let session = Session {
            on: On::of(&start, &loaded),
            goal_t: 3,
            in_play: spec.id.bit(),
        };
        let read = Session::read(&session.code()).unwrap();
        assert!(read.plays(spec.id), "{}: session code", spec.key);
        assert_eq!(read.in_play.count_ones(), 1);
    }
}
