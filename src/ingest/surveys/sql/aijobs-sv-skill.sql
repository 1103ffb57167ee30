-- The data have no skill field: one `TitleClass: <class>` marker per classified title.
create or replace temp table sv_skill as
select user_id, 'TitleClass: ' || title_class as skill_raw from sv_person where title_class is not null
