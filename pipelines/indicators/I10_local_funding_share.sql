-- I10 local_funding_share: spending from local budgets over all spending (a flow).
SELECT period, province_code,
       SUM(CASE WHEN funding_source = 'local' THEN spent ELSE 0 END) AS numerator,
       SUM(spent) AS denominator
FROM spending_rollup_in_scope
GROUP BY period, province_code
