-- I07 e_processing_rate: records processed electronically over all records, only rows where both
-- are given. A flow: for a year, every quarter counts.
SELECT period, province_code,
       SUM(transactions) AS numerator,
       SUM(transactions_total) AS denominator
FROM software_in_scope
WHERE transactions IS NOT NULL AND transactions_total IS NOT NULL
GROUP BY period, province_code
