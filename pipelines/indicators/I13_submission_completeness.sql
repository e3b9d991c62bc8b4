-- I13 submission_completeness: returns accepted / returns expected. Every reporting province owes four
-- returns a quarter (staffing, hardware, software, spending); before 2025-Q3 each former province did,
-- so today's 79 expected 3 × 4 returns in 2025-Q1 (from 74, 77 and 79). A year sums its quarters.
WITH quarters AS (
    SELECT DISTINCT period FROM received_file WHERE period IS NOT NULL
),
expected AS (
    SELECT q.period, p.code AS province_code,
           4 * CASE WHEN q.period < '2025-Q3'
                    THEN (SELECT COUNT(*) FROM former_province f WHERE f.new_code = p.code)
                    ELSE 1 END AS returns
    FROM quarters q CROSS JOIN province p
),
accepted AS (
    -- One current return per file-name province and dataset.
    SELECT r.period, r.province_code, COUNT(*) AS returns
    FROM file_return fr JOIN received_file r ON r.id = fr.file_id
    WHERE fr.is_current = 1
    GROUP BY r.period, r.province_code
),
by_quarter AS (
    SELECT e.period, e.province_code, COALESCE(a.returns, 0) AS numerator, e.returns AS denominator
    FROM expected e LEFT JOIN accepted a USING (period, province_code)
)
SELECT period, province_code, numerator, denominator FROM by_quarter
UNION ALL
SELECT substr(period, 1, 4), province_code, SUM(numerator), SUM(denominator) FROM by_quarter
GROUP BY substr(period, 1, 4), province_code
