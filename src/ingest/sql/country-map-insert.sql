-- One batch of `(raw, code), …` rows (escaped by the `sql` tag) into country_map.
INSERT INTO country_map VALUES {{rows}}
