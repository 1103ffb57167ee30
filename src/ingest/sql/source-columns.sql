-- The columns of a source table (schema, name: string literals) the session may read, in order.
SELECT column_name, data_type
FROM information_schema.columns
WHERE table_schema = {{schema}} AND table_name = {{name}}
ORDER BY ordinal_position
