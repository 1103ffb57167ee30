-- fitFamilies: one family's groups as unions of cells: each cell's group id (fgid),
-- numbered as groups.sql numbers a split's groups (the family's `by` values in order, NULL
-- last), the `keep` filter (onlyGroups) before the numbering.
SELECT gid AS cid, (dense_rank() OVER (ORDER BY {{by}}) - 1)::INTEGER AS fgid
FROM {{cells}} AS t
WHERE {{keep}}
ORDER BY cid
