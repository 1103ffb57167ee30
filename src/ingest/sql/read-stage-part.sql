-- One file's rows in the staging view: columns is `r."col"::VARCHAR AS "c", …` (NULL for a
-- column the file lacks), file/fileno literals, line the line-number expression, source the
-- raw table (alias r), possibly joined to its line shifts.
select {{columns}}, {{file}}::VARCHAR AS _file, {{fileno}}::INTEGER AS _fileno, {{line}}::BIGINT AS _line from {{source}}
