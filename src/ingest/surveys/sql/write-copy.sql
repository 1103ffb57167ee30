-- One of the write-*.sql queries to a CSV file (path: a string literal).
copy ({{query}}) to {{path}} (header true, delimiter ',')
