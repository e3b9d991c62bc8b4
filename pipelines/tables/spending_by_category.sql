-- table: spending_by_category
-- title: Kinh phí CNTT theo nội dung chi, nguồn kinh phí và tỉnh
-- reads: spending
-- Spending per province, category and funding source, in whole đồng (a flow: every quarter of a year).
SELECT s.period, s.province_code, p.name AS province_name, s.category, s.funding_source,
       SUM(s.allocated) AS allocated_dong, SUM(s.spent) AS spent_dong
FROM spending_rollup_in_scope s
JOIN province p ON p.code = s.province_code
GROUP BY s.period, s.province_code, s.category, s.funding_source
ORDER BY s.period, s.province_code, s.category, s.funding_source
