-- indicator: I06
-- title: Tỷ lệ tài khoản hoạt động
-- unit: %
-- scale: 100
-- better: higher
-- reads: software
-- I06 software_active_rate: active users over accounts, software in use on both sides.
SELECT period, province_code,
       SUM(active_users) AS numerator,
       SUM(accounts) AS denominator
FROM software_in_scope
WHERE is_stock = 1 AND status = 'in_use'
GROUP BY period, province_code
