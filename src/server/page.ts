/**
 * The dashboard page: static HTML (no inline script; the CSP allows scripts from 'self'
 * only). The client in `public/app.js` fills the selectors and renders the charts.
 */

/** The dashboard HTML. */
export function dashboardPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>talentflow dashboard</title>
<link rel="stylesheet" href="/static/app.css">
<script src="/static/vega.min.js" defer></script>
<script src="/static/vega-lite.min.js" defer></script>
<script src="/static/app.js" defer></script>
</head>
<body data-ready="0">
<header>
  <h1 data-t="title">The market for AI talent</h1>
  <p class="meta" id="meta"></p>
</header>
<form id="controls" class="controls" autocomplete="off">
  <label><span data-t="country">Country</span> <select id="country" name="country"></select></label>
  <label><span data-t="year">Year</span> <select id="year" name="year"></select></label>
  <label><span data-t="lang">Language</span> <select id="lang" name="lang"><option value="en">English</option><option value="ko">한국어</option></select></label>
  <label class="slider"><span data-t="scenario">Scenario premium (%)</span>
    <input id="scenario" name="scenario" type="range" min="-10" max="40" step="0.5" value="15">
    <output id="scenario-value" for="scenario">15.0%</output></label>
</form>
<section class="kpis" aria-live="polite">
  <div class="kpi"><div class="kpi-label" data-t="kpiWorkers">AI-skilled workers (weighted)</div><div class="kpi-value" id="kpi-workers">—</div></div>
  <div class="kpi"><div class="kpi-label" data-t="kpiPremium">AI wage premium</div><div class="kpi-value" id="kpi-premium">—</div></div>
  <div class="kpi"><div class="kpi-label" data-t="kpiAbroad">AI workers abroad (share of origin)</div><div class="kpi-value" id="kpi-abroad">—</div></div>
</section>
<p id="scenario-text" class="scenario-text" aria-live="polite"></p>
<main id="charts" class="charts"></main>
<footer>
  <p data-t="footer">Aggregates only; cells counting fewer persons than the disclosure threshold are blank.</p>
  <p>API: <code>/api/tables</code>, <code>/api/tables/:name?country=KR&amp;year=2024&amp;group=ai</code>, <code>/api/scenario?premium=15</code></p>
</footer>
</body>
</html>
`;
}
