CREATE TABLE `device_identity` (
	`id` text PRIMARY KEY NOT NULL,
	`device_name` text NOT NULL,
	`enc_public` blob NOT NULL,
	`sign_public` blob NOT NULL,
	`enc_private_sealed` blob NOT NULL,
	`sign_private_sealed` blob NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `hub_memberships` (
	`hub_id` text PRIMARY KEY NOT NULL,
	`hub_url` text NOT NULL,
	`member_id` text NOT NULL,
	`role` text NOT NULL,
	`device_token_sealed` blob NOT NULL,
	`current_key_version` integer DEFAULT 0 NOT NULL,
	`pinned_signer_key` text NOT NULL,
	`cursor` integer DEFAULT 0 NOT NULL,
	`status` text NOT NULL,
	`joined_at` integer NOT NULL,
	`last_sync_at` integer,
	`last_error` text,
	FOREIGN KEY (`hub_id`) REFERENCES `hubs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `hub_keys` (
	`hub_id` text NOT NULL,
	`key_version` integer NOT NULL,
	`sealed` blob NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`hub_id`, `key_version`),
	FOREIGN KEY (`hub_id`) REFERENCES `hubs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `hub_member_pins` (
	`hub_id` text NOT NULL,
	`member_id` text NOT NULL,
	`device_name` text NOT NULL,
	`enc_pub` text NOT NULL,
	`sign_pub` text NOT NULL,
	`pinned_at` integer NOT NULL,
	PRIMARY KEY(`hub_id`, `member_id`),
	FOREIGN KEY (`hub_id`) REFERENCES `hubs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `hub_item_state` (
	`hub_id` text NOT NULL,
	`item_id` text NOT NULL,
	`revision` integer NOT NULL,
	`key_version` integer NOT NULL,
	`deleted` integer NOT NULL,
	PRIMARY KEY(`hub_id`, `item_id`),
	FOREIGN KEY (`hub_id`) REFERENCES `hubs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `sync_outbox` (
	`hub_id` text NOT NULL,
	`item_id` text NOT NULL,
	`op` text NOT NULL,
	`queued_at` integer NOT NULL,
	PRIMARY KEY(`hub_id`, `item_id`),
	FOREIGN KEY (`hub_id`) REFERENCES `hubs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `hub_invites` (
	`invite_id` text PRIMARY KEY NOT NULL,
	`hub_id` text NOT NULL,
	`role` text NOT NULL,
	`secret_sealed` blob NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`hub_id`) REFERENCES `hubs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `hub_sync_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`hub_id` text NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`item_id` text,
	`member_id` text,
	`detail` text NOT NULL,
	FOREIGN KEY (`hub_id`) REFERENCES `hubs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `hub_sync_reports_hub_idx` ON `hub_sync_reports` (`hub_id`,`at`);