-- A measure's contributions ({{keys}}…, unit, a, b) in (cell, unit) order, so that the
-- replicate sums are added in one fixed order whatever the thread count.
SELECT * FROM ({{contributions}}) contributions ORDER BY {{keys}}, unit
