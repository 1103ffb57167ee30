-- Shared mode: the estimation sample unstacked. Own rows carry their group id; shared
-- rows (last `by` value NULL) carry gid NULL and their outer id, and stand for every group
-- of that outer key (the aggregates below expand them). Centred on the outer key's means.
-- Shared rows of an outer key with no group to fit (every group left out by onlyGroups)
-- serve no group: they are left out.
CREATE TEMP TABLE {{sample}} AS
WITH r AS ({{rows}})
SELECT g.gid, o.oid, r.y - o.m0 AS y, {{xs}}{{w}}, {{codes}}, {{clusters}}
FROM r
JOIN {{outer}} AS o ON {{outerMatch}}
LEFT JOIN {{groups}} AS g ON {{byMatch}}
{{levelJoins}}
WHERE r.ok AND (g.gid IS NOT NULL OR (r.{{last}} IS NULL AND o.oid IN (SELECT oid FROM {{groups}})))
