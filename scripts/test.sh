#!/usr/bin/env bash
# Every test: installs what is missing, then the native model tests, then the
# JS API in headless Chromium. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

echo "== native: cargo test (model, CLI, property and fuzz-style tests)"
cargo test --workspace

echo "== wasm: the JS API in headless Chromium"
scripts/build-jsapi.sh
cargo build --release -p hne-model --bin hne
hne="${CARGO_TARGET_DIR:-target}/release/hne"
native=$("$hne" example example | "$hne" project - --preset dbv \
  | python3 -c 'import json,sys; print(repr(json.load(sys.stdin)["scenario"]["metrics"]["deficit_at_horizon_pounds"]))')
cp bench/jsapi-test.mjs target/jsapi/
sed 's/jsapi.mjs/jsapi-test.mjs/' bench/jsapi.html > target/jsapi/test.html
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory target/jsapi >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
sleep 1
node tools/test-jsapi.mjs "http://127.0.0.1:$port/test.html?native=$native"
