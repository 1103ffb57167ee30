-- counts.sql for a family pooled over years (a person has several rows): observations, AI
-- observations and distinct persons (all, AI, non-AI) of each regression, grouped by the
-- split columns {{by}} of {{source}} whose regressor of interest is {{x}} (0/1). One
-- aggregate by person first (whether the person has an AI row, a non-AI row), then by
-- cell: the same counts as count(distinct uid) three times, with one hash table.
select
  {{by}},
  cast(sum(n) as bigint) as n,
  cast(sum(n_ai) as bigint) as n_ai,
  count(*) as persons,
  count(*) filter (where has_ai) as persons_ai,
  count(*) filter (where has_non_ai) as persons_non_ai
from (
  select {{by}}, uid, count(*) as n, sum({{x}}) as n_ai, bool_or({{x}} = 1) as has_ai, bool_or({{x}} = 0) as has_non_ai
  from {{source}}
  group by {{by}}, uid
) as u
group by {{by}}
