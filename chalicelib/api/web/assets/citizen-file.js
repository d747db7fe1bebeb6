/* The file page (/lapor): form → routing preview in words → file with an Idempotency-Key → receipt. */
(function () {
  "use strict";
  var S = window.Salur, t = S.t;
  var $ = function (id) { return document.getElementById(id); };
  var form = $("file-form"), steps = {form: $("step-form"), preview: $("step-preview"), receipt: $("step-receipt")};
  var state = {location: null, placeLabel: "", agencyId: null, agencyName: "", coords: null,
               sentBody: null, key: null, sending: false};

  function show(step, focus) {
    Object.keys(steps).forEach(function (k) { steps[k].hidden = k !== step; });
    if (focus) { focus.focus(); window.scrollTo(0, 0); }
  }

  S.suggest($("f-place"), {
    label: t("file.place"), text: function (p) { return p.label; },
    onPick: function (p) { state.location = p.location; state.placeLabel = p.label; },
    onType: function () { state.location = null; state.placeLabel = ""; }
  });
  S.suggest($("f-agency"), {
    label: t("file.agency"), text: function (a) { return a.name; },
    onPick: function (a) { state.agencyId = a.id; state.agencyName = a.name; },
    onType: function (v) { state.agencyId = null; state.agencyName = v.trim(); }
  });

  var geo = $("use-location"), geoStatus = $("location-status");
  if (!navigator.geolocation) geo.hidden = true;
  geo.addEventListener("click", function () {
    geoStatus.textContent = t("file.location_asking");
    navigator.geolocation.getCurrentPosition(function (pos) {
      state.coords = {lat: Math.round(pos.coords.latitude * 1e5) / 1e5, lon: Math.round(pos.coords.longitude * 1e5) / 1e5};
      geoStatus.textContent = t("file.location_got", state.coords);
    }, function () {
      state.coords = null;
      geoStatus.textContent = t("file.location_denied");
    }, {timeout: 15000, maximumAge: 60000});
  });

  function value(id) { return $(id).value.trim(); }

  function collect() {
    var kind = form.querySelector("input[name=kind]:checked");
    var body = {kind: kind ? kind.value : "complaint", title: value("f-title"), body: value("f-body"), channel: "web",
                anonymous: $("f-anonymous").checked, confidential: $("f-confidential").checked};
    var location = {};
    if (state.location) Object.keys(state.location).forEach(function (k) { location[k] = state.location[k]; });
    else if (value("f-place")) location.text = value("f-place");
    if (state.coords) { location.lat = state.coords.lat; location.lon = state.coords.lon; }
    if (Object.keys(location).length) body.location = location;
    if (value("f-date")) body.occurred_on = value("f-date");
    if (state.agencyId) body.agency_id = state.agencyId;
    else if (state.agencyName) body.agency_id = state.agencyName;  // not a known agency: the API says so at the field
    var reporter = {};
    [["name", "f-name"], ["email", "f-email"], ["phone", "f-phone"]].forEach(function (p) {
      if (value(p[1])) reporter[p[0]] = value(p[1]);
    });
    if (Object.keys(reporter).length) body.reporter = reporter;
    return body;
  }

  function fact(dl, term, detail) {
    dl.appendChild(S.el("dt", {text: term}));
    dl.appendChild(S.el("dd", {text: detail}));
  }

  function renderPreview(body, preview) {
    var agency = preview.agency_name || preview.agency_id;
    $("preview-target").textContent = t(preview.needs_verification ? "file.preview_unsure" : "file.preview_to",
                                         {agency: agency});
    var reasons = S.clear($("preview-reasons"));
    (preview.reasons || []).forEach(function (r) { reasons.appendChild(S.el("li", {text: r})); });
    $("preview-verify").hidden = !preview.needs_verification;
    var dl = S.clear($("preview-summary"));
    fact(dl, t("file.kind"), t("kind." + body.kind));
    fact(dl, t("file.title_label"), body.title);
    var loc = body.location || {};
    var place = [state.placeLabel || loc.text, state.coords ? state.coords.lat + ", " + state.coords.lon : ""]
      .filter(Boolean).join(" · ");
    if (place) fact(dl, t("file.sum_place"), place);
    if (body.occurred_on) fact(dl, t("file.sum_date"), S.dateTime(body.occurred_on + "T12:00:00+07:00", "WIB", false));
    if (body.agency_id) fact(dl, t("file.sum_agency"), state.agencyName || body.agency_id);
    if (body.reporter) fact(dl, t("file.sum_contact"), [body.reporter.name, body.reporter.email, body.reporter.phone]
      .filter(Boolean).join(" · "));
    fact(dl, t("privacy.anonymous"), t(body.anonymous ? "js.yes" : "js.no"));
    fact(dl, t("privacy.confidential"), t(body.confidential ? "js.yes" : "js.no"));
    var files = chosenFiles();
    if (files.length) fact(dl, t("files.sum"), files.map(function (f) { return f.name; }).join(", "));
  }

  function busy(button, on, label) {
    button.disabled = on;
    if (on) { button.setAttribute("data-label", button.textContent); button.textContent = label; }
    else if (button.getAttribute("data-label")) button.textContent = button.getAttribute("data-label");
  }

  /* Attachments (optional): the API's limits checked here, in words next to the field; they are uploaded once
     the report is stored (the 201 gives the tracking id and access code), so a failed upload loses nothing. */
  var F = window.SalurFiles;
  function chosenFiles() { return Array.prototype.slice.call($("f-files").files || []); }
  function filesRefusal(files) {
    if (files.length > F.MAX_FILES) return t("files.too_many", {n: files.length});
    var words = [];
    files.forEach(function (f, i) {
      var key = F.refusal(f, i);
      if (key) words.push(t("files.named", {name: f.name, message: t(key)}));
    });
    return words.length ? words.join(" ") : null;
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var next = $("to-preview");
    if (next.disabled) return;
    var refused = filesRefusal(chosenFiles());
    if (refused) return S.showErrors(form, {fields: {attachments: refused}});
    var body = collect();
    busy(next, true, t("file.checking"));
    S.api("POST", "/v1/routing/preview", {body: body}).then(function (res) {
      busy(next, false);
      if (!res.ok) return S.showErrors(form, res.data.error);
      if (res.data.filing && !res.data.filing.ok) {
        return S.showErrors(form, {fields: res.data.filing.fields});
      }
      S.clearErrors(form);
      renderPreview(body, res.data);
      show("preview", $("preview-h"));
      similar(body);
    });
  });

  /* Open public reports about the same problem nearby: follow one instead ("saya juga mengalami ini"). */
  var supportTid = null;
  function similar(body) {
    $("similar").hidden = true;
    $("support-form").hidden = true;
    $("support-status").textContent = "";
    S.api("POST", "/v1/similar-reports", {body: body}).then(function (res) {
      var items = (res.ok && res.data.items) || [];
      var list = S.clear($("similar-list"));
      items.forEach(function (r) {
        var place = r.location ? " · " + r.location.name : "";
        list.appendChild(S.el("li", {}, [
          S.el("a", {href: S.href("/lacak/" + r.tracking_id), text: r.title}),
          S.el("span", {"class": "hint", text: " " + r.tracking_id + place + (r.same ? " · " + t("file.similar_same") : "")}),
          S.el("button", {type: "button", "class": "secondary", text: t("file.support_button"),
                          "aria-label": t("file.support_button") + ": " + r.tracking_id,
                          on: {click: function () { pickSupport(r.tracking_id); }}})]));
      });
      $("similar").hidden = !items.length;
    });
  }

  function pickSupport(tid) {
    supportTid = tid;
    $("support-which").textContent = t("file.support_which", {tid: tid});
    $("support-form").hidden = false;
    $("f-support-email").value = value("f-email");
    $("f-support-email").focus();
  }

  $("support-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var sendBtn = $("support-send"), supportForm = $("support-form");
    if (!supportTid || sendBtn.disabled) return;
    busy(sendBtn, true, t("file.sending"));
    S.api("POST", "/v1/complaints/" + supportTid + "/supporters", {body: {email: value("f-support-email")}, secret: true})
      .then(function (res) {
        busy(sendBtn, false);
        if (res.status !== 202) return S.showErrors(supportForm, res.data.error);
        S.clearErrors(supportForm);
        supportForm.hidden = true;
        $("support-status").textContent = t("file.support_sent");
      });
  });

  $("back").addEventListener("click", function () { show("form", $("f-title")); });

  $("send").addEventListener("click", function () {
    var send = $("send");
    if (state.sending) return;  // a double click sends once; the Idempotency-Key covers retries and lost answers
    var body = collect(), files = chosenFiles();
    var serial = JSON.stringify(body);
    if (serial !== state.sentBody) { state.key = S.idempotencyKey(); state.sentBody = serial; }
    state.sending = true;
    busy(send, true, t("file.sending"));
    S.api("POST", "/v1/complaints", {body: body, headers: {"Idempotency-Key": state.key}, secret: true}).then(function (res) {
      state.sending = false;
      busy(send, false);
      if (res.status === 201) { receipt(res.data); return attach(res.data, files); }
      if (res.status === 422) {
        show("form");
        return S.showErrors(form, res.data.error);
      }
      S.showErrors(steps.preview, res.data.error);
    });
  });

  function receipt(out) {
    $("receipt-id").textContent = out.tracking_id;
    $("receipt-code").textContent = out.access_code;
    var due = S.dateTime(out.due_at, out.timezone, true);
    $("receipt-next").textContent = out.agency && out.status !== "awaiting_verification"
      ? t("file.next_assigned", {agency: out.agency.name || out.agency.id, due: due})
      : t("file.next_verify", {due: due});
    $("receipt-follow").setAttribute("href", S.href("/lacak/" + out.tracking_id));
    $("copy").addEventListener("click", function () {
      var content = t("file.receipt_id") + ": " + out.tracking_id + "\n" + t("file.receipt_code") + ": " + out.access_code;
      var done = function (ok) { $("copy-status").textContent = t(ok ? "file.copied" : "file.copy_failed"); };
      if (navigator.clipboard) navigator.clipboard.writeText(content).then(function () { done(true); }, function () { done(false); });
      else done(false);
    });
    $("print").addEventListener("click", function () { window.print(); });
    form.reset();
    state.location = state.coords = state.agencyId = null;
    state.sentBody = state.key = null;
    show("receipt", $("receipt-h"));
  }

  /* One file after the other with the new case's access code; each line of the receipt says how it went. */
  function attach(out, files) {
    var section = $("receipt-files"), list = S.clear($("receipt-files-list"));
    section.hidden = !files.length;
    $("receipt-files-done").hidden = $("receipt-files-failed").hidden = true;
    if (!files.length) return;
    var call = function (method, url, options) {
      options = options || {};
      options.headers = {"X-Access-Code": out.access_code};
      options.secret = true;
      return S.api(method, url, options);
    };
    var rows = files.map(function (f) {
      var state = S.el("span", {class: "badge", text: t("files.step.waiting")});
      var row = S.el("li", {"data-state": "waiting"}, [S.el("span", {text: f.name + " · "}), state]);
      list.appendChild(row);
      return {row: row, state: state};
    });
    var failed = 0;
    var chain = files.reduce(function (before, f, i) {
      return before.then(function () {
        var r = rows[i];
        var step = function (s) { r.row.setAttribute("data-state", s); r.state.textContent = t("files.step." + s); };
        return F.upload(call, "/v1/complaints/" + encodeURIComponent(out.tracking_id) + "/media", f, step)
          .then(function (res) {
            if (res.ok) { r.row.setAttribute("data-state", res.entry.state); r.state.textContent = F.state(res.entry); return; }
            failed += 1;
            r.row.setAttribute("data-state", "failed");
            r.state.textContent = t("files.step.failed");
            r.row.appendChild(S.el("span", {class: "field-error", text: " " + res.message}));
          });
      });
    }, Promise.resolve());
    return chain.then(function () {
      var done = $(failed ? "receipt-files-failed" : "receipt-files-done");
      done.hidden = false;
      S.announce(done.textContent);
    });
  }

  show("form");
  S.ready();
}());
