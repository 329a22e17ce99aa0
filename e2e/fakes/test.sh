#!/bin/sh
# test.sh: fast host-side tests of the fake target programs (nextcloud/php and
# photoprism/photoprism). Each fake runs under busybox sh, as in the images, against a copy of
# the fixtures in a temporary root: BOSUN_FAKE_ROOT prefixes the in-image paths and
# BOSUN_FAKE_LIB points at lib/. Checks outputs, exit codes, the exact argv log lines (and
# that they are valid JSON), and the delay/exit knobs. Tests that switch uid (the occ owner
# check as www-data, photoprism as 1000) need root and util-linux setpriv; they are skipped
# otherwise. Needs python3. Prints "N passed, M failed"; exits 1 on any failure.
#
# Usage: e2e/fakes/test.sh          (BUSYBOX=/path/to/busybox to use another binary)

set -u
HERE=$(cd "$(dirname "$0")" && pwd -P)
BUSYBOX=${BUSYBOX:-/bin/busybox}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM
chmod 0755 "$TMP"
TMP=$(cd "$TMP" && pwd -P)
ROOT=$TMP/root
LOG=$ROOT/var/log/bosun-fake/argv.log
KNOBS=$ROOT/tmp/bosun-fake
FAKES=$TMP/fakes
ME=$(id -u)
PASS=0 FAIL=0 SKIP=0
export BOSUN_FAKE_ROOT="$ROOT" BOSUN_FAKE_LIB="$FAKES/lib"

# ---------------------------------------------------------------- harness

# setup: a fresh root with the fixtures, owned by the current user (so occ accepts it).
setup() {
	rm -rf "$ROOT" "$FAKES"
	mkdir -p "$ROOT/var/www" "$ROOT/var/log/bosun-fake" "$KNOBS" "$ROOT/photoprism" "$FAKES/lib"
	cp -R "$HERE/nextcloud/html" "$ROOT/var/www/html"
	cp -R "$HERE/photoprism/library/." "$ROOT/photoprism/"
	mkdir -p "$ROOT/photoprism/storage"
	cp "$HERE/lib/fake-log.sh" "$FAKES/lib/"
	cp "$HERE/nextcloud/php" "$HERE/photoprism/photoprism" "$FAKES/"
	chmod -R a+rX "$ROOT" "$FAKES"
	chmod 1777 "$ROOT/var/log/bosun-fake" "$KNOBS"
}

# run [-u UID] DIR PROG ARG...: run a fake in $ROOT/DIR; sets RC, OUT, ERR (files $TMP/out, err).
run() {
	_as=
	if [ "$1" = -u ]; then _as="setpriv --reuid=$2 --regid=$2 --clear-groups"; shift 2; fi
	_dir=$1 _prog=$2
	shift 2
	# shellcheck disable=SC2086
	(cd "$ROOT$_dir" && exec $_as "$BUSYBOX" sh "$FAKES/$_prog" "$@") >"$TMP/out" 2>"$TMP/err" </dev/null
	RC=$?
	OUT=$(cat "$TMP/out")
	ERR=$(cat "$TMP/err")
}

occ() { run /var/www/html php occ "$@"; }
pp() { run /photoprism photoprism "$@"; }

pass() { PASS=$((PASS + 1)); }
fail() {
	FAIL=$((FAIL + 1))
	printf 'FAIL: %s\n' "$1"
	[ $# -lt 2 ] || printf '%s\n' "$2" | sed 's/^/    /'
}
skip() { SKIP=$((SKIP + 1)); printf 'skip: %s\n' "$1"; }

# check NAME CONDITION...: pass if the command succeeds.
check() {
	_n=$1
	shift
	if "$@"; then pass; else fail "$_n" "rc=$RC${NL}stdout: $OUT${NL}stderr: $ERR"; fi
}
NL='
'
rc_is() { [ "$RC" = "$1" ]; }
out_is() { [ "$OUT" = "$1" ]; }
err_is() { [ "$ERR" = "$1" ]; }
out_has() { case $OUT in *"$1"*) return 0 ;; esac; return 1; }
err_has() { case $ERR in *"$1"*) return 0 ;; esac; return 1; }
log_last_is() { [ "$(tail -n 1 "$LOG")" = "$1" ]; }

# log_check NAME EXPECTED_LINE: the last argv log line is exactly EXPECTED_LINE.
log_check() {
	if log_last_is "$2"; then pass; else fail "$1: argv log" "want: $2${NL}got:  $(tail -n 1 "$LOG")"; fi
}

# argv_roundtrip NAME ARG...: the last log line parses as JSON and its argv equals ARG...
argv_roundtrip() {
	_n=$1
	shift
	if python3 - "$LOG" "$@" <<'EOF'; then pass; else fail "$_n: argv round trip" "$(tail -n 1 "$LOG")"; fi
import json, sys
line = open(sys.argv[1], "rb").read().decode("utf-8").splitlines()[-1]
want = [a.encode("utf-8", "surrogateescape").decode("utf-8") for a in sys.argv[2:]]
sys.exit(0 if json.loads(line)["argv"] == want else 1)
EOF
}

# ---------------------------------------------------------------- nextcloud: php

t_php() {
	occ status
	check 'occ status: exit 0, no stderr' eval 'rc_is 0 && err_is ""'
	check 'occ status: plain output' out_is "  - installed: true
  - version: 29.0.0.19
  - versionstring: 29.0.0
  - edition: 
  - maintenance: false
  - needsDbUpgrade: false
  - productname: Nextcloud
  - extendedSupport: false"
	log_check 'occ status' "{\"argv\":[\"php\",\"occ\",\"status\"],\"uid\":$ME,\"cwd\":\"/var/www/html\"}"

	occ status --output=json --no-warnings
	check 'occ status json: exit 0' rc_is 0
	check 'occ status json: one compact line' out_is '{"installed":true,"version":"29.0.0.19","versionstring":"29.0.0","edition":"","maintenance":false,"needsDbUpgrade":false,"productname":"Nextcloud","extendedSupport":false}'
	_compact=$OUT
	occ status --output=json_pretty
	check 'occ status json_pretty: same object, 4-space indent' eval \
		'rc_is 0 && out_has "$NL    \"installed\": true,$NL" && python3 -c "import json,sys; sys.exit(json.loads(sys.argv[1]) != json.loads(sys.argv[2]))" "$OUT" "$_compact"'

	sed -i "s/'maintenance' => false/'maintenance' => true/" "$ROOT/var/www/html/config/config.php"
	occ status --exit-code
	check 'occ status: maintenance from config.php, --exit-code 1' eval 'rc_is 1 && out_has "  - maintenance: true"'
	sed -i "s/'maintenance' => true/'maintenance' => false/" "$ROOT/var/www/html/config/config.php"

	run /var/www/html php
	check 'php without arguments: usage, exit 1' eval 'rc_is 1 && out_has "Usage: php [options] [-f] <file>"'
	log_check 'php without arguments' "{\"argv\":[\"php\"],\"uid\":$ME,\"cwd\":\"/var/www/html\"}"

	run /var/www/html php nope.php status
	check 'php nope.php: Could not open input file (stderr), exit 1' eval 'rc_is 1 && out_is "" && err_is "Could not open input file: nope.php"'

	run / php occ status
	check 'php occ from /: no occ there' eval 'rc_is 1 && err_is "Could not open input file: occ"'
	log_check 'php occ from /' "{\"argv\":[\"php\",\"occ\",\"status\"],\"uid\":$ME,\"cwd\":\"/\"}"

	run / php /var/www/html/occ status --output=json
	check 'php /var/www/html/occ from /: works' eval 'rc_is 0 && out_has "\"installed\":true"'

	run /var/www/html php -r 'echo 1;'
	check 'php -r: refused with usage (the fake runs no code)' eval 'rc_is 1 && out_has "Usage: php"'
}

t_owner() {
	if [ "$ME" != 0 ] || ! command -v setpriv >/dev/null; then
		skip 'occ owner check (needs root and setpriv)'
		return
	fi
	chown -R 33:33 "$ROOT/var/www/html"
	occ status
	check 'occ as root, config.php owned by 33: refused on stdout, exit 1' eval 'rc_is 1 && err_is "" && out_is "Console has to be executed with the user that owns the file config/config.php
Current user id: 0
Owner id of config.php: 33
Try adding '"'sudo -u #33'"' to the beginning of the command (without the single quotes)
If running with '"'docker exec'"' try adding the option '"'-u 33'"' to the docker command (without the single quotes)"'
	log_check 'occ as root' '{"argv":["php","occ","status"],"uid":0,"cwd":"/var/www/html"}'
	run -u 33 /var/www/html php occ status --output=json
	check 'occ as www-data (33): accepted' eval 'rc_is 0 && out_has "\"productname\":\"Nextcloud\""'
	log_check 'occ as www-data' '{"argv":["php","occ","status","--output=json"],"uid":33,"cwd":"/var/www/html"}'
	run -u 33 /var/www/html php occ files:scan --all
	check 'occ files:scan as www-data' eval 'rc_is 0 && out_has "Starting scan for user 2 out of 3 (alice)"'
	chown -R "$ME" "$ROOT/var/www/html"
}

t_console_errors() {
	occ nope
	check 'occ nope: Symfony block on stderr, exit 1' eval 'rc_is 1 && out_is "" && err_is "
                                  
  Command \"nope\" is not defined.  
                                  "'
	log_check 'occ nope' "{\"argv\":[\"php\",\"occ\",\"nope\"],\"uid\":$ME,\"cwd\":\"/var/www/html\"}"

	occ status --foo
	check 'occ status --foo: option does not exist + synopsis' eval 'rc_is 1 && out_is "" && err_has "  The \"--foo\" option does not exist.  " && err_has "status [--output [OUTPUT]] [-e|--exit-code]"'
	occ status -x
	check 'occ status -x: short option does not exist' eval 'rc_is 1 && err_has "  The \"-x\" option does not exist.  "'
	occ status alice
	check 'occ status alice: no arguments expected' eval 'rc_is 1 && err_has "No arguments expected for \"status\" command, got \"alice\"."'
	occ files:scan --all=yes
	check 'occ files:scan --all=yes: flag takes no value' eval 'rc_is 1 && err_has "The \"--all\" option does not accept a value."'
	occ memories:index --user
	check 'occ memories:index --user: requires a value' eval 'rc_is 1 && err_has "The \"--user\" option requires a value."'
	occ foo:bar
	check 'occ foo:bar: no such namespace' eval 'rc_is 1 && err_has "There are no commands defined in the \"foo\" namespace."'
	occ files:scan --quiet --foo
	check 'occ errors are shown with --quiet' eval 'rc_is 1 && err_has "The \"--foo\" option does not exist."'
	occ f:s --all
	check 'occ f:s: Symfony abbreviation resolves to files:scan' eval 'rc_is 0 && out_has "Starting scan for user 1 out of 3 (admin)"'
	occ --version
	check 'occ --version' eval 'rc_is 0 && out_is "Nextcloud 29.0.0"'
	occ
	check 'occ without command: list' eval 'rc_is 0 && out_has "  files:scan      rescan filesystem"'
}

t_files_scan() {
	occ files:scan
	check 'files:scan without user: usage error on stdout, exit 1' eval 'rc_is 1 && err_is "" && out_is "Please specify the user id to scan, --all to scan for all users or --path=..."'

	occ files:scan --path=/alice/files/Photos
	check 'files:scan --path: start line and summary table' eval 'rc_is 0 && err_is "" && out_is "Starting scan for user 1 out of 1 (alice)
+---------+-------+-----+---------+---------+--------+--------------+
| Folders | Files | New | Updated | Removed | Errors | Elapsed time |
+---------+-------+-----+---------+---------+--------+--------------+
| 2       | 4     | 0   | 0       | 0       | 0      | 00:00:00     |
+---------+-------+-----+---------+---------+--------+--------------+"'

	occ files:scan '--path=/alice/files/My Photos (2024)'
	check 'files:scan --path with spaces and parentheses' eval 'rc_is 0 && out_has "(alice)" && out_has "| 1       | 1     |"'
	log_check 'files:scan spaces' "{\"argv\":[\"php\",\"occ\",\"files:scan\",\"--path=/alice/files/My Photos (2024)\"],\"uid\":$ME,\"cwd\":\"/var/www/html\"}"

	occ files:scan --all
	check 'files:scan --all: every user' eval 'rc_is 0 && out_has "Starting scan for user 1 out of 3 (admin)${NL}Starting scan for user 2 out of 3 (alice)${NL}Starting scan for user 3 out of 3 (bob)${NL}+--"'

	occ files:scan --path=/alice/files/Nope
	check 'files:scan missing path: error counted, exit 0' eval 'rc_is 0 && out_has "Path not found: /alice/files/Nope" && out_has "| 0       | 0     | 0   | 0       | 0       | 1      |"'

	occ files:scan zed bob
	check 'files:scan unknown user' eval 'rc_is 0 && out_has "Unknown user 1 zed${NL}Starting scan for user 2 out of 2 (bob)"'

	occ files:scan --all --quiet
	check 'files:scan --quiet: no output' eval 'rc_is 0 && out_is "" && err_is ""'

	occ files:scan --path=/alice/files/Photos --verbose
	check 'files:scan --verbose lists entries' eval 'rc_is 0 && out_has "	File	/alice/files/Photos/IMG_0001.jpg"'

	occ files:scan --all --unscanned --shallow --home-only --output=json --no-warnings --no-interaction --verbose
	check 'files:scan accepts every option of the policy table' rc_is 0
}

t_memories() {
	occ memories:index
	check 'memories:index: users, folders, files, cleanup' eval 'rc_is 0 && err_is "" && out_has "Indexing user alice${NL}Indexing folder /alice/files${NL}" && out_has "Indexing file /alice/files/Photos/IMG_0001.jpg" && out_has "Skipping folder /alice/files/Archive (.nomedia / .nomemories)"'
	check 'memories:index: ends with the cleanup' eval '[ "${OUT##*$NL}" = "Cleaning up stale index entries" ]'

	occ memories:index --user=bob --force --skip-cleanup
	check 'memories:index --user --force --skip-cleanup' eval 'rc_is 0 && out_is "Forcing refresh of existing index entries
Indexing user bob
Indexing folder /bob/files
Indexing folder /bob/files/Documents"'

	occ memories:index --user=alice --group=family --folder=/Photos --force --skip-cleanup --no-warnings --no-interaction --quiet --verbose
	check 'memories:index accepts every option of the policy table' eval 'rc_is 0 && out_is ""'

	occ memories:index --group=family --folder=Photos/Holidays
	check 'memories:index --group --folder' eval 'rc_is 0 && out_has "Indexing file /alice/files/Photos/Holidays/IMG_0100.jpg" && out_has "The specified folder Photos/Holidays does not exist for bob"'

	occ memories:index --user=zed
	check 'memories:index unknown user' eval 'rc_is 0 && out_has "User zed not found"'

	occ memories:index --clear
	check 'memories:index --clear without a TTY clears at once' eval 'rc_is 0 && out_has "Cleared existing index"'

	occ memories:index --output=json
	check 'memories:index has no --output' eval 'rc_is 1 && out_is "" && err_has "  The \"--output\" option does not exist.  " && err_has "memories:index [-u|--user USER]"'
}

# ---------------------------------------------------------------- photoprism

t_photoprism() {
	pp index --force
	check 'photoprism index --force: logrus lines on stderr' eval 'rc_is 0 && out_is "" && err_has "level=info msg=\"indexing originals in /photoprism/originals\"" && err_has "msg=\"index: updated main jpg file 2024/01/IMG_0001.jpg\"" && err_has "msg=\"indexed 3 files in "'
	check 'photoprism index: every stderr line is a logrus text line' eval '! printf "%s\n" "$ERR" | grep -vq "^time=\"[0-9T:Z-]*\" level=[a-z]* msg="'
	log_check 'photoprism index' "{\"argv\":[\"photoprism\",\"index\",\"--force\"],\"uid\":$ME,\"cwd\":\"/photoprism\"}"

	pp index --archived --cleanup
	check 'photoprism index --archived --cleanup' eval 'rc_is 0 && err_has "index: updated 0 files" && err_has "indexed 3 files in"'

	pp import --dest=2025/inbox
	check 'photoprism import --dest' eval 'rc_is 0 && err_has "msg=\"moving media files from /photoprism/import to /photoprism/originals/2025/inbox\"" && err_has "msg=\"import completed in "'

	pp status
	check 'photoprism status' eval 'rc_is 0 && out_is operational && err_is ""'

	pp nope
	check 'photoprism nope: no help topic, exit 3' eval 'rc_is 3 && out_is "" && err_is "No help topic for '"'nope'"'"'
	log_check 'photoprism nope' "{\"argv\":[\"photoprism\",\"nope\"],\"uid\":$ME,\"cwd\":\"/photoprism\"}"

	pp index --nope
	check 'photoprism index --nope: Go flag error, exit 1' eval 'rc_is 1 && out_has "Incorrect Usage: flag provided but not defined: -nope" && err_has "level=error msg=\"flag provided but not defined: -nope\""'

	pp status --force
	check 'photoprism status takes no flags' eval 'rc_is 1 && out_has "flag provided but not defined: -force"'

	if [ "$ME" = 0 ] && command -v setpriv >/dev/null; then
		run -u 1000 /photoprism photoprism index
		check 'photoprism as 1000' rc_is 0
		log_check 'photoprism as 1000' '{"argv":["photoprism","index"],"uid":1000,"cwd":"/photoprism"}'
		run -u 65534 /tmp photoprism status
		check 'photoprism as nobody' eval 'rc_is 0 && out_is operational'
		log_check 'photoprism as nobody' '{"argv":["photoprism","status"],"uid":65534,"cwd":"/tmp"}'
	else
		skip 'photoprism as other uids (needs root and setpriv)'
	fi
}

# ---------------------------------------------------------------- knobs and the log

t_knobs() {
	echo 7 >"$KNOBS/exit"
	occ status --output=json
	check 'exit knob: exit code replaced, output normal' eval 'rc_is 7 && out_has "\"installed\":true"'
	echo 0 >"$KNOBS/exit"
	pp nope
	check 'exit knob 0 on a failing command' eval 'rc_is 0 && err_has "No help topic"'
	echo abc >"$KNOBS/exit"
	pp nope
	check 'exit knob with junk is ignored' rc_is 3
	rm -f "$KNOBS/exit"

	echo 0.5 >"$KNOBS/delay"
	_n=$(wc -l <"$LOG")
	(cd "$ROOT/photoprism" && exec "$BUSYBOX" sh "$FAKES/photoprism" status) >"$TMP/dout" 2>&1 &
	_pid=$!
	sleep 0.25
	_lines=$(wc -l <"$LOG")
	_early=$(cat "$TMP/dout")
	wait "$_pid"
	_rc=$?
	RC=$_rc OUT=$(cat "$TMP/dout") ERR=
	check 'delay knob: logged before the delay' [ "$_lines" = $((_n + 1)) ]
	check 'delay knob: no output during the delay' [ -z "$_early" ]
	check 'delay knob: output after the delay' eval 'rc_is 0 && out_is operational'
	echo 1.2.3 >"$KNOBS/delay"
	_t0=$(cut -d' ' -f1 /proc/uptime)
	pp status
	_t1=$(cut -d' ' -f1 /proc/uptime)
	check 'delay knob with junk is ignored' awk "BEGIN { exit !($_t1 - $_t0 < 0.4) }"
	rm -f "$KNOBS/delay"

	# with no knob file, the environment gives the knob; a file wins over it
	export BOSUN_FAKE_EXIT=9
	occ status --output=json
	check 'exit knob from BOSUN_FAKE_EXIT' eval 'rc_is 9 && out_has "\"installed\":true"'
	echo 7 >"$KNOBS/exit"
	occ status --output=json
	check 'the exit knob file wins over BOSUN_FAKE_EXIT' rc_is 7
	rm -f "$KNOBS/exit"
	BOSUN_FAKE_EXIT=x
	pp nope
	check 'BOSUN_FAKE_EXIT with junk is ignored' rc_is 3
	unset BOSUN_FAKE_EXIT
}

t_log() {
	_back='x\y'
	occ files:scan "--path=/alice/files/It's \"quoted\" (1) $_back" "$(printf 'tab\there')" "$(printf 'line1\nline2')" \
		"$(printf 'cr\rx')" "$(printf 'esc\033[2J')" "$(printf 'del\177')" 'é€😀' '' ' '
	argv_roundtrip 'quotes, backslash, control bytes, UTF-8, empty' php occ files:scan \
		"--path=/alice/files/It's \"quoted\" (1) $_back" "$(printf 'tab\there')" "$(printf 'line1\nline2')" \
		"$(printf 'cr\rx')" "$(printf 'esc\033[2J')" "$(printf 'del\177')" 'é€😀' '' ' '
	check 'log: escapes are on one line' eval 'tail -n 1 "$LOG" | grep -qF "\"tab\\there\",\"line1\\nline2\",\"cr\\rx\",\"esc\\u001b[2J\",\"del\\u007f\""'

	pp status "$(printf 'bad\377\300\257byte')"
	log_check 'invalid UTF-8 bytes become \u00XX' "{\"argv\":[\"photoprism\",\"status\",\"bad\\u00ff\\u00c0\\u00afbyte\"],\"uid\":$ME,\"cwd\":\"/photoprism\"}"

	_big=$(printf '%02000d' 0)
	: >"$TMP/pids"
	for _i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
		(cd "$ROOT/photoprism" && exec "$BUSYBOX" sh "$FAKES/photoprism" status "$_i$_big") >/dev/null 2>&1 &
		echo $! >>"$TMP/pids"
	done
	for _p in $(cat "$TMP/pids"); do wait "$_p"; done
	check 'concurrent invocations: one whole line each' python3 -c '
import json, sys
calls = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")][-16:]
got = sorted(int(c["argv"][2][:-2000]) for c in calls if len(c["argv"]) == 3 and c["argv"][2].endswith(sys.argv[2]))
sys.exit(got != list(range(1, 17)))' "$LOG" "$_big"

	check 'log: every line is valid JSON' eval 'python3 -c "import json,sys; [json.loads(l) for l in sys.stdin]" <"$LOG"'

	rm -rf "$ROOT/var/log/bosun-fake"
	pp status
	check 'log: created when absent (dir 1777, file 666)' eval '[ "$(stat -c %a "$ROOT/var/log/bosun-fake")" = 1777 ] && [ "$(stat -c %a "$LOG")" = 666 ] && [ "$(wc -l <"$LOG")" = 1 ]'
}

# ---------------------------------------------------------------- mongodb

# mongo ARG...: the fake mongo programs with busybox's applets first on PATH.
mongo() { PATH="$TMP/bin:$PATH" BOSUN_FAKE_BIN="$FAKES" "$BUSYBOX" sh "$@"; }

t_mongodb() {
	mkdir -p "$TMP/bin"
	for _a in nc grep; do ln -sf "$BUSYBOX" "$TMP/bin/$_a"; done
	cp "$HERE/mongodb/mongod" "$HERE/mongodb/mongo-answer" "$HERE/mongodb/mongo-ping" "$FAKES/"
	chmod 0755 "$FAKES/mongo-answer"
	_port=$((27100 + $$ % 800))
	PATH="$TMP/bin:$PATH" BOSUN_FAKE_BIN="$FAKES" "$BUSYBOX" sh "$FAKES/mongod" --bind_ip_all --port "$_port" >"$TMP/mongod.out" 2>&1 &
	_pid=$!
	_i=0
	until mongo "$FAKES/mongo-ping" "$_port" || [ $_i -ge 50 ]; do sleep 0.1; _i=$((_i + 1)); done
	RC=$? OUT=$(cat "$TMP/mongod.out") ERR=
	check 'mongodb: mongo-ping gets {"ok":1} from mongod --port N' rc_is 0
	OUT=$(printf 'find\n' | "$BUSYBOX" nc -w 2 127.0.0.1 "$_port")
	check 'mongodb: another command gets an error document' out_has '"ok":0'
	check 'mongodb: the argv is logged' log_last_is "{\"argv\":[\"mongod\",\"--bind_ip_all\",\"--port\",\"$_port\"],\"uid\":$ME,\"cwd\":\"$(pwd -P)\"}"
	kill "$_pid" 2>/dev/null
	wait "$_pid" 2>/dev/null
	mongo "$FAKES/mongo-ping" "$_port"
	RC=$?
	check 'mongodb: mongo-ping fails when nothing answers' eval '[ "$RC" != 0 ]'
	ERR=$(mongo "$FAKES/mongod" --port=abc 2>&1)
	RC=$? OUT=
	check 'mongodb: a port that is not a number is refused' eval '[ "$RC" = 2 ] && err_has "must be a number"'
}

# ---------------------------------------------------------------- main

command -v python3 >/dev/null || { echo 'test.sh: python3 is required' >&2; exit 1; }
[ -x "$BUSYBOX" ] || { echo "test.sh: no busybox at $BUSYBOX" >&2; exit 1; }
setup
t_php
t_owner
t_console_errors
t_files_scan
t_memories
t_photoprism
t_knobs
t_log
t_mongodb
[ "$SKIP" = 0 ] || printf '%s skipped\n' "$SKIP"
printf '%s passed, %s failed\n' "$PASS" "$FAIL"
[ "$FAIL" = 0 ]
