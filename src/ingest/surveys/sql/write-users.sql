-- individual_user.csv; extras is `, "col", …` or empty.
select user_id, user_country, highest_degree{{extras}} from sv_person order by user_id
