-- The web application (issue 22): the receipt's secret, which the tracking link carries and a rating must show,
-- search without diacritics, and the work inbox's indexes.
-- migrate:up
-- At least 64 random bits (api.md); gen_random_uuid() draws from PostgreSQL's strong random source. Existing
-- dossiers get one too, so that staff can print their receipts again with a link that works.
ALTER TABLE dossier ADD COLUMN tracking_secret text NOT NULL DEFAULT replace(gen_random_uuid()::text, '-', '');

-- The applicant's name folded for search without diacritics ("Le Thi Hoa" finds "Lê Thị Hoa"): written once at
-- reception by the server (viFold in src/common/vi-fold.ts), so a search compares text instead of folding every row.
-- Existing rows are folded here the same way: Vietnamese letters to ASCII by translate() (PGlite has no unaccent),
-- then lower() (which in the C locale folds ASCII only, hence after the translation).
ALTER TABLE dossier ADD COLUMN applicant_name_folded text;
UPDATE dossier SET applicant_name_folded = lower(translate(applicant_name,
  'àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ',
  'aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyydAAAAAAAAAAAAAAAAAEEEEEEEEEEEIIIIIOOOOOOOOOOOOOOOOOUUUUUUUUUUUYYYYYD'));
ALTER TABLE dossier ALTER COLUMN applicant_name_folded SET NOT NULL;

-- The work inbox: open dossiers at a department's step, most urgent first, in the order the page lists them (a page
-- is the index's first rows, not a sort of thousands). It carries what the badges and their counts read, so that
-- counting a department's open dossiers does not visit the wide rows.
CREATE INDEX dossier_inbox ON dossier (step_owner_code, step_due_at, code) INCLUDE (status, condition, warn_at, procedure_code)
  WHERE finished_at IS NULL;
-- The centre's other work: results to hand back, papers and fees the citizen owes (the inbox's second source).
CREATE INDEX dossier_centre_pending ON dossier (agency_code, step_due_at, code)
  WHERE finished_at IS NULL AND (resolved_at IS NOT NULL OR status IN ('awaiting_supplement', 'awaiting_payment'));

-- migrate:down
DROP INDEX dossier_centre_pending;
DROP INDEX dossier_inbox;
ALTER TABLE dossier DROP COLUMN applicant_name_folded;
ALTER TABLE dossier DROP COLUMN tracking_secret;
