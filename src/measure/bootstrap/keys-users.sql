-- Hash keys of the users: (uid, stream 0), for the unit assignment.
CREATE OR REPLACE TEMP TABLE tf_boot_keys AS
SELECT DISTINCT uid::BIGINT AS key, 0::BIGINT AS stream FROM positions;
