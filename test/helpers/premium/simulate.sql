-- A seeded simulated panel with known effects, for recovery tests and the bench (no real
-- person). Writes `panel`, `ai_skills` and `users_ai` in the shapes of ARCHITECTURE.md.
-- Users 0..{{n_users}}-1 live in country {{countries}}[uid % C] and appear in every year
-- {{year0}}..{{year0}}+{{n_years}}-1; randomness is hash-based, so the data depend only on
-- {{seed}}. ln(salary) = 10 + beta[c]·AI + 0.03·exp − 0.0005·exp² + 0.08·seniority
-- + role effect + firm effect + 0.4·N(0,1). AI users work outside their origin with
-- probability 0.10 + {{gamma}}, others 0.10.
create or replace temp macro tf_u(a, b, c) as
  (hash(a, b, c, {{seed}}) % 1000000007) / 1000000007.0 + 0.5 / 1000000007.0;
create or replace temp macro tf_n(a, b, c) as
  sqrt(-2 * ln(tf_u(a, b, c))) * cos(2 * pi() * tf_u(a, b, c + 1000));
create or replace table tf_sim_params as
  select unnest({{countries}}) as country, unnest({{betas}}) as beta, generate_subscripts({{countries}}, 1) - 1 as ci;
create or replace table tf_sim_users as
select
  u.i as uid,
  p.country as home,
  p.ci as hi,
  tf_u(u.i, 1, 0) < {{p_ai}} as is_ai,
  tf_u(u.i, 2, 0) < 0.10 + case when tf_u(u.i, 1, 0) < {{p_ai}} then {{gamma}} else 0 end as abroad,
  floor(tf_u(u.i, 3, 0) * 20) as exp0,
  ['High School', 'Bachelor', 'Master', 'Doctor', null][1 + cast(floor(tf_u(u.i, 4, 0) * 5) as int)] as highest_degree,
  0.3 * tf_n(u.i, 5, 0) as person_effect
from range({{n_users}}) u(i)
join tf_sim_params p on p.ci = u.i % {{n_countries}};
create or replace table panel as
select
  s.uid,
  cast(y.t as integer) as year,
  w.country,
  cast(s.uid * 100 + ((y.t - {{year0}}) // 4) as varchar) as position_id,
  cast(s.uid * 100 + ((y.t - {{year0}}) // 4) as bigint) as pid_rank,
  make_date(cast({{year0}} + 4 * ((y.t - {{year0}}) // 4) as integer), 3, 1) as startdate,
  cast(null as date) as enddate,
  case when tf_u(s.uid, 6, (y.t - {{year0}}) // 4) < 0.05 then null
       else 'f' || cast(floor(tf_u(s.uid, 7, (y.t - {{year0}}) // 4) * 400) as int) || '-' || w.country end as rcid,
  'r' || cast(floor(tf_u(s.uid, 8, 0) * 40) as int) as role,
  'i' || cast(floor(tf_u(s.uid, 9, 0) * 15) as int) as industry,
  cast(1 + floor(tf_u(s.uid, 10, (y.t - {{year0}}) // 4) * 7) as integer) as seniority,
  exp(10 + w.beta * cast(s.is_ai as int)
       + 0.03 * (s.exp0 + y.t - {{year0}}) - 0.0005 * (s.exp0 + y.t - {{year0}}) ^ 2
       + 0.08 * (1 + floor(tf_u(s.uid, 10, (y.t - {{year0}}) // 4) * 7))
       + 0.02 * floor(tf_u(s.uid, 8, 0) * 40)
       + 0.2 * tf_n(coalesce(floor(tf_u(s.uid, 7, (y.t - {{year0}}) // 4) * 400), -1), 11, w.ci)
       + s.person_effect
       + 0.4 * tf_n(s.uid, 12, y.t)) as salary,
  0.5 + tf_u(s.uid, 13, 0) as weight,
  cast(s.exp0 + y.t - {{year0}} as double) as exp_years,
  cast({{year0}} + 4 * ((y.t - {{year0}}) // 4) as integer) as start_year,
  case when s.is_ai then 'ai' else 'non_ai' end as grp,
  s.is_ai,
  s.home as origin,
  s.highest_degree
from tf_sim_users s
join tf_sim_params w on w.ci = case when s.abroad then (s.hi + 1) % {{n_countries}} else s.hi end
cross join range({{year0}}, {{year0}} + {{n_years}}) y(t);
-- role_code / industry_code as the panel writes them: the rank of the value in sort order.
create or replace table panel as
select p.*, r.code as role_code, i.code as industry_code
from panel p
left join (select v, (row_number() over (order by v) - 1)::integer as code from (select distinct role as v from panel where role is not null)) r on r.v = p.role
left join (select v, (row_number() over (order by v) - 1)::integer as code from (select distinct industry as v from panel where industry is not null)) i on i.v = p.industry;
create or replace table users_ai as
select uid, case when is_ai then 1 + cast(floor(tf_u(uid, 14, 0) * 3) as integer) else 0 end as n_ai_skills,
  is_ai, case when is_ai then 'ai' else 'non_ai' end as grp, case when is_ai then DATE '0001-01-01' end as ai_since
from tf_sim_users;
create or replace table ai_skills as
select distinct uid, skill, 'sim' as subfield, DATE '0001-01-01' as since from (
  select s.uid, ['machine learning', 'deep learning', 'computer vision', 'robotics'][1 + cast(floor(tf_u(s.uid, 15, k.j) * 4) as int)] as skill
  from tf_sim_users s cross join range(3) k(j)
  where s.is_ai and k.j < 1 + floor(tf_u(s.uid, 14, 0) * 3)
);
drop table tf_sim_users;
drop table tf_sim_params;
