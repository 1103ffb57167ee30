-- Salaries and cross-border salaries (residence ≠ employer country) by title class and in all.
select title_class as g, count(*) as n, count(*) filter (where cross_border) as k from aj group by 1
union all
select 'all', count(*), count(*) filter (where cross_border) from aj
order by 1
