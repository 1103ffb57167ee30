-- Whether ingest listed first_reported among the skills input's columns ({{listed}}: that
-- check, or true without a columns_present table) and how many skill rows carry a date.
select {{listed}} as listed, count(first_reported) as dated from skills
