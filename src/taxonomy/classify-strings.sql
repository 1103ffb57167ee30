-- The distinct skill strings of the chosen skill column (column: its identifier).
create or replace temp table tf_skill_strings as select distinct {{column}}::VARCHAR as s from skills where {{column}} is not null
