CREATE TABLE patterns (
    tenant_id bigint NOT NULL REFERENCES tenants (id),
    category_id bigint NOT NULL REFERENCES product_categories (id),
    model_id bigint NOT NULL REFERENCES models (id),
    available boolean NOT NULL DEFAULT true,
    notes text NOT NULL DEFAULT '',
    source text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, category_id, model_id)
);

CREATE INDEX patterns_tenant_model ON patterns (tenant_id, model_id);

COMMENT ON TABLE patterns IS 'Which tenant can make which category for which model.';
COMMENT ON COLUMN patterns.available IS 'False when the supplier no longer lists the model; rows are kept, never deleted.';
COMMENT ON COLUMN patterns.notes IS 'The supplier''s description, kept as written.';
COMMENT ON COLUMN patterns.source IS 'Where the row came from, e.g. the supplier file and its row id.';

CREATE TRIGGER patterns_updated_at BEFORE UPDATE ON patterns
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

ALTER TABLE patterns OWNER TO car_owner;
ALTER TABLE patterns ENABLE ROW LEVEL SECURITY;
ALTER TABLE patterns FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON patterns
    USING (tenant_id = (SELECT require_tenant_id()))
    WITH CHECK (tenant_id = (SELECT require_tenant_id()));

GRANT SELECT ON patterns TO car_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON patterns TO car_import;
