-- indicator: I01
-- title: Máy tính đang dùng trên mỗi cán bộ
-- unit: máy/người
-- scale: 1
-- better: higher
-- reads: hardware, staffing
-- decimals: 3
-- I01 computers_per_staff: desktops and laptops in use per member of staff.
-- Stocks: for a year, the latest quarter each province reported (is_stock = 1).
WITH computers AS (
    SELECT period, province_code,
           SUM(CASE WHEN category IN ('desktop', 'laptop') THEN in_use ELSE 0 END) AS in_use
    FROM hardware_rollup_in_scope
    WHERE is_stock = 1
    GROUP BY period, province_code
),
staff AS (
    SELECT period, province_code, SUM(total_staff) AS total_staff
    FROM staffing_in_scope
    WHERE is_stock = 1
    GROUP BY period, province_code
)
SELECT staff.period, staff.province_code,
       computers.in_use AS numerator,
       staff.total_staff AS denominator
FROM staff
JOIN computers USING (period, province_code)
