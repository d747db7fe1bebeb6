/* Attachments, shared by the file page, the follow page and the desk's case page (loaded after salur.js).
   SalurFiles.refusal(file, count)   the API's limits checked in the page first: a wording key, or null
   SalurFiles.upload(call, path, file, onStep)   presigned POST from the API (``path``: the case's /media) → the
                     file straight to the bucket → complete; resolves {ok, entry} or {ok: false, message}
   SalurFiles.open(url, headers)     the 5-minute presigned GET asked of the API as JSON (``?link=true``: a
                     secret header never goes into a URL, and the file is downloaded once), then opened
   SalurFiles.label(entry, i)        "Berkas 1 (JPEG)";  SalurFiles.state(entry) its state in words
   ``call(method, path, options)`` is Salur.api with the caller's secret: the access code (X-Access-Code) or the
   desk's token (Desk.call). */
(function () {
  "use strict";
  var S = window.Salur, t = S.t;
  // the limits POST /v1/complaints/{id}/media states (domain/media.py): types, bytes, files per case
  var TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WebP", "application/pdf": "PDF"};
  var MAX_BYTES = 10 * 1024 * 1024, MIN_BYTES = 16, MAX_FILES = 5;

  function refusal(file, count) {
    if (!file) return "files.empty";
    if (!Object.prototype.hasOwnProperty.call(TYPES, file.type)) return "files.type";
    if (file.size > MAX_BYTES) return "files.big";
    if (file.size < MIN_BYTES) return "files.small";
    if (count >= MAX_FILES) return "files.limit";
    return null;
  }

  function refusedBy(error) {  // the API's refusal of a declaration, in the same words as the page's own check
    if (error.code === "too_many_files") return t("files.limit");
    if (error.fields && error.fields.content_type) return t("files.type");
    if (error.fields && error.fields.size) return t("files.big");
    return error.message || t("js.failed");
  }

  function upload(call, path, file, onStep) {
    var step = onStep || function () {};
    step("uploading");
    return call("POST", path, {body: {content_type: file.type, size: file.size}}).then(function (res) {
      if (!res.ok) return {ok: false, message: refusedBy(res.data.error)};
      var started = res.data, data = new FormData();
      Object.keys(started.upload.fields).forEach(function (k) { data.append(k, started.upload.fields[k]); });
      data.append("file", file);  // S3 takes the fields first and the file last
      return fetch(started.upload.url, {method: "POST", body: data, credentials: "omit", cache: "no-store"})
        .then(function (up) { return up.ok; }, function () { return false; })
        .then(function (uploaded) {
          if (!uploaded) return {ok: false, message: t("files.upload_failed")};
          step("checking");
          return call("POST", started.confirm).then(function (done) {
            if (!done.ok) return {ok: false, message: done.data.error.message};
            return {ok: done.data.state !== "rejected", entry: done.data,
                    message: done.data.state === "rejected" ? t("files.rejected") : null};
          });
        });
    });
  }

  function open(url, headers) {
    var h = {"Accept-Language": S.lang};
    Object.keys(headers || {}).forEach(function (k) { h[k] = headers[k]; });
    var link = S.base + url + (url.indexOf("?") < 0 ? "?" : "&") + "link=true";
    return fetch(link, {headers: h, cache: "no-store", credentials: "same-origin"}).then(function (res) {
      if (!res.ok) { S.announce(t("js.failed")); return null; }
      return res.json().then(function (data) { window.location.assign(data.url); });
    }).catch(function () { S.announce(t("js.network")); });
  }

  function label(entry, i) {
    return t("files.item", {n: i + 1, type: TYPES[entry.content_type] || entry.content_type || "?"});
  }

  function state(entry) { return t("files.state." + entry.state); }

  window.SalurFiles = {TYPES: TYPES, MAX_BYTES: MAX_BYTES, MAX_FILES: MAX_FILES, refusal: refusal, upload: upload,
                       open: open, label: label, state: state};
}());
