/* Salur pages: the small shared script every page loads (no framework).
   Salur.api      calls the JSON API (same origin, the page's language, Idempotency-Key, no-store for secrets)
   Salur.showErrors / clearErrors   put the API's {"error": {"fields"}} next to each field, with a summary
   Salur.el       builds DOM nodes from text only (never innerHTML), so user text is always shown as text
   Salur.t        the page's wording (from the page-text block), Salur.href links that keep the language
   Salur.suggest  an accessible combobox fed by a suggestions route
   Salur.barChart an inline SVG bar chart with its numbers in a table
   Salur.dateTime dates in Indonesian or English, in WIB/WITA/WIT */
(function () {
  "use strict";
  var root = document.documentElement;
  var base = root.getAttribute("data-base") || "";
  var lang = root.lang === "en" ? "en" : "id";
  var langParam = root.getAttribute("data-lang-param") || "";
  var textNode = document.getElementById("page-text");
  var text = textNode ? JSON.parse(textNode.textContent) : {};
  var ZONES = {WIB: "Asia/Jakarta", WITA: "Asia/Makassar", WIT: "Asia/Jayapura"};

  function t(key, params) {
    var s = Object.prototype.hasOwnProperty.call(text, key) ? text[key] : key;
    return s.replace(/\{(\w+)\}/g, function (m, name) {
      return params && params[name] !== undefined && params[name] !== null ? String(params[name]) : m;
    });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") node.textContent = v;
      else if (k === "class") node.className = v;
      else if (k === "on") Object.keys(v).forEach(function (ev) { node.addEventListener(ev, v[ev]); });
      else node.setAttribute(k, v === true ? "" : v);
    });
    (children || []).forEach(function (c) {
      if (c === null || c === undefined || c === false) return;
      node.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    });
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

  function href(path, query) {
    var params = new URLSearchParams();
    Object.keys(query || {}).forEach(function (k) { if (query[k]) params.set(k, query[k]); });
    if (langParam) params.set("lang", langParam);
    var qs = params.toString();
    return base + path + (qs ? "?" + qs : "");
  }

  function announce(message) {
    var live = document.getElementById("live");
    if (!live) return;
    live.textContent = "";
    window.setTimeout(function () { live.textContent = message; }, 50);
  }

  /* fetch JSON: resolves {ok, status, data}; a network failure is status 0 with a local error body. */
  function api(method, path, options) {
    options = options || {};
    var headers = {"Accept": "application/json", "Accept-Language": lang};
    Object.keys(options.headers || {}).forEach(function (k) { headers[k] = options.headers[k]; });
    var init = {method: method, headers: headers, credentials: "same-origin",
                cache: options.secret ? "no-store" : "default"};
    if (options.body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(options.body);
    }
    var url = base + path;
    if (options.query) {
      var qs = new URLSearchParams();
      Object.keys(options.query).forEach(function (k) { if (options.query[k]) qs.set(k, options.query[k]); });
      if (qs.toString()) url += "?" + qs.toString();
    }
    return fetch(url, init).then(function (res) {
      return res.text().then(function (body) {
        var data = null;
        try { data = body ? JSON.parse(body) : null; } catch (e) { data = null; }
        if (!res.ok && !(data && data.error)) data = {error: {code: "failed", message: t("js.failed")}};
        return {ok: res.ok, status: res.status, data: data, headers: res.headers};
      });
    }, function () {
      return {ok: false, status: 0, data: {error: {code: "network", message: t("js.network")}}};
    });
  }

  function idempotencyKey() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  /* ---------------------------------------------------------------- field errors */
  function fieldFor(form, path) {
    // "reporter.email" → [data-field="reporter.email"], else its parent "reporter", else none; an error on the
    // whole body ("body" when the form has no such field) goes to the form's data-root-field, if it names one
    if (path === "body" && !form.querySelector('[data-field="body"]') && form.getAttribute("data-root-field")) {
      path = form.getAttribute("data-root-field");
    }
    var parts = path.split(".");
    while (parts.length) {
      var node = form.querySelector('[data-field="' + parts.join(".").replace(/"/g, "") + '"]');
      if (node) return node;
      parts.pop();
    }
    return null;
  }

  function clearErrors(scope) {
    scope.querySelectorAll(".field-error").forEach(function (n) { n.textContent = ""; });
    scope.querySelectorAll("[aria-invalid]").forEach(function (n) {
      n.removeAttribute("aria-invalid");
      var ids = (n.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && !/-error$/.test(id);
      });
      if (ids.length) n.setAttribute("aria-describedby", ids.join(" ")); else n.removeAttribute("aria-describedby");
    });
    scope.querySelectorAll("[data-error-summary]").forEach(function (s) { s.hidden = true; clear(s.querySelector("ul")); });
  }

  /* Show an API error: each entry of error.fields next to its field, all of them in the summary. */
  function showErrors(scope, error, summaryScope) {
    clearErrors(scope);
    var summary = (summaryScope || scope).querySelector("[data-error-summary]");
    var list = summary ? summary.querySelector("ul") : null;
    var fields = (error && error.fields) || {};
    var keys = Object.keys(fields);
    if (!keys.length) keys = ["_"];
    keys.forEach(function (path) {
      var message = path === "_" ? (error && error.message) || t("js.failed") : fields[path];
      var field = path === "_" ? null : fieldFor(scope, path);
      var control = field ? field.querySelector("input:not([type=hidden]), textarea, select") : null;
      var slot = field ? field.querySelector(".field-error") : null;
      if (slot) slot.textContent = slot.textContent ? slot.textContent + " " + message : message;
      if (slot && control) {
        control.setAttribute("aria-invalid", "true");
        var described = (control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        if (described.indexOf(slot.id) < 0) described.unshift(slot.id);
        control.setAttribute("aria-describedby", described.join(" "));
      }
      if (list) {
        var label = field ? field.querySelector("label, legend") : null;
        var name = label ? label.textContent.trim() + ": " : "";
        list.appendChild(el("li", {}, [control ? el("a", {href: "#" + control.id, text: name + message, on: {
          click: function (ev) { ev.preventDefault(); control.focus(); }}}) : name + message]));
      }
    });
    if (summary) { summary.hidden = false; summary.focus(); }
  }

  /* ---------------------------------------------------------------- dates */
  function dateTime(iso, zone, withTime) {
    if (!iso) return t("js.none");
    var d = new Date(iso);
    if (isNaN(d.getTime())) return iso;
    var opts = {day: "numeric", month: "long", year: "numeric", timeZone: ZONES[zone] || ZONES.WIB};
    if (withTime) { opts.hour = "2-digit"; opts.minute = "2-digit"; opts.hour12 = false; }
    var s = new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "id-ID", opts).format(d);
    return withTime ? s + " " + t("js.tz." + (zone || "WIB")) : s;
  }

  function number(n, digits) {
    return new Intl.NumberFormat(lang === "en" ? "en-GB" : "id-ID", {maximumFractionDigits: digits || 0}).format(n);
  }

  /* ---------------------------------------------------------------- combobox (ARIA 1.2 pattern) */
  var comboCount = 0;
  function suggest(input, options) {
    comboCount += 1;
    var listId = "combo-list-" + comboCount;
    var list = el("ul", {id: listId, role: "listbox", hidden: true, "aria-label": options.label || ""});
    input.parentNode.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    var items = [], active = -1, timer = null, seq = 0;

    function close() {
      list.hidden = true; input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(i) {
      var options_ = list.querySelectorAll("[role=option]");
      options_.forEach(function (o, j) { o.setAttribute("aria-selected", j === i ? "true" : "false"); });
      active = i;
      if (i >= 0 && options_[i]) {
        input.setAttribute("aria-activedescendant", options_[i].id);
        options_[i].scrollIntoView({block: "nearest"});
      }
    }
    function pick(i) {
      var item = items[i];
      if (!item) return;
      input.value = options.text(item);
      close();
      options.onPick(item);
      announce(t("js.picked", {label: options.text(item)}));
    }
    function render() {
      clear(list);
      items.forEach(function (item, i) {
        list.appendChild(el("li", {id: listId + "-" + i, role: "option", "aria-selected": "false", text: options.text(item),
          on: {mousedown: function (ev) { ev.preventDefault(); pick(i); }}}));
      });
      if (items.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
      else close();
      announce(items.length ? t("js.suggestions", {n: items.length}) : t("js.no_suggestions"));
    }
    input.addEventListener("input", function () {
      options.onType(input.value);
      window.clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { items = []; close(); return; }
      timer = window.setTimeout(function () {
        var mine = ++seq;
        api("GET", input.getAttribute("data-suggest"), {query: {q: q}}).then(function (res) {
          if (mine !== seq) return;
          items = res.ok && res.data ? res.data.items : [];
          active = -1;
          render();
        });
      }, 250);
    });
    input.addEventListener("keydown", function (ev) {
      if (list.hidden && ev.key !== "ArrowDown") return;
      if (ev.key === "ArrowDown") { ev.preventDefault(); if (list.hidden && items.length) render(); highlight(Math.min(active + 1, items.length - 1)); }
      else if (ev.key === "ArrowUp") { ev.preventDefault(); highlight(Math.max(active - 1, 0)); }
      else if (ev.key === "Enter" && active >= 0) { ev.preventDefault(); pick(active); }
      else if (ev.key === "Escape") { ev.preventDefault(); close(); }
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 150); });
  }

  /* ---------------------------------------------------------------- charts */
  var SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, children) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  /* rows: [{label, value (number|null), text (shown), link?}]; max: the scale's top.  Horizontal bars, labels
     above them (long agency names fit a 360 px screen), and the same numbers in a table for every reader. */
  function barChart(caption, rows, max) {
    var width = 320, rowH = 34, top = 4;
    var height = top + rows.length * rowH;
    var chart = svg("svg", {viewBox: "0 0 " + width + " " + height, role: "img", "aria-label": caption,
                            focusable: "false"});
    rows.forEach(function (r, i) {
      var y = top + i * rowH;
      var w = r.value && max ? Math.max(1, Math.round((width - 60) * r.value / max)) : 0;
      chart.appendChild(svg("text", {x: 0, y: y + 11}, [r.label.length > 52 ? r.label.slice(0, 50) + "…" : r.label]));
      chart.appendChild(svg("rect", {class: "track", x: 0, y: y + 15, width: width - 60, height: 12, rx: 2}));
      chart.appendChild(svg("rect", {class: "bar", x: 0, y: y + 15, width: w, height: 12, rx: 2}));
      chart.appendChild(svg("text", {x: width - 54, y: y + 26}, [r.text]));
    });
    var table = el("table", {class: "data"}, [
      el("thead", {}, [el("tr", {}, [el("th", {scope: "col", text: caption}), el("th", {scope: "col", class: "num", text: t("js.value")})])]),
      el("tbody", {}, rows.map(function (r) {
        return el("tr", {}, [el("th", {scope: "row"}, [r.link ? el("a", {href: r.link, text: r.label}) : r.label]),
                             el("td", {class: "num", text: r.text})]);
      }))]);
    return el("figure", {class: "chart"}, [el("figcaption", {text: caption}), chart,
      el("details", {}, [el("summary", {text: t("js.chart_table")}), table])]);
  }

  /* The page is usable: its script has shown what it loads (the browser tests and bench/pages_bench.py
     measure time to interactive up to this mark). */
  function ready() {
    if (root.hasAttribute("data-ready")) return;
    root.setAttribute("data-ready", "true");
    if (window.performance && performance.mark) performance.mark("salur-ready");
  }
  if (document.body.getAttribute("data-page-script") !== "yes") ready();

  /* a suggestion field that fills a hidden input (data-target) with the chosen item's id: filter forms */
  document.querySelectorAll("input[data-suggest][data-target]").forEach(function (input) {
    var target = document.getElementById(input.getAttribute("data-target"));
    suggest(input, {label: input.labels && input.labels[0] ? input.labels[0].textContent : "",
                    text: function (item) { return item.label || item.name; },
                    onPick: function (item) { target.value = item.id || item.code; },
                    onType: function () { target.value = ""; }});
  });

  window.Salur = {t: t, el: el, clear: clear, href: href, api: api, announce: announce, idempotencyKey: idempotencyKey,
                  showErrors: showErrors, clearErrors: clearErrors, dateTime: dateTime, number: number,
                  suggest: suggest, barChart: barChart, lang: lang, base: base, ready: ready};
}());
