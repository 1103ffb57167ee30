-- The staging view of a table without files: its columns, no rows.
select {{columns}}, NULL::VARCHAR AS _file, NULL::INTEGER AS _fileno, NULL::BIGINT AS _line where false
