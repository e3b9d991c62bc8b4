-- table: software_adoption
-- title: Mức sử dụng phần mềm theo tỉnh
-- reads: software
-- Software adoption matrix: per province and catalog software, how many units use it, pilot it,
-- or report it otherwise, with accounts and active users (stocks: latest quarter of a year).
SELECT s.period, s.province_code, p.name AS province_name, s.software_code,
       COUNT(DISTINCT s.unit_code) AS units_reporting,
       SUM(CASE WHEN s.status = 'in_use' THEN 1 ELSE 0 END) AS units_in_use,
       SUM(CASE WHEN s.status = 'pilot' THEN 1 ELSE 0 END) AS units_pilot,
       SUM(CASE WHEN s.status IN ('not_deployed', 'retired') THEN 1 ELSE 0 END) AS units_not_using,
       SUM(s.accounts) AS accounts, SUM(s.active_users) AS active_users
FROM software_in_scope s
JOIN province p ON p.code = s.province_code
WHERE s.is_stock = 1
GROUP BY s.period, s.province_code, s.software_code
ORDER BY s.period, s.province_code, s.software_code
