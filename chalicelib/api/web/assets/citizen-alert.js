/* The pages a mail's alert links open (/langganan/konfirmasi, /langganan/berhenti): the link's token is read from
   the address and sent by the one button's POST; the GET that opened the page changed nothing. */
(function () {
  "use strict";
  var S = window.Salur, t = S.t;
  var $ = function (id) { return document.getElementById(id); };
  var action = $("alert").getAttribute("data-action");
  var token = new URLSearchParams(window.location.search).get("token") || "";
  var form = $("alert-form"), button = $("alert-button");

  function missing() {
    form.hidden = true;
    $("alert-missing").hidden = false;
    $("alert-missing").focus();
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    if (button.disabled) return;
    button.disabled = true;
    var path = action === "confirm" ? "/v1/alerts/confirm" : "/v1/alerts/unsubscribe";
    S.api("POST", path, {query: {token: token}, secret: true}).then(function (res) {
      button.disabled = false;
      if (res.status === 404) return missing();
      if (!res.ok) return S.showErrors(form, res.data.error);
      form.hidden = true;
      $("alert-done").textContent = t(action === "confirm" ? "alert.confirm_done" : "alert.stop_done");
      $("alert-done").hidden = false;
      $("alert-done").focus();
    });
  });

  if (token) form.hidden = false; else $("alert-missing").hidden = false;
  S.ready();
}());
