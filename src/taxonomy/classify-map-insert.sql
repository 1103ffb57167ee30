-- One batch of `(s, skill, subfield), …` rows (escaped by the `sql` tag) into tf_skill_map.
insert into tf_skill_map values {{rows}}
