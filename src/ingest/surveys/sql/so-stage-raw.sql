-- Stage: one row per respondent with the fields of the year's schema (the placeholders are column
-- identifiers of the file, or NULL when the year has no such column).
create or replace temp table so_stage as
select rn, _line,
  cast({{id}} as varchar) as response_id,
  trim({{country}}) as country_text,
  trim({{comp}}) as comp_text,
  try_cast(trim({{comp}}) as double) as comp_usd,
  trim({{years}}) as years_text,
  trim({{edlevel}}) as edlevel,
  trim({{devtype}}) as devtype,
  nullif(trim(split_part({{devtype}}, ';', 1)), '') as role,
  trim({{orgsize}}) as org_size,
  nullif(trim(split_part({{industry}}, ';', 1)), '') as industry,
  trim({{remote}}) as remote_work,
  trim({{currency}}) as currency_text,
  try_cast(trim({{complocal}}) as double) as comp_local,
  trim({{compfreq}}) as comp_freq
from so_raw;
