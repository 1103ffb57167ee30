-- Position countries of the data.
SELECT DISTINCT country AS c FROM positions ORDER BY 1
