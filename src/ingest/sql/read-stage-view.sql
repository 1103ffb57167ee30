-- The staging view of a table: the read-stage-part.sql selects of its files, `union all`.
create or replace temp view {{view}} as {{parts}}
