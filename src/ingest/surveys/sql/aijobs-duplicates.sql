-- Exact duplicates of the aijobs.net file: rows equal in every column of the file (NULLs
-- equal; the record number rn and line _line aside). dup_group = the record number of the first such row (its own when unique),
-- dup_copy = 1 for that first row and 2, 3, … for its later copies, in file order.
create or replace temp table aj_dup as
select rn, min(rn) over w as dup_group, row_number() over (w order by rn) as dup_copy
from aj_raw
window w as (partition by row(*columns(* exclude (rn, _line))))
