-- Users of the data.
SELECT count(*) FROM user_keys
