-- Merges jsonb objects in the aggregate's order, later keys winning: the CSV import folds the
-- attributes of several rows for one address with jsonb_merge_agg(attributes ORDER BY line).
-- jsonb_concat is the function behind the jsonb || operator.
CREATE AGGREGATE jsonb_merge_agg(jsonb) (
    SFUNC = jsonb_concat,
    STYPE = jsonb,
    INITCOND = '{}'
);
