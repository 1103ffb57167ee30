/* talentflow dashboard client: selectors → /api/charts specs → vega views (SVG renderer).
   Globals: vega, vegaLite (browser builds served from /static). State is exposed on
   window.talentflow for tests. */
/* global vega, vegaLite */
(function () {
  'use strict';
  var L = {
    en: {
      title: 'The market for AI talent', country: 'Country', year: 'Year', lang: 'Language',
      scenario: 'Scenario premium (%)', kpiWorkers: 'AI-skilled workers (weighted)', kpiPremium: 'AI wage premium',
      kpiAbroad: 'AI workers abroad (share of origin)', noData: 'No data for this selection.',
      footer: 'Aggregates only; cells counting fewer persons than the disclosure threshold are blank.',
      scen: function (c, x, y, lo, hi, zero) { return 'On the line fitted ' + (c ? 'without ' + c : 'to all countries') + ', a country with a ' + x + ' premium is associated with ' + y + ' of its AI workers abroad (95% prediction interval for one country ' + lo + ' to ' + hi + (zero ? "; the slope's interval includes zero" : '') + '). An association across countries, not an effect.'; },
      created: 'Run created', suppressed: 'suppressed'
    },
    ko: {
      title: 'AI 인재 시장', country: '국가', year: '연도', lang: '언어',
      scenario: '시나리오 프리미엄(%)', kpiWorkers: 'AI 전문인력(가중)', kpiPremium: 'AI 임금 프리미엄',
      kpiAbroad: 'AI 인력 해외 근무 비율', noData: '선택한 조건의 자료가 없습니다.',
      footer: '집계치만 제공하며, 공개 기준 미만 인원의 셀은 공란입니다.',
      scen: function (c, x, y, lo, hi, zero) { return (c ? c + ' 제외 적합선' : '전체 국가 적합선') + '에서 프리미엄이 ' + x + '인 국가의 AI 인력 해외 근무 비율은 ' + y + '와 연관됩니다(한 국가에 대한 95% 예측구간 ' + lo + '~' + hi + (zero ? '; 기울기의 신뢰구간이 0을 포함' : '') + '). 국가 간 연관성이며 효과가 아닙니다.'; },
      created: '분석 일시', suppressed: '비공개'
    }
  };
  var state = { country: null, year: null, lang: 'en', scenario: null };
  var views = {};
  var meta = null;
  var api = { views: views, state: state, renders: 0, errors: [] };
  window.talentflow = api;

  function $(id) { return document.getElementById(id); }
  function fmtPct(v) { return v === null || v === undefined ? '—' : v.toFixed(1) + '%'; }
  function fmtInt(v) { return v === null || v === undefined ? '—' : Math.round(v).toLocaleString('en-US'); }
  function getJson(url) {
    return fetch(url, { headers: { accept: 'application/json' } }).then(function (r) {
      if (!r.ok) return r.json().then(function (b) { throw new Error(url + ': ' + (b.error || r.status)); });
      return r.json();
    });
  }
  function countryLabel(code) {
    var c = meta.countries.find(function (x) { return x.code === code; });
    return c ? c[state.lang] : code;
  }

  function renderChart(id) {
    var el = $('chart-' + id);
    var qs = new URLSearchParams({ country: state.country, year: String(state.year), lang: state.lang });
    if (state.scenario !== null) qs.set('scenario', String(state.scenario));
    return getJson('/api/charts/' + id + '?' + qs.toString()).then(function (body) {
      if (views[id]) { views[id].finalize(); delete views[id]; }
      el.textContent = '';
      if (!body.spec) { el.textContent = L[state.lang].noData; el.classList.add('empty'); return; }
      el.classList.remove('empty');
      var compiled = vegaLite.compile(body.spec).spec;
      var view = new vega.View(vega.parse(compiled), { renderer: 'svg', container: el, hover: true });
      views[id] = view;
      return view.runAsync();
    });
  }

  function first(rows) { return rows && rows.length ? rows[0] : null; }

  function updateKpis() {
    var c = state.country, y = state.year;
    return Promise.all([
      getJson('/api/tables/headcount?country=' + c + '&year=' + y + '&group=ai'),
      getJson('/api/tables/premium?country=' + c + '&year=' + y + '&skill=all'),
      getJson('/api/tables/abroad_share?origin=' + c + '&year=' + y + '&group=ai')
    ].map(function (p) { return p.catch(function () { return { rows: [] }; }); })).then(function (res) {
      var h = first(res[0].rows), p = first(res[1].rows), a = first(res[2].rows);
      $('kpi-workers').textContent = h ? fmtInt(h.persons_weighted !== null ? h.persons_weighted : h.persons) : '—';
      $('kpi-premium').textContent = p ? fmtPct(p.premium_pct) : '—';
      var share = a ? (a.share_abroad_weighted !== null ? a.share_abroad_weighted : a.share_abroad) : null;
      $('kpi-abroad').textContent = share === null || share === undefined ? '—' : fmtPct(100 * share);
    });
  }

  function updateScenario() {
    var qs = new URLSearchParams({ premium: String(state.scenario), year: String(state.year), country: state.country });
    return getJson('/api/scenario?' + qs.toString()).then(function (s) {
      $('scenario-text').textContent = L[state.lang].scen(s.fit.left_out ? countryLabel(state.country) : null, fmtPct(s.premium), fmtPct(s.share_abroad_ai), fmtPct(s.pi_low), fmtPct(s.pi_high), s.link !== null && s.link.ci_includes_zero);
    }, function () { $('scenario-text').textContent = ''; });
  }

  function relabel() {
    document.documentElement.lang = state.lang;
    document.querySelectorAll('[data-t]').forEach(function (el) {
      var v = L[state.lang][el.getAttribute('data-t')];
      if (typeof v === 'string') el.textContent = v;
    });
    var sel = $('country');
    Array.prototype.forEach.call(sel.options, function (o) { o.textContent = countryLabel(o.value) + ' (' + o.value + ')'; });
    $('meta').textContent = 'talentflow ' + meta.tool.version + ' · ' + L[state.lang].created + ': ' + meta.created;
  }

  var pending = null;
  function renderAll() {
    document.body.setAttribute('data-ready', '0');
    var run = Promise.all(meta.charts.map(renderChart).concat([updateKpis(), updateScenario()])).then(function () {
      if (pending !== run) return;
      api.renders += 1;
      document.body.setAttribute('data-ready', '1');
    }, function (e) {
      api.errors.push(String(e));
      console.error(e);
    });
    pending = run;
    return run;
  }

  var timer = null;
  function onScenario() {
    state.scenario = Number($('scenario').value);
    $('scenario-value').textContent = state.scenario.toFixed(1) + '%';
    clearTimeout(timer);
    timer = setTimeout(function () {
      document.body.setAttribute('data-ready', '0');
      var run = Promise.all([renderChart('link-scatter'), updateScenario()]).then(function () {
        if (pending !== run) return;
        api.renders += 1;
        document.body.setAttribute('data-ready', '1');
      });
      pending = run;
    }, 120);
  }

  function init() {
    getJson('/api/meta').then(function (m) {
      meta = m;
      state.country = m.focus;
      state.year = m.year;
      state.scenario = m.scenario === null ? 15 : m.scenario;
      var cs = $('country');
      m.countries.forEach(function (c) {
        var o = document.createElement('option');
        o.value = c.code;
        cs.appendChild(o);
      });
      cs.value = m.focus;
      var ys = $('year');
      m.years.slice().reverse().forEach(function (y) {
        var o = document.createElement('option');
        o.value = String(y);
        o.textContent = String(y);
        ys.appendChild(o);
      });
      ys.value = String(m.year);
      $('scenario').value = String(state.scenario);
      $('scenario-value').textContent = state.scenario.toFixed(1) + '%';
      var main = $('charts');
      m.charts.forEach(function (id) {
        var d = document.createElement('div');
        d.className = 'card';
        d.id = 'chart-' + id;
        d.setAttribute('data-chart', id);
        main.appendChild(d);
      });
      relabel();
      cs.addEventListener('change', function () { state.country = cs.value; renderAll(); });
      ys.addEventListener('change', function () { state.year = Number(ys.value); renderAll(); });
      $('lang').addEventListener('change', function () { state.lang = $('lang').value; relabel(); renderAll(); });
      $('scenario').addEventListener('input', onScenario);
      $('controls').addEventListener('submit', function (e) { e.preventDefault(); });
      return renderAll();
    }).catch(function (e) { api.errors.push(String(e)); console.error(e); });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
