DROP TABLE body_types;
