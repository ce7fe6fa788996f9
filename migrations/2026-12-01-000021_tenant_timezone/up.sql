-- Every quote reads the tenant's time zone: a misspelt one would break all of that
-- tenant's quotes, so the directory refuses it when it is written.
CREATE FUNCTION is_time_zone(zone text) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog
AS $$
    SELECT EXISTS (SELECT FROM pg_timezone_names t WHERE t.name = zone)
$$;
ALTER FUNCTION is_time_zone(text) OWNER TO car_owner;
COMMENT ON FUNCTION is_time_zone(text) IS 'Whether PostgreSQL knows the time zone `zone` (e.g. Asia/Bishkek).';
REVOKE EXECUTE ON FUNCTION is_time_zone(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION is_time_zone(text) TO car_operator;

ALTER TABLE tenants ADD CONSTRAINT tenants_timezone_known
    CHECK (is_time_zone(coalesce(settings ->> 'timezone', 'Asia/Bishkek')));
