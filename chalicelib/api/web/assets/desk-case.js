/* A case for staff: what the role may see, the timeline with people, exactly the actions the API allows now,
   and "someone changed this case — reload" when the version moved (409). */
(function () {
  "use strict";
  var S = window.Salur, D = window.Desk, t = S.t, el = S.el;
  var tid = document.getElementById("case").getAttribute("data-tracking-id");
  var form = document.getElementById("action-form"), current = null, chosen = null;
  var FIELDS = {accept: [], respond: ["message"], request_info: ["message"], transfer: ["reason", "target_agency_id"],
                reject: ["reason"], note: ["note"], extend: ["reason"], assign_unit: ["unit_id", "note"]};
  var ROWS = {message: "act-message", reason: "act-reason", note: "act-note", target_agency_id: "act-target",
              unit_id: "act-unit"};

  function fact(list, key, value) { list.appendChild(el("dt", {text: t(key)})); list.appendChild(el("dd", {text: value})); }

  function render(c) {
    current = c;
    document.getElementById("case-loading").hidden = true;
    document.getElementById("case-view").hidden = false;
    S.clear(document.getElementById("case-status")).appendChild(document.createTextNode(t("status." + c.status)));
    var facts = S.clear(document.getElementById("case-facts"));
    fact(facts, "desk.case.agency", c.agency_name || c.agency_id || t("js.none"));
    fact(facts, "desk.case.unit", c.unit_id || t("desk.case.whole_agency"));
    fact(facts, "desk.case.due", S.dateTime(c.due_at, c.timezone, true));
    fact(facts, "desk.case.level", String(c.escalation_level || 0));
    fact(facts, "desk.case.channel", c.channel || "");
    if (c.suggested_unit_id && !c.unit_id) fact(facts, "desk.case.suggested_unit", c.suggested_unit_id);
    document.getElementById("case-title").textContent = c.title || "";
    document.getElementById("case-body").textContent = c.body || "";
    var rep = S.clear(document.getElementById("case-reporter"));
    if (c.anonymous) fact(rep, "desk.case.reporter_name", t("desk.case.anonymous"));
    else if (c.former_holder) fact(rep, "desk.case.reporter_name", t("js.none"));
    else if (!c.reporter) fact(rep, "desk.case.reporter_name", t("desk.case.no_reporter"));
    else {
      fact(rep, "desk.case.reporter_name", c.reporter.name || t("js.none"));
      if (c.reporter.email) fact(rep, "desk.case.reporter_email", c.reporter.email);
      if (c.reporter.phone) fact(rep, "desk.case.reporter_phone", c.reporter.phone);
    }
    renderFiles(c);
    var buttons = S.clear(document.getElementById("action-buttons"));
    (c.allowed_actions || []).forEach(function (a) {
      buttons.appendChild(el("button", {type: "button", class: "secondary", "data-action": a, text: t("desk.action." + a),
                                        on: {click: function () { open(a); }}}));
    });
    document.getElementById("no-actions").hidden = !!(c.allowed_actions || []).length;
    var list = S.clear(document.getElementById("case-timeline"));
    (c.timeline || []).slice().reverse().forEach(function (e) {
      var who = e.actor && e.actor.display_name ? e.actor.display_name + " (" + t("desk.role." + e.role) + ")"
        : t("desk.actor." + (e.role === "system" || e.role === "reporter" ? e.role : "key"));
      list.appendChild(el("li", {}, [
        el("p", {class: "meta", text: S.dateTime(e.at, c.timezone, true) + " · " + who}),
        el("p", {}, [el("strong", {text: t("desk.action." + e.action)}), e.status_to ? " → " + t("status." + e.status_to) : ""]),
        e.public_message ? el("p", {class: "body-text", text: e.public_message}) : null,
        e.internal_note ? el("p", {class: "body-text muted", text: t("desk.case.internal") + ": " + e.internal_note}) : null]));
    });
  }

  /* The case's attachments (the shared salur-files.js): state, open a ready one (the API's 302 to its presigned
     GET), and — for whoever may act on the case — publish it on the public view or hide it again, offered only
     where the API says ``publishable`` (never a confidential report's file, nor an anonymous reporter's own). */
  var F = window.SalurFiles;
  function renderFiles(c) {
    var files = c.media || [], list = S.clear(document.getElementById("files-list"));
    var canAct = (c.allowed_actions || []).length > 0;
    document.getElementById("files-none").hidden = files.length > 0;
    document.getElementById("files-confidential").hidden = !(c.confidential && files.length);
    document.getElementById("files-anonymous").hidden = !(c.anonymous && !c.confidential && files.length);
    files.forEach(function (m, i) {
      var label = F.label(m, i);
      var parts = [el("span", {text: label + " · "}), el("span", {class: "badge", text: F.state(m)})];
      if (m.state === "available") parts.push(" ", el("span", {class: "badge", text: t(m.public ? "files.public" : "files.private")}));
      if (m.url) {
        parts.push(" ", el("a", {href: S.href(m.url), class: "file-open", "aria-label": t("files.open_label", {label: label}),
                                 text: t("files.open"), on: {click: function (ev) {
                                   ev.preventDefault();
                                   F.open(m.url, D.authorization());
                                 }}}));
      }
      if (m.state === "available" && m.publishable && canAct) {
        parts.push(" ", el("button", {type: "button", class: "secondary file-publish", "data-id": m.id,
                                      "aria-label": t(m.public ? "files.unpublish_label" : "files.publish_label", {label: label}),
                                      text: t(m.public ? "files.unpublish" : "files.publish"),
                                      on: {click: function (ev) { publish(ev.currentTarget, m); }}}));
      }
      list.appendChild(el("li", {"data-state": m.state, "data-id": m.id, "data-public": m.public ? "true" : "false"}, parts));
    });
  }

  function publish(button, m) {
    if (button.disabled) return;
    button.disabled = true;
    var status = document.getElementById("files-status");
    D.call("POST", "/v1/agency/complaints/" + encodeURIComponent(tid) + "/media/" + encodeURIComponent(m.id),
           {body: {public: !m.public}}).then(function (res) {
      if (!res.ok) {
        button.disabled = false;
        status.className = "notice warn";
        status.textContent = res.data.error.message;
        status.hidden = false;
        status.focus();
        return;
      }
      return load().then(function () {
        status.className = "notice ok";
        status.textContent = t(res.data.public ? "files.published" : "files.unpublished");
        status.hidden = false;
        status.focus();
      });
    });
  }

  function open(action) {
    chosen = action;
    S.clearErrors(form);
    Object.keys(ROWS).forEach(function (f) {
      var node = document.getElementById(ROWS[f]).closest(".field");
      node.hidden = FIELDS[action].indexOf(f) < 0;
    });
    document.getElementById("action-form-h").textContent = t("desk.action." + action);
    form.hidden = false;
    document.getElementById("action-form-h").focus();
  }

  function stale() {
    document.getElementById("case-stale").hidden = false;
    document.getElementById("case-reload").focus();
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    S.clearErrors(form);
    var body = {version: current.version}, path;
    FIELDS[chosen].forEach(function (f) { var v = document.getElementById(ROWS[f]).value.trim(); if (v) body[f] = v; });
    if (chosen === "assign_unit") {
      path = "/v1/agency/complaints/" + tid + "/unit";
      if (!body.unit_id) body.unit_id = null;
    } else {
      path = "/v1/agency/complaints/" + tid + "/actions";
      body.action = chosen;
    }
    D.call("POST", path, {body: body}).then(function (res) {
      if (res.status === 409) { stale(); return; }
      if (!res.ok) { S.showErrors(form, res.data.error); return; }
      form.hidden = true;
      S.announce(t("desk.case.done"));
      load();
    });
  });
  document.getElementById("action-cancel").addEventListener("click", function () { form.hidden = true; });
  document.getElementById("case-reload").addEventListener("click", function (ev) { ev.preventDefault(); window.location.reload(); });

  function load() {
    return D.call("GET", "/v1/agency/complaints/" + tid).then(function (res) {
      if (!res.ok) {
        document.getElementById("case-loading").hidden = true;
        document.getElementById("case-missing").hidden = false;
        return;
      }
      render(res.data);
      if ((res.data.allowed_actions || []).indexOf("assign_unit") >= 0) {
        return D.call("GET", "/v1/agency/units", {query: {agency_id: res.data.agency_id}}).then(function (u) {
          var select = document.getElementById("act-unit");
          while (select.options.length > 1) select.remove(1);
          if (u.ok) u.data.items.filter(function (x) { return x.status === "active"; }).forEach(function (x) {
            select.appendChild(el("option", {value: x.id, text: x.name, selected: x.id === (res.data.unit_id || res.data.suggested_unit_id)}));
          });
        });
      }
    });
  }
  load().then(S.ready);
}());
