-- Persons written and persons with a salary.
select count(*) as persons, count(salary) as with_salary from sv_person
