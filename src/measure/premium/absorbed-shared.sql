-- Cells of the shared skill design (own rows: last split column = k; shared rows: NULL
-- there, which belong to every k of their other split values) where the regressor x lies
-- in the span of one fixed effect's dummies — absorbed.sql's rule on each
-- skill's full sample, computed without stacking the shared rows. Long form: one row per
-- source row and effect (fe = its index, lvl = its level). A level of effect fe "mixes"
-- in cell (…, k) when it holds x = 1 among the own rows and x = 0 among the own or the
-- shared rows; x is absorbed when some effect has no mixing level. absorbed_by: the
-- indices of the absorbing effects, comma-separated.
with long as (
  select {{byCols}}, {{x}} as x, unnest({{feIdx}}) as fe, unnest({{feLevels}}) as lvl
  from {{source}}
), own as (
  select {{byCols}}, fe, lvl, bool_or(x = 1) as has1, bool_or(x = 0) as has0
  from long where {{last}} is not null
  group by {{byCols}}, fe, lvl
), shared as (
  select distinct {{outerCols}}, fe, lvl
  from long where {{last}} is null
), per_effect as (
  select {{ownBy}}, o.fe, bool_or(o.has1 and (o.has0 or s.fe is not null)) as mixed
  from own o left join shared s on {{outerMatch}} and s.fe = o.fe and s.lvl is not distinct from o.lvl
  group by {{ownBy}}, o.fe
)
select {{byCols}}, string_agg(cast(fe as varchar), ',' order by fe) filter (where not mixed) as absorbed_by
from per_effect
group by {{byCols}}
having bool_or(not mixed)
