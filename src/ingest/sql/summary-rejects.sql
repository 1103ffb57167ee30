-- Rejects by file, action and reason.
SELECT file, action, reason, count(*)::BIGINT AS n FROM rejects GROUP BY file, action, reason ORDER BY file, action, reason
