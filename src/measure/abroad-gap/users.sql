-- The abroad-gap sample's users, each with the origin (a TEMP table: see rows.sql).
create or replace temp table {{users}} as
select distinct uid, origin from {{rows}};
