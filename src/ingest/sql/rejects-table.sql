-- Every value or row the ingest rejects, fixes or drops (filled by the validation steps).
CREATE OR REPLACE TABLE rejects (file VARCHAR, line BIGINT, "column" VARCHAR, reason VARCHAR, value VARCHAR, action VARCHAR)
