-- Rows of a loaded raw table (table: its identifier).
select count(*) from {{table}}
