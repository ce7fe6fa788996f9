-- The tenant of the current transaction, set by the library with
-- `SET LOCAL app.tenant_id = '<id>'`. A query on a per-tenant table without it
-- is a bug, so it raises instead of returning no rows. After a transaction-local
-- setting ends PostgreSQL reads it back as '' (not NULL): both mean "not set".
CREATE FUNCTION require_tenant_id() RETURNS bigint
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog
AS $$
DECLARE
    setting text := current_setting('app.tenant_id', true);
BEGIN
    IF setting IS NULL OR setting = '' THEN
        RAISE EXCEPTION 'tenant is not set: app.tenant_id must be set with SET LOCAL inside the transaction'
            USING ERRCODE = '42501';
    END IF;
    RETURN setting::bigint;
END
$$;
ALTER FUNCTION require_tenant_id() OWNER TO car_owner;
COMMENT ON FUNCTION require_tenant_id() IS 'The tenant id set for this transaction (app.tenant_id); raises when it is not set.';

-- Keeps updated_at honest whatever the writer forgets.
CREATE FUNCTION set_updated_at() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF NEW IS DISTINCT FROM OLD THEN
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END
$$;
ALTER FUNCTION set_updated_at() OWNER TO car_owner;
