-- The `by` groups with a dense id; the `keep` filter restricts them to the groups asked for (the
-- filter comes before the numbering).
CREATE TEMP TABLE {{groups}} AS
SELECT (row_number() OVER (ORDER BY {{by}}) - 1)::INTEGER AS gid, t.*
FROM {{keys}} AS t
WHERE set_id = {{setId}} AND {{keep}}
