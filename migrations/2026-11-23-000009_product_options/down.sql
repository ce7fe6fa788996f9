DROP TABLE product_options;
