-- First and last year the positions cover.
SELECT min(year(startdate))::INTEGER AS first, max(greatest(year(startdate), coalesce(year(enddate), 0)))::INTEGER AS last FROM positions
