-- The year-end panel: one row per user and year t (of {{years}}) with a primary position
-- at t. Active at t: startdate <= t-12-31 and (enddate IS NULL or enddate >= t-12-31), so
-- a position is active in the years y0 = year(startdate) .. y1 = year(enddate) when it
-- ends on 31 December, else year(enddate) − 1, and to the last year when open-ended. The
-- primary position of (uid, t) is the active one with the largest (startdate, pid_rank),
-- i.e. the active one that no later position (in that order) is also active at.
--
-- One window pass over `positions` (partitioned by uid, ordered by (startdate, pid_rank))
-- gives each position the first year of the next position, y0next. Every later position
-- starts in y0next or after, so a position is primary in all its active years before
-- y0next (its "head"; heads of a user are disjoint). Only the years from y0next on (its
-- "tail", when it is still active then: overlapping positions) need a check against the
-- later positions of the user; tails are few, so that join is small. The order is packed
-- into one BIGINT k = days(startdate − 0001-01-01) · 2^34 + pid_rank.
--
-- Written: panel_pos (the pass's columns of every position; after panel_core is built only
-- those job_changes reads are kept) and the view job_changes over it (read by flows, mobility
-- and sensitivity; built only here: a view, so the pass's rows are not copied), panel_user
-- (per user: first start, group, origin and its code, degree), panel_codes (dictionary: country, role
-- and industry values → small integer codes; countries of positions and origins share
-- one code list, view panel_country), panel_core (what the stock indicators read, all
-- numeric so that its 20-odd million rows are cheap to write and to group: uid, year,
-- pid_rank, weight; the position's country, role and industry codes cc, rc, ic and raw
-- seniority sen; ai ({{ai}}: the user's group is `ai`, or with --skill-dating
-- first-reported the user is AI-skilled at the end of the year, users_ai.ai_since <=
-- 31 December, joined by {{aiJoin}}); oc, the origin's country code; moves_next:
-- the user starts a position in year + 1, mobility's turnover) and the view `panel`
-- (ARCHITECTURE.md's columns: the core joined to positions and panel_user; role_code and
-- industry_code are rc and ic, for the regressions' fixed effects). The measures
-- aggregate panel_core by codes and turn codes back into names on the aggregated rows.
--
-- moves_next: in a head year t < y0next − 1 no position of the user starts in t + 1 (the
-- later ones start in y0next or after, the earlier ones by y0); in the last head year
-- t = y0next − 1 the next position does. A tail year needs the check against the user's
-- positions, done in the same join as `beaten`.
-- Codes 0, 1, … per dimension (a NULL country is a value of its own; a NULL role,
-- industry or origin has no code).
CREATE OR REPLACE TABLE panel_codes AS
SELECT dim, v, CAST(row_number() OVER (PARTITION BY dim ORDER BY v COLLATE "C" NULLS LAST) - 1 AS INTEGER) AS code
FROM (
  SELECT 'country' AS dim, country::VARCHAR AS v FROM positions
  UNION SELECT 'country', origin::VARCHAR FROM origins WHERE origin IS NOT NULL
  UNION ALL SELECT DISTINCT 'role', {{role}}::VARCHAR FROM positions p WHERE {{role}} IS NOT NULL
  UNION ALL SELECT DISTINCT 'industry', {{industry}}::VARCHAR FROM positions p WHERE {{industry}} IS NOT NULL
) vals;

CREATE OR REPLACE VIEW panel_country AS
SELECT code, v AS country FROM panel_codes WHERE dim = 'country';

CREATE OR REPLACE TABLE panel_pos AS
SELECT p.uid, p.pid_rank,
       (p.startdate - DATE '0001-01-01')::BIGINT * 17179869184 + p.pid_rank AS k,
       CAST(extract(year FROM p.startdate) AS INTEGER) AS y0,
       CAST(least(CASE WHEN p.enddate IS NULL THEN {{ymax}}
                       WHEN extract(month FROM p.enddate) = 12 AND extract(day FROM p.enddate) = 31 THEN extract(year FROM p.enddate)
                       ELSE extract(year FROM p.enddate) - 1 END, {{ymax}}) AS INTEGER) AS y1,
       CAST(extract(year FROM lead(p.startdate) OVER w) AS INTEGER) AS y0next,
       lag(p.country) OVER w AS from_country,
       lag(coalesce(p.weight, 1.0)::DOUBLE) OVER w AS from_weight,
       p.country,
       coalesce(p.weight, 1.0)::DOUBLE AS weight,
       c.code AS cc, r.code AS rc, i.code AS ic, p.seniority AS sen
FROM positions p
-- rendered as a hashable equality on PostgreSQL (src/db/dialect.ts)
JOIN (SELECT v, code FROM panel_codes WHERE dim = 'country') c ON c.v IS NOT DISTINCT FROM p.country::VARCHAR
LEFT JOIN (SELECT v, code FROM panel_codes WHERE dim = 'role') r ON r.v = {{role}}::VARCHAR
LEFT JOIN (SELECT v, code FROM panel_codes WHERE dim = 'industry') i ON i.v = {{industry}}::VARCHAR
WINDOW w AS (PARTITION BY p.uid ORDER BY p.startdate, p.pid_rank);

CREATE OR REPLACE TABLE panel_user AS
-- One row per user with everything the panel takes from the user.
SELECT f.uid, f.first_start, coalesce(a.grp, 'non_ai') AS grp, coalesce(a.is_ai, false) AS is_ai,
       o.origin, oc.code AS oc, u.highest_degree
FROM (SELECT uid, min(startdate) AS first_start FROM positions GROUP BY uid) f
LEFT JOIN users_ai a ON a.uid = f.uid
LEFT JOIN origins o ON o.uid = f.uid
LEFT JOIN panel_country oc ON oc.country = o.origin
LEFT JOIN users u ON u.uid = f.uid;

CREATE OR REPLACE TEMP TABLE tf_tail AS
-- Tail years: active, but a later position has started by then.
SELECT uid, pid_rank, k, weight, cc, rc, ic, sen,
       CAST(unnest(generate_series(greatest(y0next, {{ymin}}), y1)) AS INTEGER) AS year
FROM panel_pos
WHERE y0next IS NOT NULL AND y1 >= y0next AND y1 >= {{ymin}};

CREATE OR REPLACE TABLE panel_core AS
WITH tail_flags AS (
  -- per tail year: a later position of the user is active too (beaten); one starts in year + 1
  SELECT t.pid_rank, t.year,
         bool_or(q.k > t.k AND q.y0 <= t.year AND q.y1 >= t.year) AS beaten,
         bool_or(q.y0 = t.year + 1) AS moves_next
  FROM tf_tail t JOIN panel_pos q ON q.uid = t.uid
  GROUP BY t.pid_rank, t.year
), prim AS (
  SELECT uid, pid_rank, weight, cc, rc, ic, sen, year, year + 1 = y0next AS moves_next
  FROM (
    SELECT panel_pos.*, CAST(unnest(generate_series(greatest(y0, {{ymin}}), least(y1, coalesce(y0next - 1, {{ymax}})))) AS INTEGER) AS year
    FROM panel_pos
    WHERE y0 <= {{ymax}} AND y1 >= {{ymin}}
  ) heads
  UNION ALL
  SELECT t.uid, t.pid_rank, t.weight, t.cc, t.rc, t.ic, t.sen, t.year, f.moves_next
  FROM tf_tail t JOIN tail_flags f ON f.pid_rank = t.pid_rank AND f.year = t.year
  WHERE NOT f.beaten
)
SELECT pr.uid, pr.year, pr.pid_rank, pr.weight, pr.cc, pr.rc, pr.ic, pr.sen, {{ai}} AS ai, pu.oc,
       coalesce(pr.moves_next, false) AS moves_next
FROM prim pr
JOIN panel_user pu ON pu.uid = pr.uid
{{aiJoin}}
WHERE {{allYears}} OR pr.year IN (SELECT unnest({{years}}));

DROP TABLE IF EXISTS tf_tail;

-- The same pass gives job_changes: every position q with a predecessor p in the user's
-- positions ordered by (startdate, pid_rank), dated by the year of startdate(q), with q's
-- pid_rank, p's weight (from_weight) and q's (weight), missing → 1; a move is a job change
-- with from_country <> to_country. All years are kept, whatever the study years. A view
-- over panel_pos, which keeps only the columns it reads (one column a statement: DuckDB
-- alters one at a time; the kept columns are not copied).
ALTER TABLE panel_pos DROP COLUMN k;
ALTER TABLE panel_pos DROP COLUMN y1;
ALTER TABLE panel_pos DROP COLUMN y0next;
ALTER TABLE panel_pos DROP COLUMN cc;
ALTER TABLE panel_pos DROP COLUMN rc;
ALTER TABLE panel_pos DROP COLUMN ic;
ALTER TABLE panel_pos DROP COLUMN sen;

CREATE OR REPLACE VIEW job_changes AS
SELECT uid, y0 AS year, from_country, country AS to_country, pid_rank, from_weight, weight
FROM panel_pos
WHERE from_country IS NOT NULL;

CREATE OR REPLACE VIEW panel AS
SELECT c.uid,
       c.year,
       p.country,
       p.position_id,
       c.pid_rank,
       p.startdate,
       p.enddate,
       p.rcid,
       {{role}}::VARCHAR AS role,
       {{industry}}::VARCHAR AS industry,
       c.rc AS role_code,
       c.ic AS industry_code,
       p.seniority,
       p.salary,
       c.weight,
       CAST(p.startdate - pu.first_start AS DOUBLE) / 365.25 AS exp_years,
       CAST(extract(year FROM p.startdate) AS INTEGER) AS start_year,
       CASE WHEN c.ai THEN 'ai' ELSE 'non_ai' END AS grp,
       c.ai AS is_ai,
       pu.origin,
       pu.highest_degree
FROM panel_core c
JOIN positions p ON p.pid_rank = c.pid_rank
JOIN panel_user pu ON pu.uid = c.uid;
