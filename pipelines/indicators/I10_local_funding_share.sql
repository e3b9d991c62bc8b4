-- indicator: I10
-- title: Tỷ trọng kinh phí địa phương
-- unit: %
-- scale: 100
-- better: none
-- reads: spending
-- I10 local_funding_share: spending from local budgets over all spending (a flow).
SELECT period, province_code,
       SUM(CASE WHEN funding_source = 'local' THEN spent ELSE 0 END) AS numerator,
       SUM(spent) AS denominator
FROM spending_rollup_in_scope
GROUP BY period, province_code
