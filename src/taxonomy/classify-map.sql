-- Skill string → taxonomy skill and subfield, filled from TypeScript (match.ts).
create or replace temp table tf_skill_map (s VARCHAR, skill VARCHAR, subfield VARCHAR)
