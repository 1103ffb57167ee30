-- Rejects by file, action and reason.
SELECT file, action, reason, count(*)::BIGINT AS n FROM rejects GROUP BY ALL ORDER BY ALL
