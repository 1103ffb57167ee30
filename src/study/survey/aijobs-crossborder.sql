-- Salaries and cross-border salaries (residence ≠ employer country) by title class and in
-- all, with what the duplicate-group clustered variance of a share needs: the number of
-- duplicate groups and ss = Σ_g (k_g − p·n_g)², p = k / n (n_g, k_g: salaries and
-- cross-border salaries of group g).
with g as (
  select title_class as c, dup_group, count(*) as n_g, count(*) filter (where cross_border) as k_g
  from aj group by all
), x as (
  select c, dup_group, n_g, k_g from g
  union all
  select 'all', dup_group, sum(n_g), sum(k_g) from g group by dup_group
), t as (
  select c, sum(n_g) as n, sum(k_g) as k from x group by c
)
select t.c as g, t.n, t.k, count(*) as groups, sum(power(x.k_g - x.n_g * t.k / t.n, 2)) as ss
from t join x on x.c is not distinct from t.c
group by t.c, t.n, t.k
order by 1
