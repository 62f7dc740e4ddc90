CREATE TABLE "award_tiers" (
	"id" serial PRIMARY KEY NOT NULL,
	"track_id" integer NOT NULL,
	"key" text NOT NULL,
	"name" jsonb NOT NULL,
	"count" integer NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "award_tiers_trackId_key_unique" UNIQUE("track_id","key")
);
--> statement-breakpoint
CREATE TABLE "contests" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" jsonb NOT NULL,
	"subtitle" jsonb,
	"date" text,
	"venue" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "displays" (
	"contest_id" integer PRIMARY KEY NOT NULL,
	"screen_track_id" integer,
	"board_visible" boolean DEFAULT true NOT NULL,
	"ceremony_track_id" integer,
	"ceremony_step" text DEFAULT 'title' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rubric_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"track_id" integer NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"label" jsonb NOT NULL,
	"description" jsonb,
	"max" integer NOT NULL,
	"step" integer NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "rubric_items_trackId_key_unique" UNIQUE("track_id","key")
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tracks" (
	"id" serial PRIMARY KEY NOT NULL,
	"contest_id" integer NOT NULL,
	"key" text NOT NULL,
	"name" jsonb NOT NULL,
	"position" integer NOT NULL,
	"aggregation" jsonb NOT NULL,
	"tie_breaks" jsonb NOT NULL,
	"min_award_score" integer,
	"timings" jsonb NOT NULL,
	"reveal" text NOT NULL,
	"ceremony_shows_scores" boolean DEFAULT true NOT NULL,
	"draw_seed" text,
	CONSTRAINT "tracks_contestId_key_unique" UNIQUE("contest_id","key")
);
--> statement-breakpoint
CREATE TABLE "entries" (
	"id" serial PRIMARY KEY NOT NULL,
	"contest_id" integer NOT NULL,
	"track_id" integer NOT NULL,
	"code" text NOT NULL,
	"unit" text NOT NULL,
	"model" text NOT NULL,
	"contact" text,
	"position" integer NOT NULL,
	"state" text DEFAULT 'waiting' NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "entries_contestId_code_unique" UNIQUE("contest_id","code")
);
--> statement-breakpoint
CREATE TABLE "judge_tracks" (
	"judge_id" integer NOT NULL,
	"track_id" integer NOT NULL,
	CONSTRAINT "judge_tracks_judge_id_track_id_pk" PRIMARY KEY("judge_id","track_id")
);
--> statement-breakpoint
CREATE TABLE "judges" (
	"id" serial PRIMARY KEY NOT NULL,
	"contest_id" integer NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"affiliation" text,
	"token" text NOT NULL,
	"signed_off_at" timestamp with time zone,
	CONSTRAINT "judges_contestId_key_unique" UNIQUE("contest_id","key"),
	CONSTRAINT "judges_contestId_token_unique" UNIQUE("contest_id","token")
);
--> statement-breakpoint
CREATE TABLE "recusals" (
	"judge_id" integer NOT NULL,
	"entry_id" integer NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recusals_judge_id_entry_id_pk" PRIMARY KEY("judge_id","entry_id")
);
--> statement-breakpoint
CREATE TABLE "command_receipts" (
	"id" serial PRIMARY KEY NOT NULL,
	"contest_id" integer NOT NULL,
	"actor" text NOT NULL,
	"key" text NOT NULL,
	"payload_hash" text NOT NULL,
	"response" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "command_receipts_contestId_actor_key_unique" UNIQUE("contest_id","actor","key")
);
--> statement-breakpoint
CREATE TABLE "sheets" (
	"id" serial PRIMARY KEY NOT NULL,
	"entry_id" integer NOT NULL,
	"judge_id" integer NOT NULL,
	"scores" jsonb,
	"bonus" jsonb,
	"comment" text,
	"submitted_at" timestamp with time zone,
	"submit_count" integer DEFAULT 0 NOT NULL,
	"draft" jsonb,
	"draft_saved_at" timestamp with time zone,
	CONSTRAINT "sheets_entryId_judgeId_unique" UNIQUE("entry_id","judge_id")
);
--> statement-breakpoint
CREATE TABLE "stages" (
	"track_id" integer PRIMARY KEY NOT NULL,
	"entry_id" integer,
	"clock" jsonb
);
--> statement-breakpoint
CREATE TABLE "tie_decisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"track_id" integer NOT NULL,
	"entry_order" jsonb NOT NULL,
	"reason" text NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contest_id" integer NOT NULL,
	"at" bigint NOT NULL,
	"actor_role" text NOT NULL,
	"actor_id" integer,
	"action" text NOT NULL,
	"payload" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "award_tiers" ADD CONSTRAINT "award_tiers_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "displays" ADD CONSTRAINT "displays_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "displays" ADD CONSTRAINT "displays_screen_track_id_tracks_id_fk" FOREIGN KEY ("screen_track_id") REFERENCES "public"."tracks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "displays" ADD CONSTRAINT "displays_ceremony_track_id_tracks_id_fk" FOREIGN KEY ("ceremony_track_id") REFERENCES "public"."tracks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rubric_items" ADD CONSTRAINT "rubric_items_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracks" ADD CONSTRAINT "tracks_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entries" ADD CONSTRAINT "entries_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entries" ADD CONSTRAINT "entries_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_tracks" ADD CONSTRAINT "judge_tracks_judge_id_judges_id_fk" FOREIGN KEY ("judge_id") REFERENCES "public"."judges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_tracks" ADD CONSTRAINT "judge_tracks_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judges" ADD CONSTRAINT "judges_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recusals" ADD CONSTRAINT "recusals_judge_id_judges_id_fk" FOREIGN KEY ("judge_id") REFERENCES "public"."judges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recusals" ADD CONSTRAINT "recusals_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "command_receipts" ADD CONSTRAINT "command_receipts_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sheets" ADD CONSTRAINT "sheets_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sheets" ADD CONSTRAINT "sheets_judge_id_judges_id_fk" FOREIGN KEY ("judge_id") REFERENCES "public"."judges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stages" ADD CONSTRAINT "stages_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stages" ADD CONSTRAINT "stages_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tie_decisions" ADD CONSTRAINT "tie_decisions_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "entries_track_id_position_index" ON "entries" USING btree ("track_id","position");--> statement-breakpoint
CREATE INDEX "audit_log_contest_id_id_index" ON "audit_log" USING btree ("contest_id","id");