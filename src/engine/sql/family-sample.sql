-- fitFamilies: one family's sample for its residual and score passes, read from the shared
-- sample (centred on each cell's means) with the family's effects and clusters as f0…,
-- c0… (the columns of sample.sql): each row's group id and the offsets d_i = cell mean −
-- group mean (so y + d0 and x_i + d_{i+1} are centred on the group's means) are elements of
-- DOUBLE[] parameters indexed by cell id, group −1 for a cell of no group being scored.
-- Parameters, not a join to a map table: through such a join DuckDB underestimated the rows
-- and built its hash tables on them rather than on the coefficient tables (4× slower).
-- `cellRange`: the cells of one batch of groups (the shared sample is stored in source
-- order, so a range of cell ids skips the other rows' blocks).
SELECT {{gid}} AS gid, {{cols}}
FROM {{sample}} AS s
WHERE {{live}} >= 0{{cellRange}}
