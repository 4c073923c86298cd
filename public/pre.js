// Before the first paint (a tiny script in the head, not a module): the
// first screen written at build time is the example with the typical plan.
// A link to a plan, an embed or a scenario kept in this browser opens
// something else, so there it gives way to a plain "Loading" line.
document.documentElement.classList.add("js");
try {
  if (/(^|[?&])(embed|workshop=)/.test(location.search) || /(^#|&)s=/.test(location.hash) || localStorage.getItem("hne.scenario.v1")) {
    document.documentElement.classList.add("no-prerender");
  }
} catch (e) {
  document.documentElement.classList.add("no-prerender");
}
// An embed (?embed&authority=886&preset=dbv&chart=deficit) has its own
// first screen, written at build time for every authority, plan and chart
// (hne_core::prerender::embed_screens, in pre/embed/): fetched now, it
// shows the answer long before the app, which replaces it when it mounts.
// An embed whose own address already holds a plan (#s=) waits for the app.
try {
  var q = new URLSearchParams(location.search);
  if (q.has("embed") && !/(^#|&)s=/.test(location.hash)) {
    var who = q.get("authority") || "example";
    var plan = q.get("preset") || "none";
    if (plan === "unmitigated") plan = "none";
    var chart = q.get("chart");
    if (["deficit", "spend", "ehcps", "waterfall"].indexOf(chart) < 0) chart = "deficit";
    if (/^[a-z0-9_-]{1,40}$/.test(who) && /^(none|dbv|safety_valve)$/.test(plan)) {
      // The app waits for this screen to be painted before it fetches its
      // wasm (window.hnePreReady, awaited by the loader), so the two do
      // not share a phone's slow line; at most 3 seconds.
      var ready;
      window.hnePreReady = new Promise(function (done) { ready = done; });
      setTimeout(ready, 3000);
      var painted = function () { requestAnimationFrame(function () { setTimeout(ready, 0); }); };
      fetch("pre/embed/" + who + "." + plan + "." + chart + ".html")
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) {
          var here = document.getElementById("loading");
          if (!html || !here || here.classList.contains("gone")) return ready();
          var t = document.createElement("template");
          t.innerHTML = html;
          var screen = t.content.getElementById("loading");
          if (!screen) return ready();
          here.replaceWith(screen);
          document.documentElement.classList.remove("no-prerender");
          // The app could not start (scripts/boot-failed.js): say so here too.
          var failed = document.documentElement.getAttribute("data-hne-failed");
          if (failed) {
            var notes = screen.querySelectorAll(".pre-note[role=status]");
            for (var i = 0; i < notes.length; i++) notes[i].textContent = failed;
          }
          var img = screen.querySelector("img");
          if (img && img.decode) img.decode().then(painted, painted); else painted();
        })
        .catch(function () { ready(); });
    }
  }
} catch (e) {}
