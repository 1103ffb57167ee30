-- Column names and types of a loaded raw table or a file read in place (from: the relation).
select column_name, column_type from (describe select * from {{from}})
