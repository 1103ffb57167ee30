-- Without --ppp the stage still carries the (empty) PPP salary column.
alter table sv_stage add column salary_ppp double
