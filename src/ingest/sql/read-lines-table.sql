-- Line shifts of a CSV file: good rows from index th on sit shift lines further down.
create or replace temp table {{table}} (th BIGINT, shift BIGINT)
