-- The `by` groups with a dense id and their label (values joined with '|'); {{keep}}
-- restricts them to the groups asked for (the filter comes before the numbering).
CREATE TEMP TABLE {{groups}} AS
SELECT (row_number() OVER (ORDER BY {{by}}) - 1)::INTEGER AS gid,
  concat_ws('|', {{labels}}) AS label, *
FROM {{keys}}
WHERE set_id = {{setId}} AND {{keep}}
