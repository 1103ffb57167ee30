-- fitFamilies: the cells (the finest partition of the source: every family's groups are
-- unions of them) with a dense id, from keys.sql's grouping set of the cell columns: the
-- sample size, NULL-cluster counts, weight sum tw and exact sums t_i of w·v (v = y, then
-- each x), and the means m_i = t_i / tw by which the shared sample is centred. A cell whose
-- rows all fail the sample filter is listed too (its groups get EmptySampleError).
CREATE TEMP TABLE {{cells}} AS
SELECT (row_number() OVER (ORDER BY {{by}}) - 1)::INTEGER AS gid, t.*, {{means}}
FROM {{keys}} AS t
WHERE set_id = {{setId}}
