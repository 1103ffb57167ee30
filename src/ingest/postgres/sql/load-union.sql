-- pg-load: the CSV files of one table, each read by ingest's line reader into a temp table
-- (parts: `select * from <temp table>` joined by `union all by name`), as one temp table.
create or replace temp table {{table}} as {{parts}}
