-- The raw rows of the respondents kept, with their user_id (source of the technologies).
create or replace temp view so_raw_k as
select p.user_id, r.* from so_raw r join so_person p on p.rn = r.rn where p.country is not null
