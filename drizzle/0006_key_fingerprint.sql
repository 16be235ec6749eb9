ALTER TABLE `keys` ADD `fingerprint` blob;--> statement-breakpoint
CREATE INDEX `keys_fingerprint_idx` ON `keys` (`fingerprint`);