SELECT *, coalesce({{ok}}, false) AS ok
FROM (
  SELECT {{columns}}
  FROM {{source}} AS src
) AS r0
