CREATE TABLE "hubs" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"current_key_version" integer,
	"seq" bigint DEFAULT 0 NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "members" (
	"id" text PRIMARY KEY NOT NULL,
	"hub_id" text NOT NULL,
	"role" text NOT NULL,
	"status" text NOT NULL,
	"device_name" text NOT NULL,
	"enc_pub" text NOT NULL,
	"sign_pub" text NOT NULL,
	"proof" text NOT NULL,
	"signature" text,
	"signed_by" text,
	"invited_by" text,
	"token_hash" "bytea" NOT NULL,
	"joined_at" bigint NOT NULL,
	"removed_at" bigint
);
--> statement-breakpoint
CREATE TABLE "invites" (
	"id" text PRIMARY KEY NOT NULL,
	"hub_id" text NOT NULL,
	"role" text NOT NULL,
	"secret_hash" "bytea" NOT NULL,
	"created_by" text,
	"created_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL,
	"used_at" bigint,
	"used_by" text
);
--> statement-breakpoint
CREATE TABLE "wrapped_keys" (
	"hub_id" text NOT NULL,
	"member_id" text NOT NULL,
	"key_version" integer NOT NULL,
	"blob" text NOT NULL,
	CONSTRAINT "wrapped_keys_member_id_key_version_pk" PRIMARY KEY("member_id","key_version")
);
--> statement-breakpoint
CREATE TABLE "items" (
	"hub_id" text NOT NULL,
	"id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"ciphertext" text NOT NULL,
	"deleted" boolean NOT NULL,
	"key_version" integer NOT NULL,
	"updated_at" bigint NOT NULL,
	"updated_by" text NOT NULL,
	"seq" bigint NOT NULL,
	CONSTRAINT "items_hub_id_id_pk" PRIMARY KEY("hub_id","id")
);
--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invites" ADD CONSTRAINT "invites_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wrapped_keys" ADD CONSTRAINT "wrapped_keys_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wrapped_keys" ADD CONSTRAINT "wrapped_keys_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "members_hub_idx" ON "members" USING btree ("hub_id");--> statement-breakpoint
CREATE UNIQUE INDEX "items_hub_seq_idx" ON "items" USING btree ("hub_id","seq");