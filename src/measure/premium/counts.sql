-- Observations, AI observations and distinct persons (all, AI, non-AI) of each premium
-- regression, grouped by the split columns {{by}} of the relation {{source}} whose
-- regressor of interest is {{x}}. Distinct persons drive disclosure control (a pooled
-- sample stacks person-years; a yearly one holds each person once, so its counts are
-- plain row counts, see index.ts).
select
  {{by}},
  count(*) as n,
  cast(sum({{x}}) as bigint) as n_ai,
  {{persons}}
from {{source}}
group by {{by}}
