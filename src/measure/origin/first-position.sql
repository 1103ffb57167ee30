-- Origin rule `first-position`: the country of the user's first position, ordered by
-- (startdate, pid_rank) — the same order as moves — among positions with a country.
CREATE OR REPLACE TABLE origins AS
SELECT uid, (array_agg(country ORDER BY startdate, pid_rank) FILTER (WHERE country IS NOT NULL))[1] AS origin
FROM positions
GROUP BY uid;
