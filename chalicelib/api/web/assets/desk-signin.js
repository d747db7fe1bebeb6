/* Sign-in: email + password, then the challenge Cognito asks for (TOTP code, TOTP enrolment, new password). */
(function () {
  "use strict";
  var S = window.Salur, D = window.Desk, t = S.t;
  var forms = {signin: document.getElementById("signin-form"), code: document.getElementById("code-form"),
               password: document.getElementById("password-form")};
  var state = {email: "", challenge: null, session: null};

  function show(name) {
    Object.keys(forms).forEach(function (k) { forms[k].hidden = k !== name; });
    var first = forms[name].querySelector("input");
    if (first) first.focus();
  }

  function handle(form, res) {
    if (!res.ok) { S.showErrors(form, res.data.error); return; }
    var d = res.data;
    if (d.access_token) {
      D.save({access_token: d.access_token, account: d.account});
      window.location.assign(S.href("/meja"));
    } else if (d.enrolled) {
      S.announce(t("desk.signin.enrolled"));
      document.getElementById("totp-setup").hidden = true;
      show("signin");
    } else if (d.challenge) {
      state.challenge = d.challenge;
      state.session = d.session;
      document.getElementById("totp-setup").hidden = d.challenge !== "MFA_SETUP";
      document.getElementById("totp-secret").textContent = d.secret_code || "";
      show(d.challenge === "NEW_PASSWORD_REQUIRED" ? "password" : "code");
    }
  }

  forms.signin.addEventListener("submit", function (ev) {
    ev.preventDefault();
    S.clearErrors(forms.signin);
    state.email = forms.signin.email.value.trim();
    S.api("POST", "/v1/staff/sign-in", {secret: true, body: {email: state.email, password: forms.signin.password.value}})
      .then(function (res) { forms.signin.password.value = ""; handle(forms.signin, res); });
  });
  function answer(form, extra) {
    S.clearErrors(form);
    var body = {email: state.email, challenge: state.challenge, session: state.session};
    Object.keys(extra).forEach(function (k) { body[k] = extra[k]; });
    S.api("POST", "/v1/staff/sign-in/challenge", {secret: true, body: body}).then(function (res) { handle(form, res); });
  }
  forms.code.addEventListener("submit", function (ev) {
    ev.preventDefault();
    answer(forms.code, {code: forms.code.code.value.trim()});
    forms.code.code.value = "";
  });
  forms.password.addEventListener("submit", function (ev) {
    ev.preventDefault();
    answer(forms.password, {new_password: forms.password.new_password.value});
  });
  S.ready();
}());
