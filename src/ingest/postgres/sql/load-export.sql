-- pg-load: a loaded table as headerless CSV (NULL as an empty field, the empty string
-- quoted), the form PostgreSQL's COPY ... (FORMAT csv) reads back unchanged.
copy (select {{columns}} from {{table}}) to {{path}} (format csv, header false, quote '"', escape '"', force_quote *)
