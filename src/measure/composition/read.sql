-- composition.csv's rows in contract order, with disclosure control as output/table.ts's
-- suppress() applies it: a category with 1 … {{minCell}}−1 persons has persons, share and
-- the weighted values blanked and suppressed = true ({{minCell}} 0: nothing is blanked).
WITH r AS (
  SELECT *, {{minCell}} > 0 AND persons > 0 AND persons < {{minCell}} AS small FROM tf_comp
)
SELECT country, year, "group", dimension, category,
       CASE WHEN small THEN NULL ELSE persons END AS persons,
       CASE WHEN small THEN NULL ELSE share END AS share,
       CASE WHEN small THEN NULL ELSE persons_weighted END AS persons_weighted,
       CASE WHEN small THEN NULL ELSE share_weighted END AS share_weighted,
       small AS suppressed
FROM r
ORDER BY country, year, "group",
         list_position(['degree', 'field', 'industry', 'role', 'seniority', 'skill'], dimension), category;
