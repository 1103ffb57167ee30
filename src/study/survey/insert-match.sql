-- The matched skills: (skill_raw, subfield) rows {{rows}}.
insert into sv_match values {{rows}}
