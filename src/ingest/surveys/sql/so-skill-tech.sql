-- One technology column (column: its identifier), split on ';' into skill rows.
select user_id, trim(unnest(string_split({{column}}, ';'))) as skill_raw from so_raw_k
