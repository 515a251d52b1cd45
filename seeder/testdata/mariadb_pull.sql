-- Schema of database `zz_exp_types`, pulled by demobots-tui from MariaDB 10.11 (SHOW CREATE TABLE): every column type family.

CREATE TABLE `parent` (
  `id` int(11) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci
;

CREATE TABLE `every` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `ti` tinyint(1) DEFAULT 0,
  `si` smallint(6) DEFAULT NULL,
  `mi` mediumint(8) unsigned zerofill DEFAULT NULL,
  `i` int(11) DEFAULT NULL,
  `bi` bigint(20) DEFAULT NULL,
  `dec1` decimal(10,2) unsigned DEFAULT 0.00,
  `f` float DEFAULT NULL,
  `f2` float(7,3) DEFAULT NULL,
  `d` double DEFAULT NULL,
  `r` double DEFAULT NULL,
  `b` bit(3) DEFAULT b'0',
  `bo` tinyint(1) DEFAULT NULL,
  `c` char(3) DEFAULT NULL,
  `vc` varchar(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL,
  `tt` tinytext DEFAULT NULL,
  `t` text DEFAULT NULL,
  `mt` mediumtext DEFAULT NULL,
  `lt` longtext DEFAULT NULL COMMENT 'long',
  `bn` binary(4) DEFAULT NULL,
  `vb` varbinary(16) DEFAULT NULL,
  `tb` tinyblob DEFAULT NULL,
  `bl` blob DEFAULT NULL,
  `mb` mediumblob DEFAULT NULL,
  `lb` longblob DEFAULT NULL,
  `e` enum('a','b') NOT NULL DEFAULT 'a',
  `s` set('x','y') DEFAULT NULL,
  `dt` date DEFAULT NULL,
  `dtm` datetime(6) DEFAULT '2000-01-01 00:00:00.000000',
  `ts` timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),
  `tm` time(3) DEFAULT NULL,
  `y` year(4) DEFAULT NULL,
  `j` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(`j`)),
  `g` geometry DEFAULT NULL,
  `p` point NOT NULL,
  `ls` linestring DEFAULT NULL,
  `pg` polygon DEFAULT NULL,
  `u` uuid DEFAULT NULL,
  `ip6` inet6 DEFAULT NULL,
  `ip4` inet4 DEFAULT NULL,
  `gen` int(11) GENERATED ALWAYS AS (`i` * 2) VIRTUAL,
  `gens` int(11) GENERATED ALWAYS AS (`i` + 1) STORED,
  `inv` int(11) INVISIBLE DEFAULT NULL,
  `cmp` varchar(100) /*M!100301 COMPRESSED*/ DEFAULT NULL,
  `pid` int(11) DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uq` (`c`,`vc`),
  KEY `k` (`i`) COMMENT 'idx',
  SPATIAL KEY `sp` (`p`),
  KEY `pfx` (`vc`(5)),
  KEY `desc_k` (`bi` DESC),
  KEY `fk` (`pid`),
  FULLTEXT KEY `ft` (`t`),
  CONSTRAINT `fk` FOREIGN KEY (`pid`) REFERENCES `parent` (`id`) ON DELETE SET NULL ON UPDATE CASCADE,
  CONSTRAINT `chk` CHECK (`i` > 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='every type'
;

CREATE TABLE `aria` (
  `id` int(11) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=Aria DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci PAGE_CHECKSUM=1 TRANSACTIONAL=1
;

CREATE TABLE `ver` (
  `id` int(11) DEFAULT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci WITH SYSTEM VERSIONING
;

CREATE TABLE `part` (
  `id` int(11) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci
 PARTITION BY HASH (`id`)
PARTITIONS 2
;

CREATE TABLE `sq` (
  `id` int(11) NOT NULL,
  `v` int(11) DEFAULT (1 + 2),
  `w` varchar(10) DEFAULT concat('a','b'),
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci
;

CREATE TABLE `ids` (
  `id` uuid NOT NULL DEFAULT uuid(),
  `ip` inet6 DEFAULT NULL,
  `y` year(4) NOT NULL DEFAULT 2024,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci
;
