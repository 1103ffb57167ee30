-- Country text → ISO alpha-2 code, for the texts the resolver knows.
CREATE OR REPLACE TEMP TABLE country_map (raw VARCHAR, code VARCHAR)
