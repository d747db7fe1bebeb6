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

  // ---- attachments (the shared salur-files.js): the list, upload, open, delete with a confirmation first
  var F = window.SalurFiles;
  function reporterCall(method, url, options) {
    options = options || {};
    options.headers = secret();
    options.secret = true;
    return S.api(method, url, options);
  }

  function renderFiles(files) {
    var list = S.clear($("files-list"));
    $("files-none").hidden = files.length > 0;
    files.forEach(function (m, i) {
      var label = F.label(m, i);
      var open = m.url ? S.el("a", {href: S.href(m.url), class: "file-open", "data-url": m.url,
                                    "aria-label": t("files.open_label", {label: label}), text: t("files.open")}) : null;
      var remove = S.el("button", {type: "button", class: "secondary file-delete", "data-id": m.id,
                                   "aria-label": t("files.delete_label", {label: label}), text: t("files.delete")});
      list.appendChild(S.el("li", {"data-state": m.state, "data-id": m.id}, [
        S.el("span", {text: label + " · "}), S.el("span", {class: "badge", text: F.state(m)}), open ? " " : null, open,
        " ", remove]));
    });
  }

  function askDelete(item, button) {
    if (item.querySelector(".file-confirm")) return;
    var label = item.firstChild.textContent.replace(/ · $/, "");
    var question = S.el("p", {id: "confirm-" + item.getAttribute("data-id"), text: t("files.delete_confirm", {label: label})});
    var yes = S.el("button", {type: "button", text: t("files.delete_yes"),
                              "aria-describedby": question.id});
    var no = S.el("button", {type: "button", class: "secondary", text: t("files.delete_no")});
    var box = S.el("div", {class: "file-confirm", role: "group", "aria-labelledby": question.id},
                   [question, S.el("div", {class: "actions"}, [yes, no])]);
    button.hidden = true;
    item.appendChild(box);
    yes.focus();
    no.addEventListener("click", function () { item.removeChild(box); button.hidden = false; button.focus(); });
    yes.addEventListener("click", function () {
      if (yes.disabled) return;
      yes.disabled = true;
      reporterCall("DELETE", path("/media/" + encodeURIComponent(button.getAttribute("data-id")))).then(function (res) {
        if (!res.ok) { yes.disabled = false; question.textContent = res.data.error.message; yes.focus(); return; }
        return load().then(function () {
          $("files-done").textContent = t("files.deleted");
          $("files-done").hidden = false;
          $("files-done").focus();
        });
      });
    });
  }

  // a reporter's file opens through the API with the access code (never in a URL); delete asks first
  $("files-list").addEventListener("click", function (ev) {
    var a = ev.target.closest("a.file-open"), del = ev.target.closest("button.file-delete");
    if (del) return askDelete(del.closest("li"), del);
    if (!a || !code) return;
    ev.preventDefault();
    F.open(a.getAttribute("data-url"), {"X-Access-Code": code});
  });

  $("files-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var form = this, button = form.querySelector("button[type=submit]"), input = $("files-input");
    var file = input.files && input.files[0];
    var refusal = F.refusal(file, ((view && view.media) || []).length);
    $("files-done").hidden = true;
    if (refusal) return S.showErrors(form, {fields: {file: t(refusal)}});
    if (button.disabled) return;
    button.disabled = true;
    F.upload(reporterCall, path("/media"), file).then(function (out) {
      button.disabled = false;
      if (!out.ok) {  // a file refused at its check is listed as refused: the list first, then the words
        return (out.entry ? load() : Promise.resolve()).then(function () { S.showErrors(form, {fields: {file: out.message}}); });
      }
      form.reset();
      S.clearErrors(form);
      return load().then(function () {
        $("files-done").textContent = t("files.done");
        $("files-done").hidden = false;
        $("files-done").focus();
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
    // a supporter (someone following this public report) confirms with the address they gave; a reporter's
    // contact with the code alone
    var email = $("confirm-email").value.trim();
    var request = email ? S.api("POST", path("/supporters/confirm"), {body: {email: email, code: typed}, secret: true})
      : S.api("POST", path("/contact-confirmation"), {body: {code: typed}, secret: true});
    request.then(function (res) {
      button.disabled = false;
      if (!res.ok) return S.showErrors(form, res.status === 404 ? {fields: {code: t("follow.confirm_wrong")}} : res.data.error);
      S.clearErrors(form);
      form.hidden = true;
      if (email) $("confirm-done").textContent = t("follow.confirm_supporter_done");
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
