// @generated automatically by Diesel CLI.

diesel::table! {
    /// Body styles (sedan, suv, minivan, ...); prices and options may depend on them.
    body_types (id) {
        /// Stable code used in data files and the API, e.g. `sedan`, `suv`.
        code -> Text,
        /// Surrogate key.
        id -> Int8,
        /// Name shown to customers in Kyrgyz.
        name_ky -> Text,
        /// Name shown to customers in Russian.
        name_ru -> Text,
        /// Position in lists shown to customers (ascending).
        sort_order -> Int4,
    }
}

diesel::table! {
    /// What a tenant's chatbot says, by message key and language.
    bot_texts (tenant_id, key, language) {
        /// Message key, e.g. `greeting` or `pattern.missing`.
        key -> Text,
        /// `ru` or `ky`; readers fall back to `ru`.
        language -> Text,
        /// The workshop whose chatbot says this text.
        tenant_id -> Int8,
        /// The message as the chatbot sends it.
        text -> Text,
        /// When the text last changed.
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    /// Car makes, shared by all tenants.
    brands (id) {
        /// Other spellings and slang (`тайота`, `мерс`, `ВАЗ`).
        aliases -> Array<Text>,
        /// When the brand was added (by the seed or an import).
        created_at -> Timestamptz,
        /// Surrogate key.
        id -> Int8,
        /// Canonical Latin name, e.g. `Toyota`.
        name -> Text,
        /// Russian spelling customers use, e.g. `тойота`.
        name_ru -> Text,
        /// Stable Latin identifier, e.g. `toyota`, `lada`.
        slug -> Text,
        /// When the brand last changed.
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    /// Every car-import run of a supplier file: what it changed, or why it failed.
    import_runs (tenant_id, id) {
        /// Patterns the run added.
        added -> Int4,
        /// The product category the patterns are for; NULL when the run failed before it was known.
        category_id -> Nullable<Int8>,
        /// Why the run failed; NULL when it did not.
        error -> Nullable<Text>,
        /// The supplier file as given to car-import.
        file_name -> Text,
        /// SHA-256 of the file's bytes (lowercase hex): the same file gives the same value.
        file_sha256 -> Text,
        /// When the run ended (committed or failed).
        finished_at -> Timestamptz,
        /// Surrogate key.
        id -> Int8,
        /// Patterns the file no longer lists, made unavailable.
        made_unavailable -> Int4,
        /// `imported` (something changed), `unchanged` (the same file again) or `failed` (nothing changed).
        outcome -> Text,
        /// Supplier rows rejected by cleaning (written to the rejects file with reasons).
        rejected -> Int4,
        /// Supplier rows read from the file.
        rows_read -> Int4,
        /// When car-import began the run.
        started_at -> Timestamptz,
        /// The workshop the file was imported for.
        tenant_id -> Int8,
        /// Patterns the file listed as they already were.
        unchanged -> Int4,
        /// Patterns whose notes or availability the run changed.
        updated -> Int4,
    }
}

diesel::table! {
    /// Search document of each model (brand + name) and of each brand (empty model name), built by the library.
    model_search (brand_id, model_name) {
        /// The brand the document is about.
        brand_id -> Int8,
        /// Every spelling of the brand and model, normalized, for the search index.
        doc -> Text,
        /// The model the document is about; empty for the brand's own document.
        model_name -> Text,
    }
}

diesel::table! {
    /// One generation of a car model, shared by all tenants.
    models (id) {
        /// Other spellings and slang of the model (`камрюха`, `крузак`).
        aliases -> Array<Text>,
        /// The body type, when known.
        body_type_id -> Nullable<Int8>,
        /// The model's brand.
        brand_id -> Int8,
        /// When the row was added (by the seed or an import).
        created_at -> Timestamptz,
        /// Generation code, e.g. `XV70`, `W211`; NULL when unknown.
        generation -> Nullable<Text>,
        /// Words that name this generation (`70`, `сотка`).
        generation_aliases -> Array<Text>,
        /// Surrogate key.
        id -> Int8,
        /// Anything else known about the generation (JSON object).
        metadata -> Jsonb,
        /// Canonical Latin name, e.g. `Camry`, `Land Cruiser Prado`.
        name -> Text,
        /// Russian spelling, e.g. `камри`.
        name_ru -> Nullable<Text>,
        /// 0 (unknown) to 5 (very common in Kyrgyzstan); breaks search ties.
        popularity -> Int2,
        /// When the row last changed.
        updated_at -> Timestamptz,
        /// First model year; NULL when unknown.
        year_from -> Nullable<Int4>,
        /// Last model year; NULL while still made or unknown.
        year_to -> Nullable<Int4>,
    }
}

diesel::table! {
    /// A car model only this workshop's supplier lists: the catalogue lacks it, until an operator adopts it.
    own_models (tenant_id, id) {
        /// The body type, when the supplier says.
        body_type_id -> Nullable<Int8>,
        /// The brand's catalogue name, or the supplier's spelling of a brand the catalogue lacks.
        brand -> Text,
        /// The catalogue's brand, when it has the brand.
        brand_id -> Nullable<Int8>,
        /// When an import first listed it.
        created_at -> Timestamptz,
        /// A generation word the catalogue lacks (`B3`), when the supplier wrote one.
        generation -> Nullable<Text>,
        /// Surrogate key; the chatbot API shows it as the negative ModelId.
        id -> Int8,
        /// The model as the supplier names it.
        name -> Text,
        /// The supplier's Cyrillic spelling, when it wrote one.
        name_ru -> Nullable<Text>,
        /// The workshop whose supplier lists it.
        tenant_id -> Int8,
    }
}

diesel::table! {
    /// The catalogue generations a workshop's pattern fits (a row spanning two generations fits both).
    pattern_generations (tenant_id, model_id, pattern_id) {
        /// A catalogue generation.
        model_id -> Int8,
        /// The workshop's pattern.
        pattern_id -> Int8,
        /// The workshop that has the pattern.
        tenant_id -> Int8,
    }
}

diesel::table! {
    /// A workshop's pattern: one supplier row (merged with its duplicates), with the supplier's facts.
    patterns (tenant_id, id) {
        /// False when the supplier no longer lists the model; rows are kept, never deleted.
        available -> Bool,
        /// The product the pattern is for (EVA mats, seat covers…).
        category_id -> Int8,
        /// When the pattern was first imported.
        created_at -> Timestamptz,
        /// Surrogate key.
        id -> Int8,
        /// Brand and model as the supplier printed them.
        label -> Text,
        /// The supplier's description, kept as written.
        notes -> Text,
        /// The workshop's own model, when the catalogue lacks the car.
        own_model_id -> Nullable<Int8>,
        /// Catalogue generations the row may be, when it names none (for review); empty otherwise.
        review_candidates -> Array<Int8>,
        /// `left` or `right` hand drive, when the supplier says.
        steering -> Nullable<Text>,
        /// The supplier's own ID of the row as printed (`|` between merged duplicates).
        supplier_id -> Text,
        /// The workshop that has the pattern.
        tenant_id -> Int8,
        /// The pattern covers a third row of seats.
        three_rows -> Bool,
        /// When an import last changed it.
        updated_at -> Timestamptz,
        /// What identifies the supplier's row from one file to the next: brand, model, generation, years, steering, rows.
        variant_key -> Text,
        /// The supplier's first year for this variant; NULL when it gives none.
        year_from -> Nullable<Int4>,
        /// The supplier's last year for this variant; NULL when open or not given.
        year_to -> Nullable<Int4>,
    }
}

diesel::table! {
    /// Per-tenant price list: base prices of categories and surcharges of options.
    prices (tenant_id, id) {
        /// The price, or the option's surcharge, in `currency`.
        amount -> Numeric,
        /// Body type the price applies to; NULL means all body types.
        body_type_id -> Nullable<Int8>,
        /// The product priced.
        category_id -> Int8,
        /// When the price was entered.
        created_at -> Timestamptz,
        /// ISO 4217 code, e.g. `KGS`.
        currency -> Text,
        /// Surrogate key.
        id -> Int8,
        /// NULL for the category's base price; otherwise the option this surcharge is for.
        option_id -> Nullable<Int8>,
        /// For `choice` options, the value the surcharge is for.
        option_value -> Nullable<Text>,
        /// The workshop whose price this is.
        tenant_id -> Int8,
        /// First day the price is in force.
        valid_from -> Date,
        /// First day the price is no longer in force; NULL means open-ended.
        valid_to -> Nullable<Date>,
    }
}

diesel::table! {
    /// What can be made for a car: `eva_mats`, `5d_mats`, `seat_covers`, ...
    product_categories (id) {
        /// Inactive categories are not offered or quoted.
        active -> Bool,
        /// Stable code used in data files and the API, e.g. `eva_mats`.
        code -> Text,
        /// What the product is, in Kyrgyz.
        description_ky -> Text,
        /// What the product is, in Russian.
        description_ru -> Text,
        /// Surrogate key.
        id -> Int8,
        /// Name shown to customers in Kyrgyz.
        name_ky -> Text,
        /// Name shown to customers in Russian.
        name_ru -> Text,
        /// Position in lists shown to customers (ascending).
        sort_order -> Int4,
    }
}

diesel::table! {
    /// Choices a customer makes within a category: borders, third row, material, ...
    product_options (id) {
        /// Values of a `choice` option; empty for the other types.
        allowed_values -> Array<Text>,
        /// Body types the option applies to; empty means all.
        body_type_codes -> Array<Text>,
        /// The product the option belongs to.
        category_id -> Int8,
        /// Stable code used in data files and the API, e.g. `with_borders`.
        code -> Text,
        /// Surrogate key.
        id -> Int8,
        /// Name shown to customers in Kyrgyz.
        name_ky -> Text,
        /// Name shown to customers in Russian.
        name_ru -> Text,
        /// `boolean` (on/off), `choice` (one of allowed_values) or `addon` (an extra item).
        option_type -> Text,
        /// Position in lists shown to customers (ascending).
        sort_order -> Int4,
    }
}

diesel::table! {
    /// The search data's version is the sum of these counters, each bumped when its writer changes brands, body_types, models or model_search; processes reload their in-memory search index when it moves.
    search_version (writer) {
        /// How many statements of this writer changed the search data.
        version -> Int8,
        /// The tenant id an import wrote for, or empty for the operator's tools and migrations.
        writer -> Text,
    }
}

diesel::table! {
    /// Workshops that sell through chatbots; every per-tenant row points here.
    tenants (id) {
        /// Inactive tenants cannot be opened by chatbots.
        active -> Bool,
        /// Phones, addresses and links shown to customers (JSON object).
        contacts -> Jsonb,
        /// When the workshop was added.
        created_at -> Timestamptz,
        /// Surrogate key; every per-tenant row points here.
        id -> Int8,
        /// The workshop's name as customers know it.
        name -> Text,
        /// Default `language` (ru, ky), `currency` (ISO 4217) and `timezone`.
        settings -> Jsonb,
        /// Stable identifier used by chatbots and the importer, e.g. `evopoliki`.
        slug -> Text,
        /// When the directory entry last changed.
        updated_at -> Timestamptz,
    }
}

diesel::joinable!(bot_texts -> tenants (tenant_id));
diesel::joinable!(import_runs -> product_categories (category_id));
diesel::joinable!(import_runs -> tenants (tenant_id));
diesel::joinable!(models -> body_types (body_type_id));
diesel::joinable!(models -> brands (brand_id));
diesel::joinable!(own_models -> body_types (body_type_id));
diesel::joinable!(own_models -> brands (brand_id));
diesel::joinable!(own_models -> tenants (tenant_id));
diesel::joinable!(pattern_generations -> models (model_id));
diesel::joinable!(pattern_generations -> tenants (tenant_id));
diesel::joinable!(patterns -> product_categories (category_id));
diesel::joinable!(patterns -> tenants (tenant_id));
diesel::joinable!(prices -> body_types (body_type_id));
diesel::joinable!(prices -> product_categories (category_id));
diesel::joinable!(prices -> tenants (tenant_id));
diesel::joinable!(product_options -> product_categories (category_id));

diesel::allow_tables_to_appear_in_same_query!(
    body_types,
    bot_texts,
    brands,
    import_runs,
    model_search,
    models,
    own_models,
    pattern_generations,
    patterns,
    prices,
    product_categories,
    product_options,
    search_version,
    tenants,
);
