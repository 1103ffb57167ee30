-- Column names of a survey CSV (source: read-csv.sql filled).
describe select * from {{source}}
