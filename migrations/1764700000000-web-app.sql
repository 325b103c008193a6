-- The web application (issue 22): the receipt's secret, which the tracking link carries and a rating must show,
-- and search without diacritics ("Le Thi Hoa" finds "Lê Thị Hoa").
-- migrate:up
-- At least 64 random bits (api.md); gen_random_uuid() draws from PostgreSQL's strong random source. Existing
-- dossiers get one too, so that staff can print their receipts again with a link that works.
ALTER TABLE dossier ADD COLUMN tracking_secret text NOT NULL DEFAULT replace(gen_random_uuid()::text, '-', '');

-- Vietnamese letters folded to ASCII and lower case. translate() rather than the unaccent extension, which PGlite
-- does not ship; lower() after it, since lower() in the C locale only folds ASCII.
CREATE FUNCTION vi_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT lower(translate(t,
    'àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ',
    'aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyydAAAAAAAAAAAAAAAAAEEEEEEEEEEEIIIIIOOOOOOOOOOOOOOOOOUUUUUUUUUUUYYYYYD'))
$$;

-- The work inbox: open dossiers at a department's step, most urgent first.
CREATE INDEX dossier_inbox ON dossier (step_owner_code, step_due_at) WHERE finished_at IS NULL;

-- migrate:down
DROP INDEX dossier_inbox;
DROP FUNCTION vi_fold(text);
ALTER TABLE dossier DROP COLUMN tracking_secret;
