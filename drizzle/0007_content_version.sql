CREATE TABLE `content_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `content_version` (`id`, `version`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `keys_content_insert` AFTER INSERT ON `keys` BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `keys_content_delete` AFTER DELETE ON `keys` BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `keys_content_update` AFTER UPDATE OF `id`, `hub_id`, `provider`, `name`, `secret`, `masked`, `notes`, `base_url`, `expires_at`, `created_at`, `updated_at`, `deleted_at`, `previous_masked`, `rotated_at`, `fingerprint` ON `keys` BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `hubs_content_insert` AFTER INSERT ON `hubs` BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `hubs_content_delete` AFTER DELETE ON `hubs` BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `hubs_content_update` AFTER UPDATE ON `hubs` BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
