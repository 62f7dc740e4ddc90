CREATE TABLE "ceremonies" (
	"track_id" integer PRIMARY KEY NOT NULL,
	"step" text DEFAULT 'title' NOT NULL,
	"board_shown" boolean DEFAULT false NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "judge_signoffs" (
	"judge_id" integer NOT NULL,
	"track_id" integer NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "judge_signoffs_judge_id_track_id_pk" PRIMARY KEY("judge_id","track_id")
);
--> statement-breakpoint
ALTER TABLE "sheet_versions" ALTER COLUMN "version" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "displays" ADD COLUMN "language" text DEFAULT 'zh-CN' NOT NULL;--> statement-breakpoint
ALTER TABLE "displays" ADD COLUMN "languages" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "tracks" ADD COLUMN "board_shows_awards" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "tracks" ADD COLUMN "min_award_panel" integer;--> statement-breakpoint
ALTER TABLE "tracks" ADD COLUMN "stage_shows_totals" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "entries" ADD COLUMN "close_reason" text;--> statement-breakpoint
ALTER TABLE "entries" ADD COLUMN "panel_confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "entries" ADD COLUMN "panel_confirm_reason" text;--> statement-breakpoint
ALTER TABLE "sheet_versions" ADD COLUMN "late" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "sheet_versions" ADD COLUMN "status" text DEFAULT 'counted' NOT NULL;--> statement-breakpoint
ALTER TABLE "sheet_versions" ADD COLUMN "note" text;--> statement-breakpoint
ALTER TABLE "sheet_versions" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "ceremonies" ADD CONSTRAINT "ceremonies_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_signoffs" ADD CONSTRAINT "judge_signoffs_judge_id_judges_id_fk" FOREIGN KEY ("judge_id") REFERENCES "public"."judges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_signoffs" ADD CONSTRAINT "judge_signoffs_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Sign-offs so far covered every track of the judge: each becomes one sign-off per track.
INSERT INTO "judge_signoffs" ("judge_id", "track_id", "signed_at")
SELECT j."id", jt."track_id", j."signed_off_at" FROM "judges" AS j JOIN "judge_tracks" AS jt ON jt."judge_id" = j."id"
WHERE j."signed_off_at" IS NOT NULL;--> statement-breakpoint
-- The ceremony on show keeps its step, now on its track's own row.
INSERT INTO "ceremonies" ("track_id", "step")
SELECT "ceremony_track_id", "ceremony_step" FROM "displays" WHERE "ceremony_track_id" IS NOT NULL;--> statement-breakpoint
-- A signature drawn for a sign-off of every track becomes the signature of each track signed off.
INSERT INTO "signatures" ("judge_id", "track_id", "image", "signed_at")
SELECT s."judge_id", so."track_id", s."image", s."signed_at" FROM "signatures" AS s JOIN "judge_signoffs" AS so ON so."judge_id" = s."judge_id"
WHERE s."track_id" IS NULL
AND NOT EXISTS (SELECT 1 FROM "signatures" AS t WHERE t."judge_id" = s."judge_id" AND t."track_id" = so."track_id");--> statement-breakpoint
DELETE FROM "signatures" WHERE "track_id" IS NULL;
