-- A Revelio-like synthetic database for the indicators benchmark: {{users}} users with
-- 4–14 positions each (about 9 on average), careers starting 1990–2019 in one of 16
-- countries with skewed sizes, ~12% of positions abroad, some overlapping and open-ended
-- positions, 1–3 education records (some undated), 12% AI users. Pseudo-random numbers
-- are hashes of (seed, key, tag), so the data are the same on every run.
CREATE OR REPLACE MACRO rnd(a, b, tag) AS (hash({{seed}}, a, b, tag) % 1000000) / 1000000.0;
CREATE OR REPLACE MACRO pick_country(r) AS (CASE WHEN r < 0.3 THEN 'US' WHEN r < 0.42 THEN 'IN' WHEN r < 0.5 THEN 'GB' WHEN r < 0.57 THEN 'DE' WHEN r < 0.63 THEN 'FR' WHEN r < 0.68 THEN 'CA' WHEN r < 0.73 THEN 'KR' WHEN r < 0.77 THEN 'JP' WHEN r < 0.82 THEN 'CN' WHEN r < 0.86 THEN 'BR' WHEN r < 0.89 THEN 'AU' WHEN r < 0.92 THEN 'NL' WHEN r < 0.94 THEN 'SG' WHEN r < 0.96 THEN 'IL' WHEN r < 0.98 THEN 'ES' ELSE 'IT' END);

CREATE OR REPLACE TABLE bench_u AS
SELECT u::INTEGER AS uid,
       pick_country(rnd(u, 0, 'home')) AS home,
       4 + (hash({{seed}}, u, 'n') % 11)::INTEGER AS n_pos,
       DATE '1990-01-01' + (rnd(u, 0, 'start') * 30 * 365)::INTEGER AS career_start
FROM range(1, {{users}} + 1) r(u);

CREATE OR REPLACE TABLE positions AS
WITH p AS (
  SELECT u.uid, u.home, u.n_pos, k,
         u.career_start + ((k * (DATE '2024-12-31' - u.career_start)) // u.n_pos)::INTEGER
           + CASE WHEN k = 0 THEN 0 ELSE (rnd(u.uid, k, 'jit') * 60)::INTEGER END AS startdate,
         u.career_start + (((k + 1) * (DATE '2024-12-31' - u.career_start)) // u.n_pos)::INTEGER
           + (rnd(u.uid, k + 1, 'jit') * 60)::INTEGER AS next_start
  FROM bench_u u, LATERAL (SELECT unnest(range(u.n_pos)) AS k)
)
SELECT uid,
       'P' || (uid::BIGINT * 32 + k)::VARCHAR AS position_id,
       (uid::BIGINT * 32 + k) AS pid_rank,
       (k + 1)::INTEGER AS position_number,
       startdate,
       CASE WHEN k = n_pos - 1 THEN CASE WHEN rnd(uid, k, 'open') < 0.7 THEN NULL ELSE DATE '2024-12-31' - (rnd(uid, k, 'e') * 400)::INTEGER END
            WHEN rnd(uid, k, 'ovl') < 0.15 THEN next_start + (rnd(uid, k, 'o') * 500)::INTEGER
            ELSE next_start - 1 END AS enddate,
       CASE WHEN rnd(uid, k, 'abroad') < 0.12
            THEN pick_country(rnd(uid, k, 'dest'))
            ELSE home END AS country,
       'C' || (hash({{seed}}, uid, k, 'firm') % 200000)::VARCHAR AS rcid,
       NULL::VARCHAR AS company,
       NULL::VARCHAR AS role_k50,
       'role ' || (hash({{seed}}, uid, k, 'role') % 150)::VARCHAR AS role_k150,
       NULL::VARCHAR AS role_k1500,
       NULL::VARCHAR AS role_k17000_v3,
       NULL::VARCHAR AS onet_code,
       CASE WHEN rnd(uid, k, 'sn') < 0.05 THEN NULL ELSE least(7, 1 + k // 2)::INTEGER END AS seniority,
       30000 + rnd(uid, k, 'sal') * 150000 AS salary,
       0.2 + rnd(uid, k, 'w') * 3 AS weight,
       'industry ' || (hash({{seed}}, uid, k, 'ind') % 50)::VARCHAR AS rics_k50,
       NULL::VARCHAR AS naics_code
FROM p
WHERE startdate <= DATE '2024-12-31';

CREATE OR REPLACE TABLE users AS
SELECT uid, home AS user_country,
       ['High School', 'Bachelor', 'Master', 'Doctor', 'MBA', NULL][1 + (hash({{seed}}, uid, 'deg') % 6)::INTEGER] AS highest_degree,
       NULL::VARCHAR AS sex_predicted
FROM bench_u;

CREATE OR REPLACE TABLE education AS
SELECT u.uid, (e + 1)::INTEGER AS education_number,
       'University ' || (hash({{seed}}, u.uid, e, 'uni') % 5000)::VARCHAR AS university_name,
       CASE WHEN rnd(u.uid, e, 'uc') < 0.85 THEN u.home
            ELSE pick_country(rnd(u.uid, e, 'ucd')) END AS university_country,
       ['Bachelor of Science', 'B.Sc.', 'BA', 'Master of Science', 'MBA', 'PhD', '학사'][1 + (hash({{seed}}, u.uid, e, 'dg') % 7)::INTEGER] AS degree,
       ['Computer Science', 'Economics', 'Physics', 'Mathematics', 'Business', 'Engineering'][1 + (hash({{seed}}, u.uid, e, 'f') % 6)::INTEGER] AS field,
       CASE WHEN rnd(u.uid, e, 'ud') < 0.1 THEN NULL ELSE u.career_start - (365 * (4 - e))::INTEGER END AS startdate,
       CASE WHEN rnd(u.uid, e, 'ud') < 0.1 THEN NULL ELSE u.career_start - (365 * (3 - e))::INTEGER END AS enddate
FROM bench_u u, LATERAL (SELECT unnest(range(1 + (hash({{seed}}, u.uid, 'ne') % 3)::INTEGER)) AS e)
WHERE rnd(u.uid, 0, 'noedu') >= 0.08;

CREATE OR REPLACE TABLE ai_skills AS
SELECT DISTINCT u.uid,
       ['artificial intelligence', 'machine learning', 'deep learning', 'natural language processing', 'computer vision',
        'pattern recognition', 'signal processing', 'neuroscience', 'big data', 'cloud computing', 'data mining',
        'robotics'][1 + (hash({{seed}}, u.uid, s, 'sk') % 12)::INTEGER] AS skill,
       'core' AS subfield, DATE '0001-01-01' AS since
FROM bench_u u, LATERAL (SELECT unnest(range(1 + (hash({{seed}}, u.uid, 'ns') % 3)::INTEGER)) AS s)
WHERE rnd(u.uid, 0, 'ai') < 0.12;

CREATE OR REPLACE TABLE users_ai AS
SELECT u.uid, coalesce(a.n, 0)::INTEGER AS n_ai_skills, coalesce(a.n, 0) >= 1 AS is_ai,
       CASE WHEN coalesce(a.n, 0) >= 1 THEN 'ai' ELSE 'non_ai' END AS grp,
       CASE WHEN coalesce(a.n, 0) >= 1 THEN DATE '0001-01-01' END AS ai_since
FROM bench_u u LEFT JOIN (SELECT uid, count(*) AS n FROM ai_skills GROUP BY uid) a USING (uid);

CREATE OR REPLACE TABLE columns_present AS
SELECT 'positions' AS tbl, unnest(['position_number', 'enddate', 'rcid', 'role_k150', 'seniority', 'salary', 'weight', 'rics_k50']) AS col
UNION ALL
SELECT 'education', unnest(['education_number', 'university_name', 'university_country', 'degree', 'field', 'startdate', 'enddate'])
UNION ALL
SELECT 'users', 'highest_degree';

DROP TABLE bench_u;
DROP MACRO rnd;
DROP MACRO pick_country;
