CREATE TABLE "sheet_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"entry_id" integer NOT NULL,
	"judge_id" integer NOT NULL,
	"version" integer NOT NULL,
	"submission_id" text NOT NULL,
	"payload_hash" text NOT NULL,
	"scores" jsonb NOT NULL,
	"bonus" jsonb NOT NULL,
	"comment" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sheet_versions_entryId_judgeId_version_unique" UNIQUE("entry_id","judge_id","version"),
	CONSTRAINT "sheet_versions_judgeId_submissionId_unique" UNIQUE("judge_id","submission_id")
);
--> statement-breakpoint
CREATE TABLE "audit_heads" (
	"contest_id" integer PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL,
	"config_version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
DROP INDEX "audit_log_contest_id_id_index";--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "seq" bigint;--> statement-breakpoint
-- Existing records are numbered in the order they were appended (their ids), per contest.
UPDATE "audit_log" AS a SET "seq" = r.rn FROM (SELECT "id", row_number() OVER (PARTITION BY "contest_id" ORDER BY "id") AS rn FROM "audit_log") AS r WHERE a."id" = r."id";--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "seq" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "effects" jsonb;--> statement-breakpoint
ALTER TABLE "sheet_versions" ADD CONSTRAINT "sheet_versions_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sheet_versions" ADD CONSTRAINT "sheet_versions_judge_id_judges_id_fk" FOREIGN KEY ("judge_id") REFERENCES "public"."judges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_heads" ADD CONSTRAINT "audit_heads_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_contestId_seq_unique" UNIQUE("contest_id","seq");--> statement-breakpoint
-- Every contest gets its head: the last record's seq and hash (or the genesis hash when it has none).
INSERT INTO "audit_heads" ("contest_id", "seq", "hash", "config_version")
SELECT c."id", COALESCE(last."seq", 0), COALESCE(last."hash", repeat('0', 64)), 1
FROM "contests" AS c
LEFT JOIN LATERAL (SELECT "seq", "hash" FROM "audit_log" WHERE "contest_id" = c."id" ORDER BY "seq" DESC LIMIT 1) AS last ON true;--> statement-breakpoint
-- The sheets submitted so far become their current version.
INSERT INTO "sheet_versions" ("entry_id", "judge_id", "version", "submission_id", "payload_hash", "scores", "bonus", "comment", "submitted_at")
SELECT "entry_id", "judge_id", "submit_count", 'legacy-' || "id", '', "scores", COALESCE("bonus", '{}'::jsonb), COALESCE("comment", ''), "submitted_at"
FROM "sheets" WHERE "submitted_at" IS NOT NULL AND "scores" IS NOT NULL AND "submit_count" > 0;