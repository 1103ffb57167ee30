-- survey_rejects.csv.
select file, line, "column", reason, value from sv_reject order by line, "column"
