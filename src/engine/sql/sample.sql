-- The estimation sample: group id, y and x centred on their group's weighted mean (better
-- conditioned X'WX; slopes and their variance are unchanged as the intercept absorbs the
-- shift), weight (of a weighted model: `w` is empty otherwise), fixed effects as dense level codes, cluster values. Groups with a NULL
-- cluster value in the sample are left out (ClusterNullError).
CREATE TEMP TABLE {{sample}} AS
WITH r AS ({{rows}})
SELECT g.gid, r.y - g.m0 AS y, {{xs}}{{w}}, {{codes}}, {{clusters}}
FROM r
JOIN {{groups}} AS g ON {{byMatch}}
{{levelJoins}}
WHERE r.ok AND g.cluster_nulls = 0
