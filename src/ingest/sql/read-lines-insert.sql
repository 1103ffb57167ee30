-- One batch of `(th, shift), …` rows into a line-shift table.
insert into {{table}} values {{rows}}
