-- Rows of one of the write-*.sql queries.
select count(*) from ({{query}})
