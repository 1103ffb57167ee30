-- The span of the data: first year of any startdate to the last year of any startdate or enddate.
SELECT CAST(min(extract(year FROM startdate)) AS INTEGER) AS first,
       CAST(greatest(max(extract(year FROM startdate)), coalesce(max(extract(year FROM enddate)), max(extract(year FROM startdate)))) AS INTEGER) AS last
FROM positions;
