CREATE TABLE `content_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `content_version` (`id`, `version`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `access_tokens_content_insert` AFTER INSERT ON `access_tokens` BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `access_tokens_content_delete` AFTER DELETE ON `access_tokens` BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `access_tokens_content_update` AFTER UPDATE OF `id`, `name`, `secret_hash`, `scope_hubs`, `scope_providers`, `scope_key_names`, `expires_at`, `created_at`, `regenerated_at`, `revoked_at`, `ask_before_use` ON `access_tokens` BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `token_policies_content_insert` AFTER INSERT ON `token_policies` BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `token_policies_content_delete` AFTER DELETE ON `token_policies` BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `token_policies_content_update` AFTER UPDATE ON `token_policies` BEGIN
	UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
