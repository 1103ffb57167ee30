-- Distinct non-null answers of one so_stage column (column: its identifier).
select distinct {{column}} as v from so_stage where {{column}} is not null
