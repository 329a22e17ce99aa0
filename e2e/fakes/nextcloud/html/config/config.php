<?php
// Fixture for the bosun-e2e/nextcloud test image. Its owner (uid 33, www-data) is the only
// user the fake occ accepts, like the real one. Set the maintenance entry to true to have
// `occ status` report maintenance mode.
$CONFIG = array (
  'instanceid' => 'ocbosunfake0',
  'passwordsalt' => 'not-a-secret',
  'secret' => 'not-a-secret',
  'trusted_domains' => array (0 => 'localhost'),
  'datadirectory' => '/var/www/html/data',
  'dbtype' => 'sqlite3',
  'version' => '29.0.0.19',
  'overwrite.cli.url' => 'http://localhost',
  'installed' => true,
  'maintenance' => false,
);
