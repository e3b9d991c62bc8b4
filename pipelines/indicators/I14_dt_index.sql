-- indicator: I14
-- title: Chỉ số chuyển đổi số (0–100)
-- unit: điểm
-- scale: 1
-- better: higher
-- reads: indicators
-- decimals: 1
-- I14 dt_index: 0–100 composite of the indicators in dt_index_weight (the pipeline file's dt_index:
-- by default I01, I02 inverted, I04, I05, I06, I07, I11, equally weighted). Each component is min-max
-- scaled across the provinces of the period (0 = the lowest province, 1 = the highest; 0.5 when all
-- are equal), inverted where lower is better, and the weighted mean is × 100. A province missing any
-- component has no index (NULL), rather than one computed on fewer components.
-- The national row scales the national values by the same provinces' range; this definition
-- returns it itself (province_code 00), since a composite is not a ratio of pooled sums.
WITH weights AS (
    SELECT component, weight, direction FROM dt_index_weight
),
component AS (
    SELECT v.period, v.province_code, v.indicator, v.value
    FROM indicator_value v JOIN weights w ON w.component = v.indicator
    WHERE v.value IS NOT NULL
),
spread AS (
    SELECT period, indicator, MIN(value) AS low, MAX(value) AS high
    FROM component WHERE province_code <> '00'
    GROUP BY period, indicator
),
scaled AS (
    SELECT c.period, c.province_code, w.weight,
           CASE WHEN s.high = s.low THEN 0.5
                WHEN w.direction = 'lower_is_better' THEN (s.high - c.value) / (s.high - s.low)
                ELSE (c.value - s.low) / (s.high - s.low) END AS score
    FROM component c
    JOIN spread s ON s.period = c.period AND s.indicator = c.indicator
    JOIN weights w ON w.component = c.indicator
),
combined AS (
    SELECT period, province_code, COUNT(*) AS components, SUM(weight * score) AS weighted, SUM(weight) AS weights
    FROM scaled
    GROUP BY period, province_code
)
SELECT period, province_code, 100.0 * weighted AS numerator, weights AS denominator
FROM combined
WHERE components = (SELECT COUNT(*) FROM weights)
