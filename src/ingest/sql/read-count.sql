-- Rows of a loaded raw table or a file read in place (from: the relation).
select count(*) from {{from}}
