// Writes the iframe snippet for a council's page (embed.html). Plain JS, no
// wasm: the embedded app builds the scenario itself from the authority and
// plan named in its address. See src/embed.rs for the other side.
"use strict";
(function () {
  var app = new URL("./", location.href);
  app.search = "";
  app.hash = "";
  var appOrigin = location.origin;
  var $ = function (id) { return document.getElementById(id); };
  var names = {
    example: "Example Borough (illustrative)", england: "England", cambridgeshire: "Cambridgeshire 2021/22",
    unmitigated: "unmitigated", dbv: "typical DBV plan", safety_valve: "Safety Valve style plan",
  };

  // An origin: http(s)://host[:port], no path, query or spaces.
  function origin(text) {
    var t = text.trim().replace(/\/+$/, "");
    return /^https?:\/\/[A-Za-z0-9.\-:\[\]]+$/.test(t) ? t.toLowerCase() : null;
  }
  function escapeAttr(s) {
    return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  function src(host) {
    var u = new URL(app.href);
    u.search = "?embed&authority=" + $("authority").value + "&preset=" + $("preset").value +
      "&chart=" + $("chart").value + (host ? "&host=" + encodeURIComponent(host) : "");
    return u.href;
  }

  function update() {
    var raw = $("host").value, host = origin(raw);
    var title = "High Needs Explorer: " + names[$("authority").value] + ", " + names[$("preset").value];
    $("preview").src = src(null);
    $("preview").title = "Preview: " + title;
    $("copied").textContent = "";
    if (!host) {
      $("host-problem").textContent = raw.trim()
        ? "\"" + raw.trim() + "\" is not a site's address: write it as https://www.example.gov.uk, with no path."
        : "Enter your site's address to make the snippet.";
      $("host").setAttribute("aria-invalid", raw.trim() ? "true" : "false");
      $("snippet").value = "";
      $("copy").disabled = true;
      return;
    }
    $("host-problem").textContent = "";
    $("host").setAttribute("aria-invalid", "false");
    $("copy").disabled = false;
    $("snippet").value =
      '<iframe id="hne-embed" src="' + escapeAttr(src(host)) + '" title="' + escapeAttr(title) +
      '" width="100%" height="900" style="border:0;width:100%" loading="lazy"></iframe>\n' +
      "<script>\n" +
      "  // Sets the frame's height from High Needs Explorer's messages: only from\n" +
      "  // " + appOrigin + ", and only from this frame.\n" +
      '  addEventListener("message", function (e) {\n' +
      '    var f = document.getElementById("hne-embed");\n' +
      '    if (!f || e.origin !== "' + appOrigin + '" || e.source !== f.contentWindow) return;\n' +
      '    if (e.data && e.data.type === "hne:height" && e.data.height > 0) f.style.height = Math.ceil(e.data.height) + "px";\n' +
      "  });\n" +
      "</script>";
  }

  // Every published authority, from the app's own list, grouped by region
  // (the app's order). Its value is the LA number: the explorer opens this
  // build's figures for it.
  var REGIONS = ["North East", "North West", "Yorkshire and The Humber", "East Midlands", "West Midlands",
    "East of England", "London", "South East", "South West"];
  function addAuthorities(index) {
    var select = $("authority");
    REGIONS.forEach(function (region) {
      var group = document.createElement("optgroup");
      group.label = region;
      index.authorities
        .filter(function (a) { return a.region === region; })
        .sort(function (a, b) { return a.name < b.name ? -1 : 1; })
        .forEach(function (a) {
          var o = document.createElement("option");
          o.value = a.code;
          o.textContent = a.name;
          names[a.code] = a.name;
          group.appendChild(o);
        });
      if (group.children.length) select.appendChild(group);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    fetch("data/authorities/index.json")
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(addAuthorities)
      .catch(function () {
        $("authority-hint").textContent = "The list of authorities could not be loaded: the three examples are offered.";
      });
    ["authority", "preset", "chart"].forEach(function (id) { $(id).addEventListener("change", update); });
    $("host").addEventListener("input", update);
    $("embed-form").addEventListener("submit", function (e) { e.preventDefault(); });
    $("copy").addEventListener("click", function () {
      $("snippet").select();
      var done = function () { $("copied").textContent = "Copied."; };
      if (navigator.clipboard) navigator.clipboard.writeText($("snippet").value).then(done, done);
      else done();
    });
    update();
  });
})();
