-- indicator: I13T
-- title: Tỷ lệ báo cáo nộp đúng hạn
-- unit: %
-- scale: 100
-- better: higher
-- reads: staffing, hardware, software, spending
-- I13T on_time_share: returns whose first accepted file arrived by the deadline / returns expected
-- (the "on_time / 4" half of SPEC §8's I13). A late revision of an on-time return stays on time.
WITH first_accepted AS (
    SELECT r.period, r.province_code, r.name_province_code, fr.dataset, MIN(r.id) AS file_id
    FROM file_return fr JOIN received_file r ON r.id = fr.file_id
    WHERE r.status = 'accepted'
    GROUP BY r.period, r.province_code, r.name_province_code, fr.dataset
),
on_time AS (
    SELECT f.period, f.province_code, COUNT(*) AS returns
    FROM first_accepted f JOIN received_file r ON r.id = f.file_id
    WHERE r.on_time = 1
    GROUP BY f.period, f.province_code
),
by_quarter AS (
    SELECT e.period, e.province_code, COALESCE(o.returns, 0) AS numerator, e.returns AS denominator
    FROM expected_return e LEFT JOIN on_time o USING (period, province_code)
)
SELECT period, province_code, numerator, denominator FROM by_quarter
UNION ALL
SELECT substr(period, 1, 4), province_code, SUM(numerator), SUM(denominator) FROM by_quarter
GROUP BY substr(period, 1, 4), province_code
