-- The rejects in a stable order, and the table of optional columns the data carry.
CREATE OR REPLACE TABLE tf_rejects_sorted AS SELECT * FROM rejects ORDER BY file, line, "column", reason;
DROP TABLE IF EXISTS rejects;
ALTER TABLE tf_rejects_sorted RENAME TO rejects;
CREATE OR REPLACE TABLE columns_present (tbl VARCHAR, col VARCHAR);
