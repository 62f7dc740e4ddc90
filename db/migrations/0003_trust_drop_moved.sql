ALTER TABLE "displays" DROP COLUMN "ceremony_step";--> statement-breakpoint
ALTER TABLE "judges" DROP COLUMN "signed_off_at";