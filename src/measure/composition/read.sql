-- composition.csv's rows in key order, before disclosure control (the contract's
-- buildTable applies it).
SELECT country, year, "group", dimension, category, persons, share, persons_weighted, share_weighted
FROM tf_comp
ORDER BY country COLLATE "C", year, "group",
         array_position(ARRAY['degree', 'field', 'industry', 'role', 'seniority', 'skill'], dimension), category COLLATE "C";
