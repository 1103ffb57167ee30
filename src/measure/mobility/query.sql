-- mobility(c, t, group): the counts behind each rate; the TypeScript side blanks rates
-- whose counts are small and drops the count columns.
--   turnover: base = users whose primary position at t−1 is in c (panel, or panel_prev for
--     a t−1 that is not a study year: the year before the first, gaps), movers = those of
--     them who start a position during t (a job change dated t; every position starting
--     in t follows the one held at t−1): the panel's moves_next flag, or for panel_prev's
--     few rows a look-up in job_changes.
--   foreign job change: job changes dated t whose previous position was in c; foreign =
--     those whose new side is not c: the new position's country (jc-location.sql), or
--     with --foreign-by employer its employer's headquarters (jc-employer.sql); a change
--     whose new side is unknown (`known` false) is counted apart (jc_unknown) and left out.
--   net per 10,000: net(c, t, group) / headcount(c, t, all) × 10,000, where net is the
--     group's moves into c minus out of c and the headcount counts both groups, so the
--     two group rows add up to the country's total rate.
WITH {{grid}}, starters AS (
  SELECT DISTINCT uid, year FROM job_changes WHERE year IN (SELECT year + 1 FROM panel_prev)
), prev AS (
  SELECT k.country, a.year, CASE WHEN a.ai THEN 'ai' ELSE 'non_ai' END AS grp, a.t_base, a.t_movers
  FROM (SELECT cc, t AS year, ai, count(*) AS t_base, count(*) FILTER (WHERE moves_next) AS t_movers
        FROM (SELECT cc, year + 1 AS t, ai, moves_next FROM panel_core) n
        WHERE t IN (SELECT year FROM yrs) GROUP BY cc, t, ai) a
  JOIN panel_country k ON k.code = a.cc
  UNION ALL
  SELECT p.country, p.year + 1, p.grp, count(*), count(s.uid)
  FROM panel_prev p LEFT JOIN starters s ON s.uid = p.uid AND s.year = p.year + 1
  WHERE p.year + 1 IN (SELECT year FROM yrs)
  GROUP BY p.country, p.year + 1, p.grp
), turnover AS (
  SELECT country, year, grp, sum(t_base)::BIGINT AS t_base, sum(t_movers)::BIGINT AS t_movers
  FROM prev
  GROUP BY country, year, grp
), jc AS (
  {{jc}}
), changes AS (
  SELECT from_country AS country, year, grp,
         count(*) FILTER (WHERE known) AS jc_all,
         count(*) FILTER (WHERE known AND to_side <> from_country) AS jc_foreign,
         count(*) FILTER (WHERE NOT known) AS jc_unknown,
         count(*) FILTER (WHERE to_country <> from_country) AS n_out
  FROM jc GROUP BY from_country, year, grp
), inflow AS (
  SELECT to_country AS country, year, grp, count(*) AS n_in
  FROM jc WHERE to_country <> from_country GROUP BY to_country, year, grp
), hc AS (
  SELECT k.country, a.year, a.hc_all
  FROM (SELECT cc, year, count(*) AS hc_all FROM panel_core GROUP BY cc, year) a
  JOIN panel_country k ON k.code = a.cc
)
SELECT c.country, y.year, g.grp AS "group",
       coalesce(t.t_base, 0) AS t_base,
       coalesce(t.t_movers, 0) AS t_movers,
       coalesce(ch.jc_all, 0) AS jc_all,
       coalesce(ch.jc_foreign, 0) AS jc_foreign,
       coalesce(i.n_in, 0) AS n_in,
       coalesce(ch.n_out, 0) AS n_out,
       coalesce(ch.jc_unknown, 0) AS jc_unknown,
       coalesce(h.hc_all, 0) AS hc_all,
       CAST(t.t_movers AS DOUBLE) / t.t_base AS turnover_rate,
       CAST(ch.jc_foreign AS DOUBLE) / nullif(ch.jc_all, 0) AS foreign_job_change_share,
       CAST(coalesce(i.n_in, 0) - coalesce(ch.n_out, 0) AS DOUBLE) / h.hc_all * 10000 AS net_per_10k
FROM countries c CROSS JOIN yrs y CROSS JOIN grps g
LEFT JOIN turnover t ON t.country = c.country AND t.year = y.year AND t.grp = g.grp
LEFT JOIN changes ch ON ch.country = c.country AND ch.year = y.year AND ch.grp = g.grp
LEFT JOIN inflow i ON i.country = c.country AND i.year = y.year AND i.grp = g.grp
LEFT JOIN hc h ON h.country = c.country AND h.year = y.year
ORDER BY c.country COLLATE "C", y.year, g.grp;
