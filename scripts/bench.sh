#!/usr/bin/env bash
# Measures the model's speed natively (criterion) and through the JS API in
# headless Chromium, and writes bench-out/report.md with the ratio.
# Figures are reported, not asserted: speed targets live here, not in tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
mkdir -p bench-out
cargo bench -p hne-model --bench model -- --warm-up-time 1 --measurement-time 4 | tee bench-out/native.txt
scripts/build-jsapi.sh
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory target/jsapi >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
sleep 1
node tools/bench-jsapi.mjs "http://127.0.0.1:$port/jsapi.html" > bench-out/jsapi.json
export CRITERION_DIR="${CARGO_TARGET_DIR:-target}/criterion"
python3 - <<'PY'
import json, os, pathlib
est = lambda n: json.loads(pathlib.Path(os.environ["CRITERION_DIR"], n, "new", "estimates.json").read_text())["mean"]["point_estimate"] / 1e6
js = json.loads(pathlib.Path("bench-out/jsapi.json").read_text())
rows = [
    ("One projection, 8 settings x 5 phases x 15 years", "projection_8x5x15", "projection_8x5x15_ms", 0.020),
    ("Exact Shapley over 8 levers (256 projections)", "shapley_8_levers", "shapley_8_levers_ms", 5.0),
    ("2,000 Monte Carlo runs", "monte_carlo_2000", "monte_carlo_2000_ms", 50.0),
    ("project() with its output as JS objects", "compile_and_project_json_output", "project_with_js_objects_ms", None),
]
out = ["| what | native | target | JS API in Chromium | ratio |", "|---|---|---|---|---|"]
fmt = lambda ms: f"{ms*1000:.1f} µs" if ms < 1 else f"{ms:.2f} ms"
for name, n, j, target in rows:
    nat, w = est(n), js[j]
    out.append(f"| {name} | {fmt(nat)} | {fmt(target) if target else '-'} | {fmt(w)} | {w/nat:.2f}x |")
report = "\n".join(out)
pathlib.Path("bench-out/report.md").write_text(report + f"\n\nChromium {js['browser']}; model {js['model_version']}.\n")
print(report)
PY
