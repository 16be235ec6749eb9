CREATE TABLE `broker_calls` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`token_id` text NOT NULL,
	`token_name` text NOT NULL,
	`session_id` text,
	`key_id` text,
	`key_name` text NOT NULL,
	`hub_name` text,
	`provider` text NOT NULL,
	`model` text,
	`method` text NOT NULL,
	`status` integer NOT NULL,
	`input_tokens` integer,
	`output_tokens` integer,
	`cached_input_tokens` integer,
	`cost_usd` real,
	`duration_ms` integer NOT NULL,
	`streamed` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX `broker_calls_at` ON `broker_calls` (`at`);--> statement-breakpoint
CREATE INDEX `broker_calls_token_at` ON `broker_calls` (`token_id`,`at`);