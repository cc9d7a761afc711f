/* reelgraph see-also block for any page:
 *   <div data-reelgraph-film="FILM_ID" data-k="6" data-href="/films/{film_id}"></div>
 *   <script src="https://SERVICE/static/embed.js" async></script>
 * Fills each such element with the film's see-also list from the service the
 * script came from. Text is set as text, never as HTML. */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script ? new URL(script.src).origin : "";
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function fill(box) {
    var film = box.getAttribute("data-reelgraph-film");
    var k = box.getAttribute("data-k") || "6";
    var href = box.getAttribute("data-href");
    var url = base + "/api/films/" + encodeURIComponent(film) + "/see-also?k=" + encodeURIComponent(k);
    fetch(url).then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); }).then(function (data) {
      var section = el("section", "reelgraph-see-also");
      section.appendChild(el("h2", null, box.getAttribute("data-heading") || "See also..."));
      var list = el("ol");
      data.results.forEach(function (r) {
        var item = el("li");
        var a = el("a", null, r.title);
        a.href = href ? href.replace("{film_id}", encodeURIComponent(r.film_id))
                      : base + "/films/" + encodeURIComponent(r.film_id);
        item.appendChild(a);
        if (r.year) item.appendChild(el("span", "year", " " + r.year));
        item.appendChild(el("p", "reason", r.reason));
        list.appendChild(item);
      });
      section.appendChild(list);
      box.replaceChildren(section);
    }).catch(function () { /* the host page stays as it was */ });
  }
  function start() {
    document.querySelectorAll("[data-reelgraph-film]").forEach(fill);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
