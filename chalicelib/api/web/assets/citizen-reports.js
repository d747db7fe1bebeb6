/* The public list (/laporan): the filters of the page's own URL, sent to GET /v1/complaints, paged by cursor. */
(function () {
  "use strict";
  var S = window.Salur, t = S.t;
  var $ = function (id) { return document.getElementById(id); };
  var FILTERS = ["province", "region", "agency", "matter", "status", "kind"];
  var url = new URLSearchParams(window.location.search);
  var query = {limit: "20"};
  FILTERS.forEach(function (name) { if (url.get(name)) query[name] = url.get(name); });
  var list = $("results"), status = $("results-status"), more = $("more"), shown = 0;

  function item(r) {
    var place = r.location ? r.location.name : "";
    var agency = r.agency ? r.agency.name || r.agency.id : "";
    var meta = [r.tracking_id, t("status." + r.status), t("kind." + r.kind), agency, place,
                t("reports.filed", {date: S.dateTime(r.created_at, "WIB", false)})].filter(Boolean).join(" · ");
    return S.el("li", {}, [S.el("h3", {}, [S.el("a", {href: S.href("/lacak/" + r.tracking_id), text: r.title})]),
                           S.el("p", {class: "meta", text: meta})]);
  }

  function page(cursor, tries) {
    var q = {};
    Object.keys(query).forEach(function (k) { q[k] = query[k]; });
    if (cursor) q.cursor = cursor;
    more.disabled = true;
    return S.api("GET", "/v1/complaints", {query: q}).then(function (res) {
      more.disabled = false;
      if (!res.ok) { status.textContent = res.data.error.message; more.hidden = true; return; }
      var first = null;
      res.data.items.forEach(function (r) {
        var li = item(r);
        first = first || li;
        list.appendChild(li);
      });
      shown += res.data.items.length;
      if (!res.data.items.length && res.data.next_cursor && (tries || 0) < 3) {
        return page(res.data.next_cursor, (tries || 0) + 1);  // a narrow filter: read on a little
      }
      status.textContent = shown ? t("reports.count", {n: shown}) : t("reports.empty");
      more.hidden = !res.data.next_cursor;
      more.onclick = function () { page(res.data.next_cursor); };
      if (cursor && first) first.querySelector("a").focus();
    });
  }

  page(null).then(S.ready);
}());
