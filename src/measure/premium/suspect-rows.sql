-- The rows of {{source}} that the absorbed check needs for the suspect cells (fits that
-- dropped a term): the rows whose first {{nk}} split values are one of {{keys}} (a
-- cell's own rows; with the shared skill design, every row of its outer key, shared rows
-- included). The check then scans these rows only.
create temp table {{target}} as
select s.*
from {{source}} as s
join (values {{keys}}) as k({{keyCols}}) on {{match}}
