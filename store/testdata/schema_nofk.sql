-- The demobots schema (schema.sql) with every foreign key constraint removed, as
-- schemas on Vitess/PlanetScale usually are: the relations live in the
-- application, and demobots-tui infers them from the column names.

CREATE TABLE `users` (
  `id` int NOT NULL AUTO_INCREMENT,
  `created_at` datetime NOT NULL,
  `username` varchar(20) NOT NULL,
  `date_of_birth` date NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `users_username_unique` (`username`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `user_profiles` (
  `id` int NOT NULL AUTO_INCREMENT,
  `user_id` int NOT NULL,
  `first_name` varchar(35) NOT NULL,
  `last_name` varchar(35) NOT NULL,
  `title` varchar(35) NOT NULL,
  PRIMARY KEY (`id`),
  KEY `user_profiles_user_id_idx` (`user_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `sessions` (
  `id` int NOT NULL AUTO_INCREMENT,
  `user_id` int NOT NULL,
  `created_at` datetime NOT NULL,
  `duration` int NOT NULL COMMENT 'seconds',
  PRIMARY KEY (`id`),
  KEY `sessions_user_id_idx` (`user_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `levels` (
  `id` int NOT NULL AUTO_INCREMENT,
  `name` varchar(50) NOT NULL,
  `difficulty` int NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `scores` (
  `id` int NOT NULL AUTO_INCREMENT,
  `session_id` int NOT NULL,
  `level_id` int NOT NULL,
  `created_at` datetime NOT NULL,
  `score` int NOT NULL,
  `time_taken` int NOT NULL COMMENT 'seconds',
  `accuracy` float NOT NULL,
  PRIMARY KEY (`id`),
  KEY `scores_session_id_idx` (`session_id`),
  KEY `scores_level_id_idx` (`level_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
