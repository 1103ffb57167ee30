-- A survey CSV (source: read-csv.sql filled) into a table with a 1-based record number rn.
create or replace temp table {{table}} as select row_number() over () as rn, * from {{source}};
