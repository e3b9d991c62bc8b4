-- indicator: I04
-- title: Tỷ lệ máy tính, máy chủ có phần mềm bảo vệ
-- unit: %
-- scale: 100
-- better: higher
-- reads: hardware
-- I04 endpoint_protection_rate: protected desktops, laptops and servers over those in use.
SELECT period, province_code,
       SUM(protected) AS numerator,
       SUM(in_use) AS denominator
FROM hardware_rollup_in_scope
WHERE is_stock = 1 AND category IN ('desktop', 'laptop', 'server')
GROUP BY period, province_code
