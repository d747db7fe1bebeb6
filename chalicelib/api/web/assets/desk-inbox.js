/* The inbox of the person's scope (their agency, or their unit): filters, counts per status, cursor paging. */
(function () {
  "use strict";
  var S = window.Salur, D = window.Desk, t = S.t, el = S.el;
  var form = document.getElementById("inbox-filters");
  var table = document.getElementById("inbox-table"), body = table.querySelector("tbody");
  var more = document.getElementById("inbox-more"), cursor = null;
  var units = {};

  function query() {
    var q = {};
    new FormData(form).forEach(function (v, k) { if (v) q[k] = v; });
    return q;
  }
  function row(c) {
    return el("tr", {}, [
      el("td", {}, [el("a", {href: S.href("/meja/kasus/" + c.tracking_id), text: c.tracking_id}), el("br"),
                    el("span", {text: c.title})]),
      el("td", {}, [D.statusBadge(c.status)]),
      el("td", {text: S.dateTime(c.due_at, c.timezone, true)}),
      el("td", {text: c.unit_id ? (units[c.unit_id] || c.unit_id) : t("desk.case.whole_agency")}),
      el("td", {text: String(c.escalation_level || 0)})]);
  }
  function load(append) {
    var q = query();
    q.limit = "25";
    if (append && cursor) q.cursor = cursor; else q.counts = "1";
    document.getElementById("inbox-loading").hidden = false;
    return D.call("GET", "/v1/agency/complaints", {query: q}).then(function (res) {
      document.getElementById("inbox-loading").hidden = true;
      if (!res.ok) { S.announce(res.data.error.message); return; }
      var d = res.data;
      if (!append) S.clear(body);
      d.items.forEach(function (c) { body.appendChild(row(c)); });
      table.hidden = !body.children.length;
      document.getElementById("inbox-empty").hidden = !!body.children.length;
      cursor = d.next_cursor;
      more.hidden = !cursor;
      document.getElementById("inbox-scope").textContent = d.unit_id
        ? t("desk.inbox.scope_unit", {unit: units[d.unit_id] || d.unit_id}) : t("desk.inbox.scope_agency", {agency: d.agency_id});
      if (d.counts) {
        var list = S.clear(document.getElementById("inbox-counts"));
        Object.keys(d.counts).filter(function (s) { return d.counts[s]; }).forEach(function (s) {
          list.appendChild(el("li", {}, [t("status." + s) + ": " + d.counts[s]]));
        });
      }
      S.announce(t("desk.inbox.shown", {n: body.children.length}));
    });
  }
  form.addEventListener("submit", function (ev) { ev.preventDefault(); load(false); });
  more.addEventListener("click", function () { load(true); });
  D.call("GET", "/v1/agency/units").then(function (res) {
    var select = document.getElementById("f-unit");
    if (res.ok) res.data.items.forEach(function (u) {
      units[u.id] = u.name;
      select.appendChild(el("option", {value: u.id, text: u.name}));
    });
    var a = D.account();
    if (a && a.unit_id) select.disabled = true;
    return load(false);
  }).then(S.ready);
}());
