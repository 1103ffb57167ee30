-- The survey lines the line reader could not parse: `(file, line, '', reason, value), …`.
insert into sv_reject values {{rows}}
