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
