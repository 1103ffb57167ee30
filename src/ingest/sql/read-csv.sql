-- One CSV file (path: a string literal) into a raw table. The line reader has checked every
-- line, so nothing is sniffed: columns is `'name': 'VARCHAR', …` from the header (BIGINT,
-- DOUBLE or DATE for a column whose every value passed its check), new_line the file's
-- line end, nullstr the strings read as NULL.
create or replace temp table {{table}} as
select *
from read_csv({{path}}, auto_detect = false, header = true, columns = { {{columns}} },
              delim = ',', quote = '"', escape = '"', new_line = {{new_line}}, nullstr = [{{nullstr}}],
              max_line_size = {{max_line_size}})
