CREATE TABLE `access_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`secret_hash` blob NOT NULL,
	`scope_hubs` text,
	`scope_providers` text,
	`scope_key_names` text,
	`expires_at` integer,
	`created_at` integer NOT NULL,
	`regenerated_at` integer,
	`last_used_at` integer,
	`use_count` integer DEFAULT 0 NOT NULL,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `access_tokens_live_name_unique` ON `access_tokens` (`name`) WHERE "access_tokens"."revoked_at" IS NULL;