export const USAGE = `twb — TW Workbench command line

Usage:
  twb serve [--port N] [--no-open]     start web mode on 127.0.0.1 and print its URL
  twb server list [--json]             the configured servers (the built-in Demo first)
  twb server add NAME --host H [--port P] --user U
                 (--key FILE [--passphrase-env VAR] | --password-env VAR | --agent)
                 [--root /var/www/site] [--role production|preprod] [--jump USER@HOST:PORT]
                 [--url https://SITE] [--preprod-link-env VAR] [--group G] [--tag T]...
                                       add an SSH server (secrets are read from env variables);
                                       its group and tags pick it in the fleet's views
  twb server import (--csv FILE | --ssh-config [HOST...]) [--group G] [--tag T]... [--user U]
                   [--dry-run] [--json]
                                       add many servers at once: a CSV whose first line names its
                                       columns (name, host, user, port, auth, key, jump,
                                       cms_root, role, group, tags, production_url; no secret),
                                       or the Hosts of ~/.ssh/config (all, or those named);
                                       each checked as by server add, those refused said (exit 1)
  twb server import-ssh-config [--json]
                                       list the hosts of ~/.ssh/config (to add with server add)
  twb server remove NAME
  twb server trust NAME [--yes] [--replace]
                                       show the host key's SHA256 fingerprint; store it with --yes
  twb ls SERVER PATH [--json]          list a folder on a server
  twb cat SERVER PATH                  print a file of a server
  twb tail SERVER PATH [-n N] [--follow]
                                       the last N lines (default 10), then new ones
  twb exec SERVER -- ARGS...           run a command (arguments quoted for the remote shell)
  twb rights reset SERVER [--timeout SECONDS]
                                       create <cms root>/tw_supervisor/api/reset_rights and wait
                                       until the supervisor handles it (default 120 s)
  twb rights audit SERVER [--json]     files under the CMS root the login does not own
  twb slowlog summary FILE... [--fpm-log FILE]... [--access-log FILE]... [--zone +HH:MM] [--json]
                                       analyse local PHP-FPM slow logs (.gz too); the php-fpm
                                       master log adds each slow request's method, URI, duration;
                                       --zone: the server's, to place the zoneless times
  twb cachegrind summary FILE [--top N] [--json]
                                       an Xdebug profile (.gz too): totals, then functions by
                                       self cost; inclusive costs count recursion once
  twb binlog list SERVER [--json]      the binary logs of /var/log/mysql in .index order, with
                                       their first and last event times (UTC), from each file's
                                       first and last bytes (no decoding)
  twb binlog events [FILE|-] [--json] [--table DB.T|DB.*|*_T] [--type update|delete|insert|ddl]...
                   [--since ISO] [--until ISO] [--thread N] [--value V] [--text SQL]
                   [--start-position N] [--stop-position N]
                                       change events from mysqlbinlog's text output (a file, or
                                       stdin): run mysqlbinlog --no-defaults (first option:
                                       MDEV-15835) --base64-output=DECODE-ROWS -vv with TZ=UTC;
                                       * in a name for any characters (*_options)
  twb binlog find --server NAME [BINLOG...] [the filters of events]
                                       the same, decoded on the server (all its readable binlogs
                                       unless named)
  twb http trace URL [--repeat N] [--user U --password-env VAR] [--insecure] [--timeout S]
                   [--json]
                                       a URL's redirect chain hop by hop (never auto-followed):
                                       status, Location, timings (median of N), and who answered
                                       each redirect: front end / .htaccess (< 50 ms TTFB) or the
                                       application (> 250 ms), with the evidence
  twb http cache URL [--user U --password-env VAR] [--insecure] [--json]
                                       which cache serves it: fetched plainly, with ?t=, with and
                                       without Accept: image/webp; browser, CDN, server cache or
                                       webp substitution, with the next step
  twb http ban --server NAME [URL] [--json]
                                       is it me or the site: probed from here, then from the
                                       server itself (curl over SSH)
  twb geoip lint FILE [--json]         the GeoIP rules of an .htaccess: non-ISO codes (UK is
                                       GB), no MEDIA host exclusion, no BTW_FORBIDDEN_GEOIP guard,
                                       Apache 2.2 syntax, conditions never all true (exit 1 on
                                       errors)
  twb geoip lookup IP... --mmdb FILE [--json]
                                       the country of addresses in a MaxMind database
  twb schema snapshot (--server NAME [--db DB] | --mysql-env VAR | --mysql URL)
                     [--exact-counts]
                                       the database structure as JSON (credentials from the
                                       CMS configuration; over the server's SSH connection)
  twb schema diff A.json B.json [--json]
                                       what changed, with severity (critical, warning, info)
  twb logs stats FILE... [--format NAME] [--zone +HH:MM] [--json]
                                       counts over access logs (HAProxy, Apache, nginx: statuses,
                                       top paths and IPs) or error logs (Apache, nginx, PHP,
                                       PHP-FPM, MariaDB: levels, top messages); .gz too;
                                       NAME may be a format saved in the app; --zone: of
                                       times written without one (HAProxy's RFC 3164 header,
                                       Apache's and nginx's error logs)
  twb logs stats --server NAME PATH [--last MB] [--format NAME] [--json]
                                       the same counts over the end of a log on a server (16 MB
                                       unless --last, up to 256), read as the explorer reads it
                                       (compressed over a slow link); its cost on stderr
  twb logs window --server NAME PATH --at ISO [--minutes N] [--json]
                                       the lines a server's log wrote in the N minutes (5) from
                                       a moment, found by bisection: a 2 GB log costs about as
                                       little as a 2 MB one
  twb timeline --server NAME --from ISO --to ISO [--source PATH]... [--kind K]... [--limit N]
               [--json]
                                       every source of a server in a window, merged by time:
                                       access and error logs (their rotations too), slow-log
                                       dumps, binlog changes (decoded on the server for that
                                       window), integrity-log blocks; K: access, error, slow,
                                       binlog, integrity; folded lines (stack traces, rows)
                                       indented under each record
  twb fleet overview [--group G] [--concurrency N] [--timeout S] [--json]
                                       a row per SSH server (or a group's), 8 at once: requests,
                                       5xx and 408s of the last hour, slow requests and PHP
                                       fatals of the last day, disk of the site and its logs,
                                       binlog span, DDL since the last schema snapshot,
                                       integrity-log blocks of the day, a preprod's files at
                                       risk, the production URL's certificate days; a figure
                                       that cannot be had is null with its reason in notes; a
                                       server that fails says why in its row; exit 1 when some
                                       failed
  twb fleet grep TEXT --log PATH [-E|--regex] [--since ISO] [--until ISO] [--group G] [--json]
                                       the lines of the logs PATH names (* for any part of a
                                       name, rotations too) holding TEXT (any case; -E: TEXT is
                                       a regular expression) on every server, in the window
                                       (the last hour), merged by time with their server; exit
                                       1 when some server failed
  twb fleet binlog [the filters of events, no positions] [--group G] [--json]
                                       the binlog finder on every server (each decodes its own
                                       binlogs of the span: the last hour unless --since), the
                                       changes merged by time with their server; exit 1 when
                                       some server failed
  twb backup plan --server NAME --at ISO [--contract 2|4|10] [--ha] [--backup-hour HH:MM]
                  [--now ISO] [--json]
                                       the host's newest file and database backups before the
                                       moment (its policy: 2/4/10 days of files and the month's
                                       first, 60 days of databases, HA half hours), the writes
                                       a database restore would lose per table (from the
                                       binlogs, decoded on the server), the files changed since,
                                       and the mail asking the host for it
  twb backup weight --server NAME [--min-mb N] [--json]
                                       what weighs on the host's backups (35 to 70 times its
                                       size): dumps, archives, duplicates, .git folders, logs and
                                       caches in the site, found on the server, with what to do
  twb snapshot take SERVER [--keep N] [--json]
                                       a safety snapshot before a risky deploy, on this
                                       computer: the site's files by rsync, an unchanged file a
                                       hard link to the previous snapshot, and its database by
                                       mysqldump; --keep prunes all but the N newest
  twb snapshot list SERVER [--json]    the snapshots of a server, newest first
  twb snapshot compare SERVER FROM TO [--json]
                                       what changed between two snapshots: files (a shared hard
                                       link is unchanged) and tables (their CREATE TABLE)
  twb snapshot restore SERVER ID --table T (--db-to-env VAR | --db-to URL) --yes
                                       one table of a snapshot into a database (replaced there)
  twb snapshot restore SERVER ID --file PATH [--to-server NAME] [--confirm-production]
                                       one file of a snapshot back at its place on the server
                                       (or a preprod); a production only with the confirmation
  twb logs grep PATTERN FILE... [-i]   lines matching a regular expression (.gz read too)
  twb logs propose LINE [FILE] [--json]
                                       a custom format proposed from a sample line (IP, time,
                                       request, status, bytes, quoted strings, key=value,
                                       durations), checked on FILE
  twb clone SERVER (--to DIR | --to-server NAME:/PATH [--confirm-production])
            [--db-to-env VAR | --db-to mysql://USER:PASS@HOST:PORT/DB | --db-dump FILE.sql.gz]
            [--exclude-images] [--bwlimit KBPS] [--dry-run] [--force-into-nonempty] [--json]
                                       copy the site's files (rsync over ssh, resumable) and its
                                       database (mysqldump on the server); caches, sessions and
                                       logs of the CMS are skipped; nothing is written to SERVER;
                                       a non-empty destination that is not an earlier clone of
                                       SERVER is refused (its files would be deleted) unless
                                       --force-into-nonempty
  twb clone verify SERVER (--to DIR | --to-server NAME:/PATH)
            [--db-to-env VAR | --db-to URL | --db-dump FILE]
            [--json]
                                       files by checksum, tables by row count and CHECKSUM TABLE
                                       (a dump by its tables and trailer); exit 0 only when equal
  twb clone rewrite-url (--db-to-env VAR | --db-to URL) --from OLD_URL --to NEW_URL
                        [--prefix wp_] [--apply] [--json]
                                       the site URL in a cloned database (serialized values kept
                                       valid): a review of what would change, written with --apply
  twb --version | --help

SERVER is a server's name or id ("demo" is the built-in demo server).
Times: --tz ZONE (any command; or $TWB_TZ) writes the text output's times in utc (the
default), local, server (the server's own zone), a zone name (Europe/Paris) or an offset
(+01:00). JSON is always ISO 8601 in UTC.
The data directory (profiles, known hosts, snapshots) is the platform's app-data folder,
or $TWB_HOME when set.
Secrets: a password or a database URL with its password given on the command line is seen
by other users in \`ps\` and kept in your shell's history. Put it in a variable and name the
variable: --password-env VAR, --db-to-env VAR, --mysql-env VAR (e.g. read -rs DB; export DB).

Exit codes: 0 success, 1 failure, 2 bad usage, 3 unknown or changed host key
(twb exec returns the remote command's own exit code).`
