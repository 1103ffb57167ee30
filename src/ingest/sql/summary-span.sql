-- First and last year the positions cover.
SELECT CAST(min(extract(year FROM startdate)) AS INTEGER) AS first,
       CAST(max(greatest(extract(year FROM startdate), coalesce(extract(year FROM enddate), 0))) AS INTEGER) AS last
FROM positions
