-- The staging table of an optional table the source lacks: its columns, no rows (empty: read-stage-empty.sql).
CREATE OR REPLACE TEMP TABLE {{stg}} AS {{empty}}
