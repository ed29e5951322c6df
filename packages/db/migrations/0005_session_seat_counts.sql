ALTER TABLE "sessions" ADD COLUMN "seats_taken" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "waiting_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- The counts follow every change of enrolments, whichever code makes it. Inserts are counted per
-- statement (a bulk import updates each session once); updates and deletes per row, and an update
-- that leaves the status and the session alone (last activity, bookmark) fires nothing.
CREATE FUNCTION "enrolments_count_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "sessions" s
     SET "seats_taken" = s."seats_taken" + d.seats, "waiting_count" = s."waiting_count" + d.waiting
    FROM (SELECT "session_id",
                 count(*) FILTER (WHERE "status" IN ('enrolled', 'completed')) AS seats,
                 count(*) FILTER (WHERE "status" = 'waitlisted') AS waiting
            FROM inserted WHERE "session_id" IS NOT NULL GROUP BY "session_id") d
   WHERE s."id" = d."session_id" AND (d.seats > 0 OR d.waiting > 0);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "enrolments_count_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD."session_id" IS NOT NULL THEN
    UPDATE "sessions"
       SET "seats_taken" = "seats_taken" - (OLD."status" IN ('enrolled', 'completed'))::int,
           "waiting_count" = "waiting_count" - (OLD."status" = 'waitlisted')::int
     WHERE "id" = OLD."session_id";
  END IF;
  IF TG_OP = 'UPDATE' AND NEW."session_id" IS NOT NULL THEN
    UPDATE "sessions"
       SET "seats_taken" = "seats_taken" + (NEW."status" IN ('enrolled', 'completed'))::int,
           "waiting_count" = "waiting_count" + (NEW."status" = 'waitlisted')::int
     WHERE "id" = NEW."session_id";
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "enrolments_count_inserted" AFTER INSERT ON "enrolments"
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION "enrolments_count_inserted"();--> statement-breakpoint
CREATE TRIGGER "enrolments_count_updated" AFTER UPDATE OF "status", "session_id" ON "enrolments"
  FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."session_id" IS DISTINCT FROM NEW."session_id")
  EXECUTE FUNCTION "enrolments_count_changed"();--> statement-breakpoint
CREATE TRIGGER "enrolments_count_deleted" AFTER DELETE ON "enrolments"
  FOR EACH ROW EXECUTE FUNCTION "enrolments_count_changed"();--> statement-breakpoint
UPDATE "sessions" s
   SET "seats_taken" = c.seats, "waiting_count" = c.waiting
  FROM (SELECT "session_id",
               count(*) FILTER (WHERE "status" IN ('enrolled', 'completed')) AS seats,
               count(*) FILTER (WHERE "status" = 'waitlisted') AS waiting
          FROM "enrolments" WHERE "session_id" IS NOT NULL GROUP BY "session_id") c
 WHERE s."id" = c."session_id";
