-- individual_user_education.csv: the highest degree, where known.
select user_id, 1 as education_number, highest_degree as degree
from sv_person where highest_degree is not null order by user_id
