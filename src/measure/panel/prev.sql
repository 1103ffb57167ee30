-- The year-end stock (uid, year, country, grp) for a few extra years {{years}} (mobility's
-- t − 1 stocks that are not study years): the primary position of each user at each of
-- those years by the packed key of query.sql, over the positions active in them only; grp
-- is the user's group ({{grp}}: with --skill-dating first-reported the status at the end
-- of the year, users_ai.ai_since, joined by {{aiJoin}}).
CREATE OR REPLACE TEMP TABLE {{table}} AS
WITH act AS (
  SELECT uid, country,
         (startdate - DATE '0001-01-01')::BIGINT * 17179869184 + pid_rank AS k,
         unnest(range(greatest(year(startdate), {{ymin}}),
                      least(CASE WHEN enddate IS NULL THEN {{ymax}}
                                 WHEN month(enddate) = 12 AND day(enddate) = 31 THEN year(enddate)
                                 ELSE year(enddate) - 1 END, {{ymax}}) + 1))::INTEGER AS year
  FROM positions
  WHERE year(startdate) <= {{ymax}} AND (enddate IS NULL OR year(enddate) >= {{ymin}})
), prim AS (
  SELECT uid, year, arg_max(country, k) AS country
  FROM act
  WHERE year IN (SELECT unnest({{years}}))
  GROUP BY uid, year
)
SELECT pr.uid, pr.year, pr.country, {{grp}} AS grp
FROM prim pr LEFT JOIN panel_user pu ON pu.uid = pr.uid
{{aiJoin}};
