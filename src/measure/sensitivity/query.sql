-- The headline figures of one classification (its users table {{users_ai}}, in the shape
-- of users_ai) on the panel and the job changes: one row of counts; the TypeScript side
-- suppresses and reshapes. {{focus}} is the focus country, {{first}}/{{last}} the first
-- and last study years, {{threshold}} the smallest AI headcount for a country to count as
-- having AI users. A user is in the ai group of a year from the end of the year their
-- ai_since falls in (always, when AI status is timeless).
WITH pa AS (
  SELECT p.year, p.country, p.origin, p.weight,
         CASE WHEN a.ai_since <= make_date(p.year, 12, 31) THEN 'ai' ELSE 'non_ai' END AS grp
  FROM panel p LEFT JOIN {{users_ai}} a ON a.uid = p.uid
  WHERE p.year IN ({{first}}, {{last}})
), hc AS (
  SELECT count(*) FILTER (WHERE year = {{first}} AND grp = 'ai') AS ai_first,
         coalesce(exact_sum(CASE WHEN year = {{first}} AND grp = 'ai' THEN weight END), 0) AS ai_first_w,
         count(*) FILTER (WHERE year = {{last}} AND grp = 'ai') AS ai_last,
         coalesce(exact_sum(CASE WHEN year = {{last}} AND grp = 'ai' THEN weight END), 0) AS ai_last_w,
         count(*) FILTER (WHERE year = {{last}}) AS all_last,
         coalesce(exact_sum(CASE WHEN year = {{last}} THEN weight END), 0) AS all_last_w
  FROM pa WHERE country = {{focus}}
), ab AS (
  SELECT count(*) AS ab_persons,
         count(*) FILTER (WHERE country <> origin) AS ab_abroad,
         coalesce(exact_sum(weight), 0) AS ab_persons_w,
         coalesce(exact_sum(CASE WHEN country <> origin THEN weight END), 0) AS ab_abroad_w
  FROM pa WHERE year = {{last}} AND origin = {{focus}} AND grp = 'ai'
), fl AS (
  SELECT count(*) FILTER (WHERE j.to_country = {{focus}}) AS fl_in,
         count(*) FILTER (WHERE j.from_country = {{focus}}) AS fl_out,
         coalesce(exact_sum(CASE WHEN j.to_country = {{focus}} THEN j.weight END), 0) AS fl_in_w,
         coalesce(exact_sum(CASE WHEN j.from_country = {{focus}} THEN j.from_weight END), 0) AS fl_out_w
  FROM job_changes j JOIN {{users_ai}} a ON a.uid = j.uid
  WHERE a.ai_since <= make_date(j.year, 12, 31) AND j.year = {{last}} AND j.from_country <> j.to_country
    AND (j.from_country = {{focus}} OR j.to_country = {{focus}})
), nc AS (
  SELECT count(*) AS n_countries
  FROM (SELECT country FROM pa WHERE year = {{last}} AND grp = 'ai' GROUP BY country HAVING count(*) >= {{threshold}}) countries
), users AS (
  SELECT count(*) FILTER (WHERE grp = 'ai') AS ai_users FROM {{users_ai}}
)
SELECT * FROM hc, ab, fl, nc, users;
