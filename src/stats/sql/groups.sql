-- The `by` groups with a dense id and their label (values joined with '|').
CREATE TEMP TABLE {{groups}} AS
SELECT (row_number() OVER (ORDER BY {{by}}) - 1)::INTEGER AS gid,
  concat_ws('|', {{labels}}) AS label, *
FROM {{keys}}
WHERE set_id = {{setId}}
