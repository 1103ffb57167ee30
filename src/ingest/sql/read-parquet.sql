-- One Parquet file (path: a string literal), read in place; numbered: whether to add its
-- 0-based row number as the column file_row_number.
read_parquet({{path}}, file_row_number = {{numbered}})
