-- indicator: I13
-- title: Mức đầy đủ của báo cáo
-- unit: %
-- scale: 100
-- better: higher
-- reads: staffing, hardware, software, spending
-- I13 submission_completeness: returns accepted / returns expected (the warehouse's expected_return:
-- four a quarter per province, per former province before 2025-Q3). A year sums its quarters.
WITH accepted AS (
    -- One current return per file-name province and dataset.
    SELECT r.period, r.province_code, COUNT(*) AS returns
    FROM file_return fr JOIN received_file r ON r.id = fr.file_id
    WHERE fr.is_current = 1
    GROUP BY r.period, r.province_code
),
by_quarter AS (
    SELECT e.period, e.province_code, COALESCE(a.returns, 0) AS numerator, e.returns AS denominator
    FROM expected_return e LEFT JOIN accepted a USING (period, province_code)
)
SELECT period, province_code, numerator, denominator FROM by_quarter
UNION ALL
SELECT substr(period, 1, 4), province_code, SUM(numerator), SUM(denominator) FROM by_quarter
GROUP BY substr(period, 1, 4), province_code
