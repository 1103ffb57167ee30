-- Lines DuckDB rejected (table: DuckDB's rejects table of the file).
select count(distinct line) from {{table}}
