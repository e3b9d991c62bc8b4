-- indicator: I11
-- title: Cán bộ chuyên trách CNTT trên 100 cán bộ
-- unit: người/100 cán bộ
-- scale: 1
-- better: higher
-- reads: staffing
-- decimals: 2
-- I11 it_staff_per_100_staff: IT staff per hundred members of staff.
SELECT period, province_code,
       100.0 * SUM(it_staff) AS numerator,
       SUM(total_staff) AS denominator
FROM staffing_in_scope
WHERE is_stock = 1
GROUP BY period, province_code
