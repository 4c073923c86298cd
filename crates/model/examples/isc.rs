use hne_model::hindcast::*;
fn main() {
    let dir = std::path::Path::new("data/hindcast");
    let mut auths: Vec<Authority> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json") && !p.ends_with("index.json"))
        .map(|p| serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap())
        .collect();
    auths.sort_by(|a, b| a.code.cmp(&b.code));
    let pts = points(&auths, RUNS).unwrap();
    let mut v: Vec<(f64, String)> = pts
        .iter()
        .filter(|p| p.q == Quantity::Total && p.h <= 3)
        .map(|p| {
            let (lo, hi, y) = (p.model.p10, p.model.p90, p.actual);
            let s = (hi - lo + 10.0 * ((lo - y).max(0.0) + (y - hi).max(0.0))) / y;
            (
                s,
                format!(
                    "{} o{} h{} y{} c{:.0} [{:.0},{:.0}]",
                    p.code, p.origin, p.h, y, p.model.central, lo, hi
                ),
            )
        })
        .collect();
    let n = v.len() as f64;
    let tot: f64 = v.iter().map(|x| x.0).sum();
    v.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("mean {:.3}", tot / n);
    for x in v.iter().take(8) {
        println!("{:.2} {}", x.0, x.1);
    }
}
