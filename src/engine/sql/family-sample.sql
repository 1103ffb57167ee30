-- fitFamilies: one family's sample for its residual and score passes, from the shared
-- sample (centred on each cell's means) through the family's cell map (mp: cell id → group
-- id and the offsets d_i = cell mean − group mean, so y + d0 and x_i + d_{i+1} are centred
-- on the group's means), with the family's effects and clusters as f0…, c0…: the columns
-- of sample.sql. Only the cells of the groups being scored are in the map. A table, not a
-- view: read through the map join, DuckDB underestimates the rows and builds its hash
-- tables on them rather than on the coefficient tables (measured 5× slower).
CREATE TEMP TABLE {{target}} AS
SELECT mp.gid, {{cols}}
FROM {{sample}} AS s
JOIN {{map}} AS mp ON mp.cid = s.gid
