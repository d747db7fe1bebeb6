/* The verification queue (province or national desk): routing reasons and candidates, one-click disposition
   to the suggested agency and unit, or to another agency. */
(function () {
  "use strict";
  var S = window.Salur, D = window.Desk, t = S.t, el = S.el;
  var list = document.getElementById("queue-list"), n = 0;

  function reasonText(r) {  /* routing reasons: {code, id, en} */
    if (r && typeof r === "object") return (S.lang === "en" ? r.en : r.id) || r.code || "";
    return String(r);
  }
  function dispose(c, agency, unit, card) {
    var body = {agency_id: agency, version: c.version};
    if (unit) body.unit_id = unit;
    return D.call("POST", "/v1/complaints/" + c.tracking_id + "/disposition", {body: body}).then(function (res) {
      var status = card.querySelector("[role=status]");
      if (res.status === 409) { status.textContent = t("desk.case.stale"); return; }
      if (!res.ok) { status.textContent = res.data.error.message; return; }
      status.textContent = t("desk.queue.sent", {agency: agency});
      card.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    });
  }
  function card(c) {
    n += 1;
    var id = "q" + n;
    var agencyInput = el("input", {id: id + "-agency", value: c.suggested_agency_id || "", maxlength: "64"});
    var unitInput = el("input", {id: id + "-unit", value: c.suggested_unit_id || "", maxlength: "120"});
    var node = el("li", {class: "card"}, [
      el("h2", {}, [el("a", {href: S.href("/meja/kasus/" + c.tracking_id), text: c.tracking_id}), " · ", c.title]),
      el("p", {class: "meta", text: t("desk.queue.suggested", {agency: c.suggested_agency_id || t("js.none"),
        unit: c.suggested_unit_id || t("js.none"), confidence: Math.round((c.routing_confidence || 0) * 100)})}),
      c.routing_reasons.length ? el("ul", {}, c.routing_reasons.map(function (r) { return el("li", {text: reasonText(r)}); })) : null,
      c.candidates.length ? el("p", {class: "meta", text: t("desk.queue.candidates")}) : null,
      c.candidates.length ? el("div", {class: "actions"}, c.candidates.map(function (x) {
        return el("button", {type: "button", class: "secondary",
          text: t("desk.queue.send_to", {agency: x.agency_name || x.agency_id, confidence: Math.round((x.confidence || 0) * 100)}),
          on: {click: function () { 
            var unit = unitInput.value.trim();
            agencyInput.value = x.agency_id;
            dispose(c, x.agency_id, unit.indexOf(x.agency_id + "/") === 0 ? unit : "", node); }}});
      })) : null,
      el("div", {class: "field"}, [el("label", {for: id + "-agency", text: t("desk.queue.agency")}), agencyInput]),
      el("div", {class: "field"}, [el("label", {for: id + "-unit", text: t("desk.queue.unit")}), unitInput]),
      el("div", {class: "actions"}, [el("button", {type: "button", "data-dispose": "chosen", text: t("desk.queue.dispose"), on: {click: function () {
        dispose(c, agencyInput.value.trim(), unitInput.value.trim(), node); }}})]),
      el("p", {role: "status"})]);
    return node;
  }
  D.call("GET", "/v1/verification/queue", {query: {limit: "50"}}).then(function (res) {
    document.getElementById("queue-loading").hidden = true;
    if (!res.ok) {
      var box = document.getElementById("queue-error");
      box.textContent = res.data.error.message;
      box.hidden = false;
      return;
    }
    res.data.items.forEach(function (c) { list.appendChild(card(c)); });
    document.getElementById("queue-empty").hidden = !!res.data.items.length;
  }).then(S.ready);
}());
