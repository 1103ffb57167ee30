-- Lines of a CSV file that DuckDB rejected (table: its rejects table).
select distinct line from {{table}} order by line
