-- Rejected survey values by reason.
select reason, count(*) as n from sv_reject group by 1 order by 1
