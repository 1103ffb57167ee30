-- Persons by title class.
select title_class, count(*) as n from sv_person group by 1 order by 1
