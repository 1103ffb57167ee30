-- Lookup tables filled from TypeScript: title → title class, country text → ISO code.
create or replace temp table aj_title (title varchar, cls varchar);
create or replace temp table aj_country (text varchar, code varchar);
