-- Distinct country texts of all staged tables (resolved in TypeScript into country_map).
SELECT DISTINCT raw FROM (
  SELECT country AS raw FROM stg_positions UNION ALL SELECT user_country FROM stg_users
  UNION ALL SELECT university_country FROM stg_education UNION ALL SELECT hq_country FROM stg_companies
) v WHERE raw IS NOT NULL ORDER BY raw
