-- One synthetic CSV (src, dst: string literals) to Parquet; columns is the typed select list
-- (`CAST(NULLIF("c", '') AS …) AS "c", …`).
COPY (SELECT {{columns}} FROM read_csv({{src}}, all_varchar = true, header = true))
  TO {{dst}} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)
