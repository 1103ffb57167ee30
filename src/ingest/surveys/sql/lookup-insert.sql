-- One batch of rows `(v1, v2, …), …` (escaped by the `sql` tag) into a lookup table.
insert into {{table}} values {{rows}}
