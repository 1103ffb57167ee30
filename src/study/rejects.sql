-- rejects.csv of a run (path: a string literal): identifiers and malformed rows blanked.
COPY (
    SELECT file, line, "column", reason,
           CASE WHEN "column" IN ('user_id', 'position_id') OR reason = 'malformed_row' THEN '' ELSE value END AS value,
           action
    FROM rejects ORDER BY file, line, "column", reason)
  TO {{path}} (HEADER, DELIMITER ',')
