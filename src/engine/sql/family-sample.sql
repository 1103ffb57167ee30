-- fitFamilies: one family's sample for its residual and score passes, read from the shared
-- sample (centred on each cell's means) through the family's cell map (mp: cell id → group
-- id and the offsets d_i = cell mean − group mean, so y + d0 and x_i + d_{i+1} are centred
-- on the group's means), with the family's effects and clusters as f0…, c0…. Only the
-- cells of the groups being scored are in the map; `cellRange` narrows the scan to the
-- cells of one batch of groups.
SELECT mp.gid, {{cols}}
FROM {{sample}} AS s
JOIN {{map}} AS mp ON mp.cid = s.gid
{{cellRange}}
