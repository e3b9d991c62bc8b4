-- indicator: I02
-- title: Tỷ lệ thiết bị đã dùng từ 5 năm trở lên
-- unit: %
-- scale: 100
-- better: lower
-- reads: hardware
-- I02 outdated_device_share: devices in use acquired five or more years before the period's year,
-- over all devices in use (every category counts).
SELECT period, province_code,
       SUM(CASE WHEN acquired_year <= CAST(substr(period, 1, 4) AS INTEGER) - 5 THEN in_use ELSE 0 END) AS numerator,
       SUM(in_use) AS denominator
FROM hardware_rollup_in_scope
WHERE is_stock = 1
GROUP BY period, province_code
