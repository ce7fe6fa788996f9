DROP FUNCTION set_updated_at();
DROP FUNCTION require_tenant_id();
