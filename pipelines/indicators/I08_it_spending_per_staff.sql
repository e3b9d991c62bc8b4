-- indicator: I08
-- title: Chi CNTT trên mỗi cán bộ
-- unit: đồng/người
-- scale: 1
-- better: higher
-- reads: spending, staffing
-- decimals: 0
-- I08 it_spending_per_staff: IT spending (whole đồng) per member of staff.
-- Spending is a flow (every quarter of a year); staff a stock (latest quarter).
WITH spent AS (
    SELECT period, province_code, SUM(spent) AS spent
    FROM spending_rollup_in_scope
    GROUP BY period, province_code
),
staff AS (
    SELECT period, province_code, SUM(total_staff) AS total_staff
    FROM staffing_in_scope
    WHERE is_stock = 1
    GROUP BY period, province_code
)
SELECT staff.period, staff.province_code,
       spent.spent AS numerator,
       staff.total_staff AS denominator
FROM staff
JOIN spent USING (period, province_code)
