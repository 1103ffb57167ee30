-- The grid every stock and flow table publishes, zero rows included: the study years
-- (yrs), every country of the positions table (countries) and both groups (grps), as CTEs
-- for a measure's WITH clause.
yrs AS (
  SELECT unnest({{years}})::INTEGER AS year
), countries AS (
  SELECT DISTINCT country FROM positions
), grps AS (
  SELECT unnest(ARRAY['ai', 'non_ai']) AS grp
)
