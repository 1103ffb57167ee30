-- A survey CSV read by the line reader (source: its raw table joined to its line numbers, alias
-- r; line: the line expression) as a table with a 1-based record number rn, in file order,
-- and the line _line of each record.
create or replace temp table {{table}} as select r.rowid + 1 as rn, {{line}} as _line, r.* from {{source}};
