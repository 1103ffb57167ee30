-- Shared mode: the outer keys (every `by` column but the last) with a dense id and the
-- weighted means of y and x over all their rows, shared and own.
CREATE TEMP TABLE {{outer}} AS
SELECT (row_number() OVER (ORDER BY {{outerBy}}) - 1)::INTEGER AS oid, *
FROM {{keys}}
WHERE set_id = {{setOuter}}
