/* The follow page (/lacak/<id>): the public view, or with the access code (kept in memory only, sent as
   X-Access-Code, never in a URL or storage) the reporter's view and the actions the API allows now. */
(function () {
  "use strict";
  var S = window.Salur, t = S.t;
  var $ = function (id) { return document.getElementById(id); };
  var tid = $("case").getAttribute("data-tracking-id");
  var code = null, view = null;
  // each offered action ({action, method, path, decision}) opens the form that sends it
  var ACTION_FORMS = {info: "info-form", accept: "decide-form", reject: "decide-form", appeal: "appeal-form",
                      rate: "rate-form"};
  var offered = {};  // action word → the request the API offered for it

  function path(suffix) { return "/v1/complaints/" + encodeURIComponent(tid) + (suffix || ""); }
  function secret() { return code ? {"X-Access-Code": code} : {}; }

  function fact(dl, term, detail) {
    if (detail === null || detail === undefined || detail === "") return;
    dl.appendChild(S.el("dt", {text: term}));
    dl.appendChild(S.el("dd", {text: detail}));
  }

  function latest(timeline, action) {
    for (var i = timeline.length - 1; i >= 0; i--) if (timeline[i].action === action) return timeline[i];
    return null;
  }

  function render(v) {
    view = v;
    $("case-loading").hidden = true;
    $("case-missing").hidden = true;
    $("case-view").hidden = false;
    $("case-status").textContent = t("status." + v.status);
    $("case-status-help").textContent = t("status_help." + v.status);
    var dl = S.clear($("case-facts"));
    fact(dl, t("follow.kind"), t("kind." + v.kind));
    fact(dl, t("follow.agency"), v.agency ? v.agency.name || v.agency.id : t("follow.no_agency"));
    if (v.due_at && ["closed", "completed"].indexOf(v.status) < 0) fact(dl, t("follow.due"), S.dateTime(v.due_at, v.timezone, true));
    fact(dl, t("follow.filed"), S.dateTime(v.created_at, v.timezone, false));
    if (v.location) fact(dl, t("follow.place"), v.location.name);
    if (v.matter) fact(dl, t("follow.matter"), S.lang === "en" ? v.matter.label_en : v.matter.label_id);
    if (v.escalation_level) fact(dl, t("follow.level"), String(v.escalation_level));
    if (v.cluster && v.cluster.reports > 1) fact(dl, t("follow.cluster"), String(v.cluster.reports));
    if (v.cluster && v.cluster.supporters) fact(dl, t("follow.supporters"), String(v.cluster.supporters));
    var files = (v.view === "public" ? v.media || [] : []).filter(function (m) { return m.url; });
    if (files.length) {
      dl.appendChild(S.el("dt", {text: t("follow.media")}));
      dl.appendChild(S.el("dd", {}, files.map(function (m, i) {
        return S.el("a", {href: S.href(m.url), rel: "noreferrer", text: t("follow.media_item", {n: i + 1}) + " "});
      })));
    }
    $("case-title").textContent = v.title;
    $("case-body").textContent = v.body;
    var list = S.clear($("timeline"));
    v.timeline.slice().reverse().forEach(function (e) {
      list.appendChild(S.el("li", {}, [
        S.el("time", {datetime: e.at, text: S.dateTime(e.at, v.timezone, true)}),
        S.el("span", {text: t("follow.action." + e.action) + " · " + t("follow.role." + e.role)}),
        e.message ? S.el("p", {class: "body-text", text: e.message}) : null]));
    });
    $("timeline-section").hidden = false;
    $("confirm-section").hidden = false;
    if (v.view === "reporter") renderReporter(v); else $("code-section").hidden = false;
  }

  function renderReporter(v) {
    $("code-section").hidden = true;
    $("reporter-actions").hidden = false;
    var dl = S.clear($("reporter-facts"));
    var r = v.reporter || {};
    fact(dl, t("follow.you"), [r.name, r.email, r.phone].filter(Boolean).join(" · "));
    fact(dl, t("follow.anonymous"), t(v.anonymous ? "js.yes" : "js.no"));
    fact(dl, t("follow.confidential"), t(v.confidential ? "js.yes" : "js.no"));
    if (v.feedback && v.feedback.rating) fact(dl, t("follow.rating"), t("follow.rate_" + v.feedback.rating));
    var open = {};
    offered = {};
    (v.allowed_actions || []).forEach(function (a) {
      if (!ACTION_FORMS[a.action]) return;
      offered[a.action] = a;
      open[ACTION_FORMS[a.action]] = true;
    });
    ["decide-accept", "decide-reject"].forEach(function (id) {  // a decision not offered is not shown
      var choice = $(id), word = choice.value;
      choice.closest(".choice").hidden = !offered[word];
    });
    ["info-form", "decide-form", "appeal-form", "rate-form"].forEach(function (id) {
      var f = $(id);
      f.hidden = !open[id];
      if (f.hidden) { f.reset(); S.clearErrors(f); }
    });
    var question = latest(v.timeline, "request_info"), answer = latest(v.timeline, "respond");
    var refusal = latest(v.timeline, "reject");
    $("info-question").textContent = question && question.message ? question.message : "";
    $("decide-answer").textContent = answer && answer.message ? answer.message : "";
    $("appeal-refusal").textContent = refusal && refusal.message ? refusal.message : "";
    $("no-actions").hidden = Object.keys(open).length > 0;
    renderFiles(v.media || []);
    var mute = $("mute-form");
    mute.hidden = !v.notifications;
    if (v.notifications) {
      $("mute-state").textContent = t(v.notifications.enabled ? "follow.mute_on" : "follow.mute_off");
      $("mute-button").textContent = t(v.notifications.enabled ? "follow.mute_stop" : "follow.mute_start");
    }
  }

  // ---- attachments: presigned POST from the API → the file straight to the bucket → complete → the list
  var TYPES = ["image/jpeg", "image/png", "image/webp", "application/pdf"], MAX_BYTES = 10 * 1024 * 1024;
  var MIN_BYTES = 16, MAX_FILES = 5;
  var TYPE_NAMES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WebP", "application/pdf": "PDF"};

  function renderFiles(files) {
    var list = S.clear($("files-list"));
    $("files-none").hidden = files.length > 0;
    files.forEach(function (m, i) {
      var label = t("follow.files_item", {n: i + 1, type: TYPE_NAMES[m.content_type] || m.content_type});
      var state = t("follow.file_state." + m.state);
      var open = m.url ? S.el("a", {href: S.href(m.url), class: "file-open", "data-url": m.url,
                                    text: t("follow.files_open")}) : null;
      list.appendChild(S.el("li", {"data-state": m.state}, [
        S.el("span", {text: label + " · "}), S.el("span", {class: "badge", text: state}), open ? " " : null, open]));
    });
  }

  // a reporter's file opens through the API with the access code: the API answers 302 to the 5-minute presigned
  // GET; the script follows it and opens the address it ended at (the code never goes into a URL)
  $("files-list").addEventListener("click", function (ev) {
    var a = ev.target.closest("a.file-open");
    if (!a || !code) return;
    ev.preventDefault();
    fetch(S.href(a.getAttribute("data-url")), {headers: {"X-Access-Code": code, "Accept-Language": S.lang},
                                                 cache: "no-store", credentials: "same-origin"}).then(function (res) {
      if (res.ok && res.url) window.location.assign(res.url);
    }, function () { S.announce(t("js.network")); });
  });

  function fileRefusal(file, count) {
    if (!file) return "follow.files_empty";
    if (TYPES.indexOf(file.type) < 0) return "follow.files_type";
    if (file.size > MAX_BYTES) return "follow.files_big";
    if (file.size < MIN_BYTES) return "follow.files_small";
    if (count >= MAX_FILES) return "follow.files_limit";
    return null;
  }

  $("files-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var form = this, button = form.querySelector("button[type=submit]"), input = $("files-input");
    var file = input.files && input.files[0];
    var refusal = fileRefusal(file, ((view && view.media) || []).length);
    $("files-done").hidden = true;
    if (refusal) return S.showErrors(form, {fields: {file: t(refusal)}});
    if (button.disabled) return;
    button.disabled = true;
    var failed = function (error) { button.disabled = false; S.showErrors(form, error); };
    S.api("POST", path("/media"), {body: {content_type: file.type, size: file.size}, headers: secret(), secret: true})
      .then(function (res) {
        if (!res.ok) {
          var e = res.data.error;
          if (e.code === "too_many_files") return failed({fields: {file: t("follow.files_limit")}});
          if (e.fields && (e.fields.content_type || e.fields.size)) {
            return failed({fields: {file: t(e.fields.content_type ? "follow.files_type" : "follow.files_big")}});
          }
          return failed(e);
        }
        var started = res.data, data = new FormData();
        Object.keys(started.upload.fields).forEach(function (k) { data.append(k, started.upload.fields[k]); });
        data.append("file", file);  // S3 takes the fields first and the file last
        return fetch(started.upload.url, {method: "POST", body: data, credentials: "omit", cache: "no-store"})
          .then(function (up) { return up.ok; }, function () { return false; })
          .then(function (uploaded) {
            if (!uploaded) return failed({fields: {file: t("follow.files_upload_failed")}});
            return S.api("POST", started.confirm, {headers: secret(), secret: true}).then(function (done) {
              if (!done.ok) return failed(done.data.error);
              button.disabled = false;
              form.reset();
              S.clearErrors(form);
              return load().then(function () {
                $("files-done").textContent = t("follow.files_done");
                $("files-done").hidden = false;
                $("files-done").focus();
              });
            });
          });
      });
  });

  function load(focus) {
    return S.api("GET", path(), {headers: secret(), secret: !!code}).then(function (res) {
      if (res.ok) { render(res.data); if (focus) focus.focus(); return true; }
      if (code) return res;
      $("case-loading").hidden = true;
      if (res.status === 404) { $("case-missing").hidden = false; $("code-section").hidden = false; }
      else { $("case-missing").hidden = false; $("case-missing").firstElementChild.textContent = res.data.error.message; }
      return false;
    });
  }

  $("code-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var field = $("access-code"), form = $("code-form");
    var typed = field.value.trim();
    if (!typed) return S.showErrors(form, {fields: {access_code: t("follow.code_empty")}});
    code = typed;
    load($("reporter-h")).then(function (res) {
      if (res === true) { field.value = ""; S.clearErrors(form); return; }
      code = null;
      S.showErrors(form, res.status === 404 ? {fields: {access_code: t("follow.code_wrong")}} : res.data.error);
    });
  });

  $("confirm-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var form = this, typed = $("confirm-code").value.trim(), button = form.querySelector("button[type=submit]");
    if (!typed) return S.showErrors(form, {fields: {code: t("follow.confirm_empty")}});
    if (button.disabled) return;
    button.disabled = true;
    S.api("POST", path("/contact-confirmation"), {body: {code: typed}, secret: true}).then(function (res) {
      button.disabled = false;
      if (!res.ok) return S.showErrors(form, res.status === 404 ? {fields: {code: t("follow.confirm_wrong")}} : res.data.error);
      S.clearErrors(form);
      form.hidden = true;
      $("confirm-done").hidden = false;
      $("confirm-done").focus();
    });
  });

  // ``where``: an offered action (its method and path, as the API named them) or a path suffix of this case
  function submitAction(form, where, body, doneKey) {
    var button = form.querySelector("button[type=submit]");
    if (button.disabled) return;
    button.disabled = true;
    var method = where.method || "POST", url = where.path || path(where);
    S.api(method, url, {body: body, headers: secret(), secret: true}).then(function (res) {
      button.disabled = false;
      if (!res.ok) return S.showErrors(form, res.data.error);
      S.clearErrors(form);
      load().then(function () {  // the new state first, then the word that it worked (focus moves to it)
        var done = $("action-done");
        done.textContent = t(doneKey);
        done.hidden = false;
        $("reporter-h").focus();
      });
    });
  }

  function checked(form, name) {
    var input = form.querySelector("input[name=" + name + "]:checked");
    return input ? input.value : null;
  }

  $("info-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    submitAction(this, offered.info, {message: $("info-message").value.trim()}, "follow.info_done");
  });
  $("decide-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var decision = checked(this, "decision"), body = {};
    var act = offered[decision] || offered.accept || offered.reject;  // none chosen: the API names the field
    if (decision) body.decision = act.decision;
    if (decision === "reject") body.reason = $("decide-reason").value.trim();
    submitAction(this, act, body, decision === "reject" ? "follow.rejected_done" : "follow.accepted_done");
  });
  $("appeal-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var act = offered.appeal;
    submitAction(this, act, {decision: act.decision, reason: $("appeal-reason").value.trim()}, "follow.appealed_done");
  });
  $("rate-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var rating = checked(this, "rating"), body = {};
    if (rating) body.rating = parseInt(rating, 10);
    if ($("rate-comment").value.trim()) body.comment = $("rate-comment").value.trim();
    submitAction(this, offered.rate, body, "follow.rated_done");
  });
  $("mute-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var enabled = !(view.notifications && view.notifications.enabled);
    submitAction(this, "/notifications", {enabled: enabled}, enabled ? "follow.mute_on" : "follow.mute_off");
  });

  load().then(S.ready);
}());
