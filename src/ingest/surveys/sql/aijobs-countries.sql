-- Distinct country texts (residence and company location) of an aijobs.net file.
select distinct trim(employee_residence) as t from aj_raw where employee_residence is not null
union select distinct trim(company_location) from aj_raw where company_location is not null
