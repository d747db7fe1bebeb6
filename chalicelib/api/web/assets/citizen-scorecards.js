/* Scorecards (/instansi, /instansi/<id>): figures and inline SVG charts from GET /v1/scorecards[/<id>]. */
(function () {
  "use strict";
  var S = window.Salur, t = S.t;
  var box = document.getElementById("scorecard");
  var status = document.getElementById("score-status");

  function pct(share) { return share === null || share === undefined ? t("js.none") : t("js.percent", {n: S.number(share * 100)}); }
  function hours(h) { return h === null || h === undefined ? t("js.none") : t("js.hours", {n: S.number(h, 1)}); }
  function stars(avg) { return avg === null || avg === undefined ? t("js.none") : S.number(avg, 2) + " / 5"; }

  function tiles(list) {
    return S.el("ul", {class: "tiles"}, list.map(function (x) {
      return S.el("li", {}, [S.el("strong", {text: x[1]}), x[0], x[2] ? S.el("span", {class: "meta", text: " " + x[2]}) : null]);
    }));
  }

  function shareRows(rows, label, link) {
    return rows.map(function (r) {
      return {label: label(r), value: r.sla_compliance === null ? 0 : r.sla_compliance * 100,
              text: pct(r.sla_compliance), link: link ? link(r) : null};
    });
  }

  function countRows(group, label) {
    return Object.keys(group || {}).sort().map(function (k) {
      return {label: label(k), value: group[k], text: S.number(group[k])};
    });
  }

  function maxOf(rows) { return rows.reduce(function (m, r) { return Math.max(m, r.value || 0); }, 0); }

  function satisfaction(s) {
    return [t("score.satisfaction"), stars(s && s.average), t("score.ratings", {n: (s && s.ratings) || 0})];
  }

  function monthLabel(period) { return t("month." + parseInt(period.slice(5), 10)); }

  function national(d) {
    var parts = [tiles([
      [t("score.received"), S.number(d.received)], [t("score.responses"), S.number(d.responses)],
      [t("score.on_time"), pct(d.sla_compliance)], [t("score.median"), hours(d.median_first_response_hours)],
      [t("score.escalations"), S.number(d.escalations)], satisfaction(d.satisfaction)])];
    var agencies = d.agencies.filter(function (a) { return a.responses > 0; }).slice(0, 10);
    if (agencies.length) parts.push(S.barChart(t("score.chart_agencies"), shareRows(agencies, function (a) {
      return a.name + " (" + a.responses + ")";
    }, function (a) { return S.href("/instansi/" + a.agency_id); }), 100));
    var ratings = countRows((d.satisfaction || {}).by_rating, function (k) { return t("score.stars", {n: k}); });
    if (ratings.length) parts.push(S.barChart(t("score.chart_ratings"), ratings, maxOf(ratings)));
    var kinds = countRows(d.by_kind, function (k) { return t("kind." + k); });
    if (kinds.length) parts.push(S.barChart(t("score.chart_kinds"), kinds, maxOf(kinds)));
    return parts;
  }

  function agency(d) {
    var total = d.total;
    var parts = [tiles([
      [t("score.assigned"), S.number(total.assigned)], [t("score.responses"), S.number(total.responses)],
      [t("score.on_time"), pct(total.sla_compliance)], [t("score.median"), hours(total.median_first_response_hours)],
      [t("score.breaches"), S.number(total.sla_breaches)], satisfaction(total.satisfaction)])];
    var months = d.months.filter(function (m) { return m.responses > 0 || m.assigned > 0; });
    if (months.length) {
      parts.push(S.barChart(t("score.chart_months"), shareRows(months, function (m) { return monthLabel(m.period); }), 100));
      var counts = months.map(function (m) { return {label: monthLabel(m.period), value: m.responses, text: S.number(m.responses)}; });
      parts.push(S.barChart(t("score.chart_responses"), counts, maxOf(counts)));
    }
    var ratings = countRows((total.satisfaction || {}).by_rating, function (k) { return t("score.stars", {n: k}); });
    if (ratings.length) parts.push(S.barChart(t("score.chart_ratings"), ratings, maxOf(ratings)));
    var levels = countRows(total.sla_breaches_by_level, function (k) { return t("score.level", {n: k}); });
    if (levels.length) parts.push(S.barChart(t("score.chart_levels"), levels, maxOf(levels)));
    return parts;
  }

  var scope = box.getAttribute("data-scope");
  var request = scope === "agency"
    ? S.api("GET", "/v1/scorecards/" + encodeURIComponent(box.getAttribute("data-agency")), {query: {year: box.getAttribute("data-year")}})
    : S.api("GET", "/v1/scorecards", {query: {period: box.getAttribute("data-period")}});
  request.then(function (res) {
    if (!res.ok) { status.textContent = res.data.error.message; return; }
    var empty = scope === "agency" ? !res.data.total.assigned && !res.data.total.responses : !res.data.received;
    status.textContent = empty ? t("score.no_data") : "";
    if (!empty) (scope === "agency" ? agency(res.data) : national(res.data)).forEach(function (n) { box.appendChild(n); });
  }).then(S.ready);
}());
