-- A prepared survey CSV (path: a string literal) as a table: every column text, `NA` and empty as NULL.
read_csv({{path}}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', nullstr = ['NA', ''], sample_size = -1, parallel = false)
