-- I11 it_staff_per_100_staff: IT staff per hundred members of staff.
SELECT period, province_code,
       100.0 * SUM(it_staff) AS numerator,
       SUM(total_staff) AS denominator
FROM staffing_in_scope
WHERE is_stock = 1
GROUP BY period, province_code
