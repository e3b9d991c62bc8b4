-- indicator: I05
-- title: Mức triển khai phần mềm dùng chung cốt lõi
-- unit: %
-- scale: 100
-- better: higher
-- reads: software
-- I05 core_software_coverage: (unit, core software) pairs in use over units × core software.
-- The units are those present in the province's accepted software return for the period.
WITH core AS (
    SELECT code FROM code_list WHERE list = 'software' AND core = 1
),
units AS (
    SELECT period, province_code, COUNT(DISTINCT unit_code) AS unit_count
    FROM software_in_scope
    WHERE is_stock = 1
    GROUP BY period, province_code
),
in_use AS (
    SELECT period, province_code, COUNT(DISTINCT unit_code || '|' || software_code) AS pairs
    FROM software_in_scope
    WHERE is_stock = 1 AND status = 'in_use' AND software_code IN (SELECT code FROM core)
    GROUP BY period, province_code
)
SELECT units.period, units.province_code,
       COALESCE(in_use.pairs, 0) AS numerator,
       units.unit_count * (SELECT COUNT(*) FROM core) AS denominator
FROM units
LEFT JOIN in_use USING (period, province_code)
