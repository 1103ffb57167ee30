-- Cells of {{source}} (split by {{by}}) where the regressor of interest lies in the span of
-- one fixed effect's dummies: some effect has no level holding both of its values, so the
-- AI coefficient is not identified (the engine, like R's lm, would keep it and drop a
-- dummy instead). absorbed_by: the indices of the absorbing effects, comma-separated.
-- Run only when a fit reports a dropped term.
select {{by}}, {{which}} as absorbed_by
from {{source}}
group by {{by}}
having {{absorbed}}
