#!/usr/bin/env bash
# Measures what users feel (issue 17's budgets): builds dist/ for release
# and the single file, serves both gzipped as a static host does
# (tools/gzserve.py), then in headless Chromium: Lighthouse on the mobile
# profile, three runs each for the app, the compact embed (?embed) and the
# single file; move to next paint from Event Timing over every lever (the
# app at full speed and slowed 4 times, the embed at 412 px and the single
# file slowed 4 times), with long tasks during a drag; cold loads; and the
# sizes. Writes bench-out/app.md. Reported, not asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build-app.sh
mkdir -p bench-out
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 tools/gzserve.py dist "$port" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
sleep 1
# The single-file build, served gzipped from dist-single/ as a council's
# site would serve it.
scripts/build-single.sh --from-dist >/dev/null
single_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 tools/gzserve.py dist-single "$single_port" >/dev/null 2>&1 &
single_server=$!
trap 'kill $server $single_server 2>/dev/null || true' EXIT
sleep 1
node tools/perf.mjs "http://127.0.0.1:$port/" "http://127.0.0.1:$single_port/high-needs-explorer.html" > bench-out/app.json
# Lighthouse, mobile profile (its default: slow 4G, processor slowed 4
# times): three runs of each. From npm on first use; if it cannot be
# fetched, the report says so.
rm -f bench-out/lighthouse-*.json
for what in app embed single; do
  case $what in
    app) url="http://127.0.0.1:$port/" ;;
    embed) url="http://127.0.0.1:$port/?embed" ;;
    single) url="http://127.0.0.1:$single_port/high-needs-explorer.html" ;;
  esac
  for run in 1 2 3; do
    CHROME_PATH="${CHROMIUM:-/usr/bin/chromium}" npx --yes lighthouse@13.5.0 "$url" --quiet \
      --chrome-flags="--headless=new --no-sandbox" --only-categories=performance,accessibility,best-practices \
      --output=json --output-path="bench-out/lighthouse-$what-$run.json" >/dev/null 2>&1 || true
  done
done
python3 - <<'PY'
import gzip, json, pathlib
m = json.loads(pathlib.Path("bench-out/app.json").read_text())
files = [p for p in pathlib.Path("dist").rglob("*") if p.is_file()]
wasm = sum(p.stat().st_size for p in files if p.suffix == ".wasm")
# The app is everything but the authorities' figures, each fetched alone
# when chosen (data/authorities/<version>/<code>.json), and the embeds'
# written-ahead screens (pre/embed/), of which an embed fetches one.
data = [p for p in files if "data" in p.relative_to("dist").parts[:1]]
pre = [p for p in files if "pre" in p.relative_to("dist").parts[:1]]
# The Excel module (excel-*) is fetched only on the first Excel action.
excel = [p for p in files if p.name.startswith("excel-")]
excel_gz = sum(len(gzip.compress(p.read_bytes(), 9)) for p in excel)
app = [p for p in files if p not in data and p not in pre and p not in excel]
pre_gz = sorted(len(gzip.compress(p.read_bytes(), 9)) for p in pre)
gz = sum(len(gzip.compress(p.read_bytes(), 9)) for p in app)
one = sorted(len(gzip.compress(p.read_bytes(), 9)) for p in data if p.stem.isdigit())
cmp_gz = sum(len(gzip.compress(p.read_bytes(), 9)) for p in data if p.stem == "compare")
wasm_gz = sum(len(gzip.compress(p.read_bytes(), 9)) for p in files if p.suffix == ".wasm" and p not in excel)
wasm = sum(p.stat().st_size for p in files if p.suffix == ".wasm" and p not in excel)
ok = lambda c: "yes" if c else "**no**"
et = {e["cpu"]: e for e in m["event_timing"]}
def lighthouse(what):
    lh = []
    for run in (1, 2, 3):
        p = pathlib.Path(f"bench-out/lighthouse-{what}-{run}.json")
        if p.exists():
            d = json.loads(p.read_text())
            a = d["audits"]
            if d["categories"]["performance"]["score"] is None:
                continue
            lh.append({
                "perf": round(d["categories"]["performance"]["score"] * 100),
                "a11y": round(d["categories"]["accessibility"]["score"] * 100),
                "bp": round(d["categories"]["best-practices"]["score"] * 100),
                "lcp": a["largest-contentful-paint"]["numericValue"] / 1000,
                "tbt": a["total-blocking-time"]["numericValue"],
                "cls": a["cumulative-layout-shift"]["numericValue"],
            })
    return lh
def lighthouse_rows(what, name):
    lh = lighthouse(what)
    def spread(k, f="{:.0f}"):
        v = [x[k] for x in lh]
        return " / ".join(f.format(x) for x in v) if v else "not run (Lighthouse could not be fetched or failed)"
    return [
        (f"{name}: Lighthouse mobile, performance (3 runs)", spread("perf"), "at least 95 each", ok(lh and min(x["perf"] for x in lh) >= 95)),
        (f"{name}: largest contentful paint (3 runs)", spread("lcp", "{:.2f} s"), "at most 1.5 s", ok(lh and max(x["lcp"] for x in lh) <= 1.5)),
        (f"{name}: total blocking time (3 runs)", spread("tbt", "{:.0f} ms"), "at most 100 ms", ok(lh and max(x["tbt"] for x in lh) <= 100)),
        (f"{name}: layout shift (3 runs)", spread("cls", "{:.3f}"), "0", ok(lh and max(x["cls"] for x in lh) == 0)),
        (f"{name}: accessibility / best practices (3 runs)", f"{spread('a11y')}; {spread('bp')}", "100", ok(lh and all(x["a11y"] == 100 and x["bp"] == 100 for x in lh))),
    ]
single = pathlib.Path("dist-single/high-needs-explorer.html")
single_gz = len(gzip.compress(single.read_bytes(), 9)) if single.exists() else 0
hindcast_gz = sum(len(gzip.compress(p.read_bytes(), 9)) for p in data if p.stem == "hindcast")
rows = lighthouse_rows("app", "The app") + lighthouse_rows("embed", "The compact embed (?embed)") + lighthouse_rows("single", "The single file (served gzipped)") + [
    ("Keyboard move to next paint (Event Timing), 120 moves over every lever: p50 / p95 / max", f"{et[1]['p50']} / {et[1]['p95']} / {et[1]['max']} ms", "p95 at most 24 ms", ok(et[1]["p95"] <= 24)),
    ("The same with the processor slowed 4 times: p50 / p95 / max", f"{et[4]['p50']} / {et[4]['p95']} / {et[4]['max']} ms", "p95 at most 60 ms", ok(et[4]["p95"] <= 60)),
    ("Tasks over 50 ms during a 60-step drag, processor slowed 4 times", f"{len(et[4]['drag']['long_tasks_ms'])} (longest {max(et[4]['drag']['long_tasks_ms'] or [0])} ms)", "none", ok(not et[4]["drag"]["long_tasks_ms"])),
] + [
    (f"{name}: move to next paint, processor slowed 4 times: p50 / p95 / max; long tasks in a drag", f"{e['p50']} / {e['p95']} / {e['max']} ms; {len(e['drag']['long_tasks_ms'])}", "p95 at most 60 ms; none", ok(e["p95"] <= 60 and not e["drag"]["long_tasks_ms"]))
    for name, e in (("The compact embed at 412 px", m.get("event_timing_embed")), ("The single file", m.get("event_timing_single"))) if e
] + [
    ("Lever input to every chart repainted, the deferred waterfall and tornado included (script clock, not a paint), p50", f"{m['repaint_ms']['p50']} ms", "", ""),
    ("The same, p95", f"{m['repaint_ms']['p95']} ms", "(superseded by Event Timing)", ""),
    ("Lever input to the first animation frame after it, p50 / p95", f"{m['next_frame_ms']['p50']} / {m['next_frame_ms']['p95']} ms", "", ""),
    ("Cold load from localhost to charts drawn (median of 7; max)", f"{m['cold_load_ms']['median']} ms; {m['cold_load_ms']['max']} ms", "at most 1 s", ok(m['cold_load_ms']['max'] <= 1000)),
    ("The first Excel action (download the template), from localhost: click to next paint (Event Timing, at most); click to the workbook downloaded", f"{m['first_excel']['localhost']['click_to_next_paint_ms']:.0f} ms; {m['first_excel']['localhost']['click_to_download_ms']/1000:.2f} s", "", ""),
    ("The same as a phone on slow 4G, processor slowed 4 times (the module fetched then)", f"{m['first_excel']['slow4g']['click_to_next_paint_ms']:.0f} ms; {m['first_excel']['slow4g']['click_to_download_ms']/1000:.2f} s", "", ""),
    ("Cold load as a phone on slow 4G (Lighthouse's mobile profile; median of 3; max)", f"{m['cold_load_slow4g_ms']['median']/1000:.2f} s; {m['cold_load_slow4g_ms']['max']/1000:.2f} s, {m['cold_load_slow4g_ms']['wire_bytes'][0]/1024:.0f} KB on the wire", "", ""),
    ("Monte Carlo, 2,000 runs in the page: work in slices (median; max)", f"{m['monte_carlo']['busy_ms']['median']} ms; {m['monte_carlo']['busy_ms']['max']} ms", "", ""),
    ("Monte Carlo, 2,000 runs: start to fan drawn, sliced (median; max)", f"{m['monte_carlo']['elapsed_ms']['median']} ms; {m['monte_carlo']['elapsed_ms']['max']} ms in {m['monte_carlo']['slices']['median']} slices", "", ""),
    ("Moves that found the Monte Carlo still running two frames later", f"{m['monte_carlo_running_after_move']} of {m['repaint_ms']['moves']}", "", ""),
    ("Tasks over 50 ms during the 200 moves", f"{len(m['long_tasks_ms'])} {m['long_tasks_ms'] or ''}", "none", ok(not m['long_tasks_ms'])),
    ("wasm", f"{wasm/1024:.0f} KB ({wasm_gz/1024:.0f} KB gzipped)", "(budget retired: see the phone's load)", ""),
    ("The first download: everything but the authorities' figures, the embeds' screens and the Excel module (dist/ but data/, pre/ and excel-*), gzipped", f"{gz/1024:.0f} KB", "at most 350 KB", ok(gz <= 350 * 1024)),
    ("The Excel module (excel-*.js and its wasm), gzipped, fetched on the first Excel action", f"{excel_gz/1024:.0f} KB", "", ""),
    ("One authority's figures, gzipped (median; largest), fetched when chosen", f"{one[len(one)//2]/1024:.1f} KB; {one[-1]/1024:.1f} KB ({len(one)} authorities)" if one else "none", "at most 10 KB", ok(one and one[-1] <= 10 * 1024)),
    ("One embed's written-ahead screen, gzipped (median; largest), fetched by an embed before the app", f"{pre_gz[len(pre_gz)//2]/1024:.1f} KB; {pre_gz[-1]/1024:.1f} KB ({len(pre_gz)} screens, {sum(pre_gz)/1024/1024:.1f} MB in all)" if pre_gz else "none", "", ""),
    ("The past forecasts (hindcast.json), gzipped, fetched when their panel comes near", f"{hindcast_gz/1024:.1f} KB", "", ""),
    ("The single file, gzipped (every authority inside)", f"{single_gz/1024:.0f} KB", "", ""),
    ("The comparisons (compare.json), gzipped, fetched after an authority", f"{cmp_gz/1024:.1f} KB", "", ""),
]
out = [f"Moves measured: {m['repaint_ms']['moves']}", "", "| what | measured | target | met |", "|---|---|---|---|"]
out += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
pathlib.Path("bench-out/app.md").write_text("\n".join(out) + "\n")
print("\n".join(out))
PY
