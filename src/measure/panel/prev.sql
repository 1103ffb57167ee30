-- The year-end stock (uid, year, country, grp) for a few extra years {{years}} (mobility's
-- t − 1 stocks that are not study years): the primary position of each user at each of
-- those years by the packed key of query.sql, over the positions active in them only; grp
-- is the user's group ({{grp}}: with --skill-dating first-reported the status at the end
-- of the year, users_ai.ai_since, joined by {{aiJoin}}).
CREATE OR REPLACE TEMP TABLE {{table}} AS
WITH act AS (
  SELECT uid, country,
         (startdate - DATE '0001-01-01')::BIGINT * 17179869184 + pid_rank AS k,
         CAST(unnest(generate_series(
           greatest(CAST(extract(year FROM startdate) AS INTEGER), {{ymin}}),
           CAST(least(CASE WHEN enddate IS NULL THEN {{ymax}}
                           WHEN extract(month FROM enddate) = 12 AND extract(day FROM enddate) = 31 THEN extract(year FROM enddate)
                           ELSE extract(year FROM enddate) - 1 END, {{ymax}}) AS INTEGER))) AS INTEGER) AS year
  FROM positions
  WHERE extract(year FROM startdate) <= {{ymax}} AND (enddate IS NULL OR extract(year FROM enddate) >= {{ymin}})
), prim AS (
  -- the active position with the largest key (among those with a country)
  SELECT uid, year, max(CASE WHEN country IS NOT NULL THEN k END) AS k
  FROM act
  WHERE year IN (SELECT unnest({{years}}))
  GROUP BY uid, year
)
SELECT pr.uid, pr.year, p.country, {{grp}} AS grp
FROM prim pr
LEFT JOIN positions p ON p.uid = pr.uid AND p.pid_rank = pr.k % 17179869184
LEFT JOIN panel_user pu ON pu.uid = pr.uid
{{aiJoin}};
