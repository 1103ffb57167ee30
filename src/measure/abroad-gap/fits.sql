-- The abroad-gap model's columns of the sample {{sample}} (query.sql), as the engine reads
-- them: y, the x's (exp² made here, not stored) and the weight; the effects' level codes.
select oc, year, abroad, ai, exp, exp * exp as exp2, w, lv_seniority, lv_role, lv_highest_degree
from {{sample}}
