-- The rejects in a stable order, and the table of optional columns the data carry.
CREATE OR REPLACE TABLE rejects AS SELECT * FROM rejects ORDER BY file, line, "column", reason;
CREATE OR REPLACE TABLE columns_present (tbl VARCHAR, col VARCHAR);
