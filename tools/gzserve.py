"""Serve a folder on 127.0.0.1 the way a static host does: gzip on the wire.

Python's http.server sends every file as it is; a real host (GitHub Pages,
Netlify, nginx, a council's CMS) compresses text and wasm with gzip. The
cold load over a throttled network (tools/perf.mjs) is only meaningful if
the bytes on the wire are the compressed ones, so scripts/bench-app.sh
serves dist/ with this.

Usage: python3 tools/gzserve.py DIR PORT
"""

import functools
import gzip
import http.server
import io
import os
import sys

COMPRESSIBLE = (".html", ".js", ".css", ".wasm", ".json", ".webmanifest", ".svg", ".txt")


@functools.lru_cache(maxsize=256)
def compressed(path, _mtime):
    """A file gzipped once per version, as a host's cache would hold it."""
    with open(path, "rb") as f:
        return gzip.compress(f.read(), 6)


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".webmanifest": "application/manifest+json",
    }

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?")[0].endswith("/"):
            path = os.path.join(path, "index.html")
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not wants or not path.endswith(COMPRESSIBLE):
            return super().send_head()
        try:
            body = compressed(path, os.path.getmtime(path))
        except OSError:
            return super().send_head()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        return io.BytesIO(body)

    def copyfile(self, source, outputfile):
        # A browser context closed mid-download (the service worker's
        # precache, say) is not an error worth a traceback.
        try:
            super().copyfile(source, outputfile)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


def main():
    folder, port = sys.argv[1], int(sys.argv[2])
    handler = functools.partial(Handler, directory=folder)
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        server.serve_forever()


if __name__ == "__main__":
    main()
