-- Dense integer codes of one cluster variable's values, so that the score pass sums by
-- (group, integer) rather than by (group, string): cluster keys are often strings, and
-- that aggregate is the largest of a clustered fit. Every value of the source gets a code
-- (no sample filter: the scan then reads the cluster column alone); codes of values
-- outside the sample are simply never used.
CREATE TEMP TABLE {{codes}} AS
SELECT v, (row_number() OVER (ORDER BY v) - 1)::INTEGER AS code
FROM (SELECT DISTINCT {{col}} AS v FROM ({{rows}}) AS r WHERE {{col}} IS NOT NULL) AS d
