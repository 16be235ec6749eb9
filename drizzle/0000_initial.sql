CREATE TABLE `hubs` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `keys` (
	`id` text PRIMARY KEY NOT NULL,
	`hub_id` text NOT NULL,
	`provider` text NOT NULL,
	`name` text NOT NULL,
	`secret` blob NOT NULL,
	`masked` text NOT NULL,
	`notes` text,
	`base_url` text,
	`expires_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`usage_count` integer DEFAULT 0 NOT NULL,
	`last_used_at` integer,
	`deleted_at` integer,
	FOREIGN KEY (`hub_id`) REFERENCES `hubs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `keys_live_name_unique` ON `keys` (`hub_id`,`provider`,`name`) WHERE "keys"."deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX `keys_expires_at_idx` ON `keys` (`expires_at`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_type` text NOT NULL,
	`actor_name` text NOT NULL,
	`action` text NOT NULL,
	`key_id` text,
	`hub_id` text,
	`hub_name` text,
	`provider` text,
	`key_name` text,
	`result` text NOT NULL,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `audit_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_key_idx` ON `audit_log` (`key_id`);