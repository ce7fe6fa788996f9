REVOKE SELECT ON ALL SEQUENCES IN SCHEMA public FROM car_backup;
REVOKE SELECT ON ALL TABLES IN SCHEMA public FROM car_backup;
REVOKE USAGE ON SCHEMA public FROM car_backup;

-- Roles are cluster-wide: drop it unless another database still uses it.
DO $$
BEGIN
    DROP ROLE IF EXISTS car_backup;
EXCEPTION
    WHEN dependent_objects_still_exist THEN
        RAISE NOTICE 'role car_backup is kept: another database still uses it';
END
$$;
