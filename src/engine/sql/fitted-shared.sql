-- Shared mode, two-way cluster pass (scores-cluster2-shared.sql): one row per sample row of
-- the batch (not one per group it belongs to), with the residual e{slot} and the leverage
-- terms h{j}_{slot} of every group of its outer key as columns, by the group's slot (its
-- place among the outer key's groups): an own row fills its group's slot only, a shared row
-- every solved group's. Each slot's e and h are computed as in fitted.sql, from the same
-- coefficients in the same order: the same doubles. The coefficients come from wide tables
-- joined by outer id (and level code). The fence: see fitted.sql.
SELECT s.oid, {{clusters}}, {{scores}}
FROM {{sample}} AS s
{{joins}}
WHERE {{where}}
/* fence */
