-- The levels of one fixed effect in the sample, in sort order, NULL its own last level.
CREATE TEMP TABLE {{levels}} AS
SELECT {{col}} AS v, (row_number() OVER (ORDER BY {{col}} NULLS LAST) - 1)::INTEGER AS code,
  coalesce(CAST({{col}} AS VARCHAR), 'NA') AS label
FROM {{keys}}
WHERE set_id = {{setId}} AND n > 0
