-- A source table on the server read once into the session's TEMP table `stg_<target>`: the
-- columns talentflow keeps as text in byte order (`COLLATE "C"`: `columns` is
-- `CAST(s."col" AS text) COLLATE "C" AS "c", …`, NULL for a column the table lacks), so the
-- validation of a file's text applies unchanged; `_file` the table's name; `_line` the row's
-- number in the order of `order_by` (its key, then every kept column), the same on every run.
-- The source is only ever read.
CREATE OR REPLACE TEMP TABLE {{stg}} AS
SELECT {{columns}},
       CAST({{file}} AS text) COLLATE "C" AS _file,
       0 AS _fileno,
       CAST(row_number() OVER (ORDER BY {{order_by}}) AS BIGINT) AS _line
FROM {{source}} s
