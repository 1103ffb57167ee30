-- Positions without a sampling weight (counted by the positions step).
SELECT value FROM ingest_stats WHERE key = 'missing_weight'
