-- One optional column present in a table (tbl, col: string literals).
INSERT INTO columns_present VALUES ({{tbl}}, {{col}})
