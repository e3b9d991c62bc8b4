-- indicator: I07
-- title: Tỷ lệ hồ sơ xử lý điện tử
-- unit: %
-- scale: 100
-- better: higher
-- reads: software
-- I07 e_processing_rate: records processed electronically over all records, only rows where both
-- are given. A flow: for a year, every quarter counts.
SELECT period, province_code,
       SUM(transactions) AS numerator,
       SUM(transactions_total) AS denominator
FROM software_in_scope
WHERE transactions IS NOT NULL AND transactions_total IS NOT NULL
GROUP BY period, province_code
