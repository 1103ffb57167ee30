-- The span of the data: first year of any startdate to the last year of any startdate or enddate.
SELECT min(year(startdate))::INTEGER AS first,
       greatest(max(year(startdate)), coalesce(max(year(enddate)), max(year(startdate))))::INTEGER AS last
FROM positions;
