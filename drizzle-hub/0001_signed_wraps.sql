ALTER TABLE "wrapped_keys" ADD COLUMN "signature" text;--> statement-breakpoint
ALTER TABLE "wrapped_keys" ADD COLUMN "signed_by" text;