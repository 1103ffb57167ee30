-- Exact-duplicate counts of the aijobs.net file (aj_dup): rows, distinct rows, later copies,
-- groups of two or more equal rows, rows in such groups, and the largest group.
with g as (select dup_group, count(*) as n from aj_dup group by dup_group)
select
  (select count(*) from aj_dup) as rows,
  count(*) as distinct_rows,
  (select count(*) from aj_dup) - count(*) as copies,
  count(*) filter (where n > 1) as groups,
  coalesce(sum(n) filter (where n > 1), 0) as rows_in_groups,
  max(n) as largest_group
from g
