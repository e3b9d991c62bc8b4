-- indicator: I09
-- title: Tỷ lệ giải ngân dự toán CNTT
-- unit: %
-- scale: 100
-- better: higher
-- reads: spending
-- I09 budget_execution_rate: spent over allocated (a flow).
SELECT period, province_code,
       SUM(spent) AS numerator,
       SUM(allocated) AS denominator
FROM spending_rollup_in_scope
GROUP BY period, province_code
