ALTER TABLE `keys` ADD `previous_masked` text;--> statement-breakpoint
ALTER TABLE `keys` ADD `rotated_at` integer;