-- Dense integer codes of one cluster variable's values in the sample, so that the score
-- pass sums by (group, integer) rather than by (group, string): cluster keys are often
-- strings, and that aggregate is the largest of a clustered fit.
CREATE TEMP TABLE {{codes}} AS
SELECT v, (row_number() OVER (ORDER BY v) - 1)::INTEGER AS code
FROM (SELECT DISTINCT {{col}} AS v FROM ({{rows}}) WHERE ok AND {{col}} IS NOT NULL)
