-- Observations, AI observations and distinct persons (all, AI, non-AI) of each premium
-- regression, grouped by the split columns {{by}} of the relation {{source}} whose
-- regressor of interest is {{x}}, for a family of one year: it holds each person once, so
-- the persons are row counts. Distinct persons drive disclosure control; a pooled sample
-- stacks person-years: counts-pooled.sql.
select
  {{by}},
  count(*) as n,
  cast(sum({{x}}) as bigint) as n_ai,
  count(*) as persons,
  cast(sum({{x}}) as bigint) as persons_ai,
  count(*) - cast(sum({{x}}) as bigint) as persons_non_ai
from {{source}}
group by {{by}}
