-- Compact codes gain the profile fields (`<items>.<profile>`, see src/analysis/codes.rs).
-- The codes stored before are rewritten from each row's answers by `dra migrate` right after
-- this migration (src/db/recode.rs): SQL cannot evaluate a survey's conditions. Until then, and
-- for any row left in the old form, the analysis reads those rows' JSON instead: slower, equal.
SELECT 1;
