-- Rows kept in one ingested table (table: its identifier).
SELECT count(*) FROM {{table}}
