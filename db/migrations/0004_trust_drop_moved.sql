ALTER TABLE "signatures" DROP CONSTRAINT "signatures_judgeId_trackId_unique";--> statement-breakpoint
ALTER TABLE "signatures" ALTER COLUMN "track_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "displays" DROP COLUMN "ceremony_step";--> statement-breakpoint
ALTER TABLE "judges" DROP COLUMN "signed_off_at";--> statement-breakpoint
ALTER TABLE "signatures" ADD CONSTRAINT "signatures_judgeId_trackId_unique" UNIQUE("judge_id","track_id");