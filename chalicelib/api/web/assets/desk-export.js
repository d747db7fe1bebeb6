/* CSV export of the person's inbox for a period: fetched with the token, saved through a blob link. */
(function () {
  "use strict";
  var S = window.Salur, t = S.t;
  var form = document.getElementById("export-form");
  var KEY = "salur.desk.session";
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    S.clearErrors(form);
    var q = new URLSearchParams();
    new FormData(form).forEach(function (v, k) { if (v) q.set(k, v); });
    var s = JSON.parse(window.sessionStorage.getItem(KEY) || "{}");
    fetch(S.base + "/v1/agency/complaints/export.csv?" + q.toString(), {cache: "no-store",
      headers: {"Authorization": "Bearer " + s.access_token, "Accept-Language": S.lang}}).then(function (res) {
      if (!res.ok) return res.json().then(function (d) { S.showErrors(form, d.error); });
      return res.blob().then(function (blob) {
        var a = S.el("a", {href: URL.createObjectURL(blob), download: "salur-inbox.csv"});
        document.body.appendChild(a);
        a.click();
        a.remove();
        var done = document.getElementById("export-done");
        done.textContent = t("desk.export.done");
        done.hidden = false;
      });
    });
  });
  S.ready();
}());
