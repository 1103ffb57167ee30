-- One batch of the lines a CSV file's line reader could not parse: `(file, line, '', reason, value, 'row_dropped'), …`.
insert into rejects values {{rows}}
