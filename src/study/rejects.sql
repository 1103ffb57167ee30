-- rejects.csv of a run (path: a string literal): identifiers and the text of unparsed lines blanked.
COPY (
    SELECT file, line, "column", reason,
           CASE WHEN "column" IN ('user_id', 'position_id') OR reason IN ('bad_quoting', 'wrong_field_count', 'cut_last_line', 'bad_line_end', 'line_too_long') THEN '' ELSE value END AS value,
           action
    FROM rejects ORDER BY file, line, "column", reason)
  TO {{path}} (HEADER, DELIMITER ',')
