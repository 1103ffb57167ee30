-- The stacked skill design as a view over the shared one (for the absorbed-AI check,
-- which needs each skill's full sample): own rows, plus every shared row (skill NULL)
-- once per skill present among the same {{outer}} values.
create or replace temp view {{view}} as
select * from {{source}} where skill is not null
union all by name
select b.* exclude (skill), g.skill
from {{source}} b
join (select distinct {{outer}}, skill from {{source}} where skill is not null) g using ({{outer}})
where b.skill is null
