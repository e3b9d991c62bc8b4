-- table: hardware_by_category
-- title: Thiết bị theo loại và tỉnh
-- reads: hardware
-- Devices per province and category (stocks: latest quarter of a year).
SELECT h.period, h.province_code, p.name AS province_name, h.category,
       SUM(h.quantity) AS quantity, SUM(h.in_use) AS in_use, SUM(h.broken) AS broken,
       SUM(h.protected) AS protected
FROM hardware_rollup_in_scope h
JOIN province p ON p.code = h.province_code
WHERE h.is_stock = 1
GROUP BY h.period, h.province_code, h.category
ORDER BY h.period, h.province_code, h.category
