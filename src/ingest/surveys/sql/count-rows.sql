-- Rows of a table (table: its identifier).
select count(*) from {{table}}
