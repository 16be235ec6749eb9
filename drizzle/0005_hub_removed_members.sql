CREATE TABLE `hub_removed_members` (
	`hub_id` text NOT NULL,
	`member_id` text NOT NULL,
	`removed_at` integer NOT NULL,
	PRIMARY KEY(`hub_id`, `member_id`),
	FOREIGN KEY (`hub_id`) REFERENCES `hubs`(`id`) ON UPDATE no action ON DELETE cascade
);
