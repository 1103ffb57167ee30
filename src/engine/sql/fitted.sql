-- Per row: the weight (of a weighted model), the residual e = y − Xb and, for each reported coefficient j, the
-- leverage term h_j = a_j'X_i with a_j the row j of (X'WX)⁻¹. The coefficients come
-- either inlined with DOUBLE[] parameters indexed by level code (one group) or from small
-- coefficient tables joined by group and level code (a split). The fence (`/* fence */`, see
-- src/db/dialect.ts) keeps PostgreSQL from repeating e and each h_j, sums of many terms,
-- in every aggregate that reads them. `where`: empty, or the range of groups of one batch
-- of the cluster pass (FitOptions.scoreBatchRows). `gid` and `y`: the sample's (s.gid,
-- s.y), or, when the sample's gid is a cell of fitFamilies, the group and the cell's offset
-- from the coefficient table joined by cell (cs.gid, s.y + cs.d0).
SELECT {{gid}} AS gid, {{clusters}}{{w}}, {{y}} - ({{xb}}) AS e, {{h}}
FROM {{sample}} AS s
{{joins}}
{{where}}
/* fence */
