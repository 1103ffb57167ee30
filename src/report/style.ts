/**
 * The report page's inline CSS (screen and print) and its one small script (the language
 * switch). No font or script is loaded from anywhere: system font stack only.
 */
import { FONT } from './charts.ts';
import type { Lang } from './i18n.ts';

export const REPORT_CSS = `
:root{--ink:#1F2933;--muted:#52606D;--line:#D9E2EC;--focus:#D55E00;--accent:#0072B2;--bg-soft:#F5F7FA}
*{box-sizing:border-box}
html[lang=en] [data-l=ko],html[lang=ko] [data-l=en]{display:none!important}
body{font-family:${FONT};color:var(--ink);line-height:1.5;margin:0 auto;max-width:980px;padding:24px 28px 48px;background:#fff;font-size:15px}
h1{font-size:30px;line-height:1.2;margin:8px 0 4px;letter-spacing:-.01em}
h2{font-size:21px;margin:0 0 8px;line-height:1.3}
h3{font-size:15px;margin:20px 0 6px;color:var(--muted)}
.cover{border-bottom:3px solid var(--ink);padding-bottom:14px;margin-bottom:20px}
.cover .subtitle{font-size:17px;color:var(--muted);margin:0}
.cover .meta{font-size:12px;color:var(--muted);margin:8px 0 0}
.bar{display:flex;justify-content:flex-end}
#lang-toggle{font:inherit;font-size:13px;padding:5px 14px;border:1px solid var(--accent);color:var(--accent);background:#fff;border-radius:4px;cursor:pointer}
#lang-toggle:hover,#lang-toggle:focus{background:var(--accent);color:#fff}
.summary{background:var(--bg-soft);border-left:5px solid var(--focus);padding:14px 20px 8px;margin:0 0 22px}
.summary ul{margin:6px 0 8px;padding-left:20px}
.summary li{margin:0 0 6px}
.toc ol{columns:2;margin:4px 0 0;padding-left:22px;font-size:14px}
.toc a{color:var(--accent);text-decoration:none}
.toc h2{font-size:15px;color:var(--muted)}
.section{border-top:1px solid var(--line);padding-top:22px;margin-top:28px}
.takeaway{font-size:16.5px;font-weight:600;margin:0 0 12px;color:var(--ink)}
figure.chart{margin:10px 0 16px}
figure.chart .svg svg{max-width:100%;height:auto;display:block}
figcaption.source{font-size:12px;color:var(--muted);margin-top:4px;border-top:1px solid var(--line);padding-top:4px}
.pair{display:flex;flex-wrap:wrap;gap:16px 28px;align-items:flex-start}
.pair>*{flex:1 1 420px;min-width:0}
.table-wrap{overflow-x:auto;margin:6px 0 14px}
table.data{border-collapse:collapse;font-size:13px;width:100%;font-variant-numeric:tabular-nums}
table.data caption{text-align:left;font-size:12px;color:var(--muted);padding-bottom:4px}
table.data th{text-align:left;font-weight:600;border-bottom:2px solid var(--ink);padding:4px 8px;vertical-align:bottom}
table.data td{border-bottom:1px solid var(--line);padding:3px 8px}
table.data .n{text-align:right}
p.more,p.small,p.nodata{font-size:12px;color:var(--muted)}
ul.sources{font-size:12px;color:var(--muted);padding-left:18px}
footer{margin-top:32px;border-top:1px solid var(--line);font-size:12px;color:var(--muted)}
@page{size:A4;margin:14mm}
@media print{
  body{max-width:none;padding:0;font-size:11pt}
  .bar,.toc{display:none}
  .section{break-before:page;page-break-before:always;border-top:none;margin-top:0}
  figure.chart,table.data tr,.takeaway{break-inside:avoid;page-break-inside:avoid}
  .summary{break-inside:avoid}
  a{color:inherit;text-decoration:none}
  .table-wrap{overflow:visible}
}
`.trim();

/** The language switch: toggles `<html lang>`; `#lang=ko` in the URL picks the initial language. */
export function REPORT_SCRIPT(titles: Record<Lang, string>): string {
  return `(function(){var T=${JSON.stringify(titles).replace(/</g, '\\u003c')};var h=document.documentElement;function set(l){h.lang=l;document.title=T[l];}var b=document.getElementById('lang-toggle');if(b)b.addEventListener('click',function(){set(h.lang==='ko'?'en':'ko');});var m=/[#&]lang=(en|ko)/.exec(location.hash);set(m?m[1]:(h.lang==='ko'?'ko':'en'));})();`;
}
