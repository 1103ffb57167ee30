-- One Parquet file (path: a string literal) into a raw table with its 1-based row number.
create or replace temp table {{table}} as
select * exclude (file_row_number), file_row_number + 1 AS __tf_line
from read_parquet({{path}}, file_row_number = true)
