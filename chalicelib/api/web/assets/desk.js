/* The officers' desk: the person's session (Cognito access token in sessionStorage, this tab only, sent as
   Authorization: Bearer and never put in a URL) and the calls every desk page makes.
   Desk.call(method, path, options)  Salur.api with the token; a 401 sends the person to the sign-in page
   Desk.account()                    the signed-in account (agency, unit, role, name) */
(function () {
  "use strict";
  var S = window.Salur, t = S.t;
  var KEY = "salur.desk.session";

  function session() {
    try { return JSON.parse(window.sessionStorage.getItem(KEY) || "null"); } catch (e) { return null; }
  }
  function save(data) { window.sessionStorage.setItem(KEY, JSON.stringify(data)); }
  function signOut() { window.sessionStorage.removeItem(KEY); window.location.assign(S.href("/meja/masuk")); }

  function call(method, path, options) {
    options = options || {};
    var s = session();
    var headers = options.headers || {};
    if (s && s.access_token) headers.Authorization = "Bearer " + s.access_token;
    options.headers = headers;
    options.secret = true;
    return S.api(method, path, options).then(function (res) {
      if (res.status === 401 && !options.noRedirect) signOut();
      return res;
    });
  }

  function account() { var s = session(); return s ? s.account : null; }

  /* the session's header, for a fetch that is not Salur.api (SalurFiles.open asks for the link as JSON) */
  function authorization() { var s = session(); return s && s.access_token ? {Authorization: "Bearer " + s.access_token} : {}; }

  function statusBadge(status) { return S.el("span", {class: "badge", text: t("status." + status)}); }

  var who = document.getElementById("desk-who");
  if (who && account()) {
    var a = account();
    document.getElementById("desk-who-name").textContent = t("desk.signed_in_as", {name: a.display_name,
      role: t("desk.role." + a.role), agency: a.agency_id});
    who.hidden = false;
    document.getElementById("desk-sign-out").addEventListener("click", signOut);
  }
  var onSignIn = /\/meja\/masuk$/.test(window.location.pathname);
  if (!onSignIn && !account()) signOut();

  window.Desk = {call: call, account: account, authorization: authorization, save: save, signOut: signOut, statusBadge: statusBadge};
}());
