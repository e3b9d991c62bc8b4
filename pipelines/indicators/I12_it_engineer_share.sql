-- indicator: I12
-- title: Tỷ lệ kỹ sư CNTT trong cán bộ CNTT
-- unit: %
-- scale: 100
-- better: higher
-- reads: staffing
-- I12 it_engineer_share: IT engineers over IT staff. A blank it_engineers adds nothing to the
-- numerator while its it_staff still counts.
SELECT period, province_code,
       SUM(it_engineers) AS numerator,
       SUM(it_staff) AS denominator
FROM staffing_in_scope
WHERE is_stock = 1
GROUP BY period, province_code
