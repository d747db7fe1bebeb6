/* Agency settings: accounts (create, disable, enable), units (add, rename, retire), webhooks (list). */
(function () {
  "use strict";
  var S = window.Salur, D = window.Desk, t = S.t, el = S.el;
  var accForm = document.getElementById("account-form"), unitForm = document.getElementById("unit-form");
  var keyForm = document.getElementById("key-form");
  var agency = new URLSearchParams(window.location.search).get("agency_id") || "";
  var me = D.account() || {};
  var national = me.role === "admin" && me.scope === "NAT";
  var target = agency || me.agency_id;
  function q(extra) { var o = agency ? {agency_id: agency} : {}; Object.keys(extra || {}).forEach(function (k) { o[k] = extra[k]; }); return o; }

  function accounts() {
    return D.call("GET", "/v1/agency/accounts", {noRedirect: true, query: q()}).then(function (res) {
      if (!res.ok) return false;
      document.getElementById("accounts-section").hidden = false;
      var body = S.clear(document.querySelector("#accounts-table tbody"));
      res.data.items.forEach(function (a) {
        var active = a.status === "active";
        body.appendChild(el("tr", {}, [el("td", {text: a.display_name}), el("td", {text: a.email}),
          el("td", {text: t("desk.role." + a.role)}), el("td", {text: a.unit_id || t("js.none")}),
          el("td", {text: t("desk.state." + a.status)}),
          el("td", {}, [el("button", {type: "button", class: "secondary", text: t(active ? "desk.settings.disable" : "desk.settings.enable"),
            "aria-label": t(active ? "desk.settings.disable" : "desk.settings.enable") + " " + a.display_name,
            on: {click: function () {
              D.call("POST", "/v1/agency/accounts/" + a.account_id + (active ? "/disable" : "/enable")).then(accounts);
            }}})])]));
      });
      return true;
    });
  }
  function units() {
    return D.call("GET", "/v1/agency/units", {query: q()}).then(function (res) {
      if (!res.ok) return;
      var body = S.clear(document.querySelector("#units-table tbody"));
      var select = document.getElementById("acc-unit");
      while (select.options.length > 1) select.remove(1);
      res.data.items.forEach(function (u) {
        var retired = u.status === "retired";
        if (!retired) select.appendChild(el("option", {value: u.id, text: u.name}));
        body.appendChild(el("tr", {}, [el("td", {text: u.name}), el("td", {text: u.id}), el("td", {text: t("desk.state." + u.status)}),
          el("td", {}, [el("button", {type: "button", class: "secondary", text: t(retired ? "desk.settings.restore" : "desk.settings.retire"),
            "aria-label": t(retired ? "desk.settings.restore" : "desk.settings.retire") + " " + u.name,
            on: {click: function () {
              D.call("PATCH", "/v1/agency/units/" + u.key, {query: q(), body: {status: retired ? "active" : "retired"}}).then(units);
            }}})])]));
      });
    });
  }
  function hooks() {
    return D.call("GET", "/v1/agency/webhooks", {noRedirect: true, query: q()}).then(function (res) {
      if (!res.ok) return;
      document.getElementById("hooks-section").hidden = false;
      var list = S.clear(document.getElementById("hooks-list"));
      res.data.items.forEach(function (h) { list.appendChild(el("li", {text: h.url + " · " + (h.events || []).join(", ")})); });
      if (!res.data.items.length) list.appendChild(el("li", {text: t("desk.settings.no_webhooks")}));
    });
  }
  accForm.addEventListener("submit", function (ev) {
    ev.preventDefault();
    S.clearErrors(accForm);
    var body = {display_name: accForm.display_name.value.trim(), email: accForm.email.value.trim(), role: accForm.role.value};
    if (accForm.unit_id.value) body.unit_id = accForm.unit_id.value;
    D.call("POST", "/v1/agency/accounts", {query: q(), body: body}).then(function (res) {
      if (!res.ok) { S.showErrors(accForm, res.data.error); return; }
      accForm.reset();
      S.announce(t("desk.settings.created"));
      accounts();
    });
  });
  unitForm.addEventListener("submit", function (ev) {
    ev.preventDefault();
    S.clearErrors(unitForm);
    D.call("POST", "/v1/agency/units", {query: q(), body: {key: unitForm.key.value.trim(), name: unitForm.name.value.trim()}})
      .then(function (res) {
        if (!res.ok) { S.showErrors(unitForm, res.data.error); return; }
        unitForm.reset();
        S.announce(t("desk.settings.unit_added"));
        units();
      });
  });
  function keys() {
    return D.call("GET", "/v1/admin/keys", {query: {agency_id: target}}).then(function (res) {
      if (!res.ok) return;
      document.getElementById("keys-section").hidden = false;
      var list = S.clear(document.getElementById("keys-list"));
      res.data.items.filter(function (k) { return k.status === "active"; }).forEach(function (k) {
        list.appendChild(el("li", {}, [k.prefix + "… · " + t("desk.role." + k.role) + (k.label ? " · " + k.label : "") + " ",
          el("button", {type: "button", class: "secondary", text: t("desk.settings.revoke"),
            "aria-label": t("desk.settings.revoke") + " " + k.prefix,
            on: {click: function () { D.call("DELETE", "/v1/admin/keys/" + k.key_id).then(keys); }}})]));
      });
    });
  }
  keyForm.addEventListener("submit", function (ev) {
    ev.preventDefault();
    S.clearErrors(keyForm);
    var body = {agency_id: target, role: keyForm.role.value};
    if (keyForm.label.value.trim()) body.label = keyForm.label.value.trim();
    D.call("POST", "/v1/admin/keys", {body: body}).then(function (res) {
      if (!res.ok) { S.showErrors(keyForm, res.data.error); return; }
      keyForm.reset();
      document.getElementById("key-plain").textContent = res.data.api_key;
      document.getElementById("key-shown").hidden = false;
      keys();
    });
  });
  if (national) {
    document.getElementById("agency-pick").hidden = false;
    document.getElementById("pick-agency").value = target;
  }
  accounts().then(function (isAdmin) {
    if (!isAdmin) { document.getElementById("settings-denied").hidden = false; return null; }
    document.getElementById("units-section").hidden = false;
    return Promise.all([units(), hooks(), national ? keys() : null]);
  }).then(S.ready);
}());
