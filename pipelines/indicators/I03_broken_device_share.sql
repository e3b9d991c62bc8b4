-- indicator: I03
-- title: Tỷ lệ thiết bị hỏng
-- unit: %
-- scale: 100
-- better: lower
-- reads: hardware
-- I03 broken_device_share: broken devices over all devices (quantity).
-- A blank `broken` adds nothing to the numerator while its quantity still counts.
SELECT period, province_code,
       SUM(broken) AS numerator,
       SUM(quantity) AS denominator
FROM hardware_rollup_in_scope
WHERE is_stock = 1
GROUP BY period, province_code
