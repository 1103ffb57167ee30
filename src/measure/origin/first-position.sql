-- Origin rule `first-position`: the country of the user's first position, ordered by
-- (startdate, pid_rank) — the same order as moves.
CREATE OR REPLACE TABLE origins AS
SELECT uid, arg_min(country, (startdate, pid_rank)) AS origin
FROM positions
GROUP BY uid;
