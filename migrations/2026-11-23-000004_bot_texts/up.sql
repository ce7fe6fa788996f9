CREATE TABLE bot_texts (
    tenant_id bigint NOT NULL REFERENCES tenants (id),
    key text NOT NULL CONSTRAINT bot_texts_key_format CHECK (key ~ '^[a-z][a-z0-9_.]*$'),
    language text NOT NULL CONSTRAINT bot_texts_language_known CHECK (language IN ('ru', 'ky')),
    text text NOT NULL CONSTRAINT bot_texts_text_not_blank CHECK (btrim(text) <> ''),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, key, language)
);

COMMENT ON TABLE bot_texts IS 'What a tenant''s chatbot says, by message key and language.';
COMMENT ON COLUMN bot_texts.key IS 'Message key, e.g. `greeting` or `pattern.missing`.';
COMMENT ON COLUMN bot_texts.language IS '`ru` or `ky`; readers fall back to `ru`.';

CREATE TRIGGER bot_texts_updated_at BEFORE UPDATE ON bot_texts
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

ALTER TABLE bot_texts OWNER TO car_owner;
ALTER TABLE bot_texts ENABLE ROW LEVEL SECURITY;
ALTER TABLE bot_texts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON bot_texts
    USING (tenant_id = (SELECT require_tenant_id()))
    WITH CHECK (tenant_id = (SELECT require_tenant_id()));

GRANT SELECT ON bot_texts TO car_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON bot_texts TO car_import;
