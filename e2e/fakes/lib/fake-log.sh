# shellcheck shell=sh
# fake-log.sh: shared by the bosun e2e fake programs (the fake `php` for occ and the fake
# `photoprism`). It is sourced, not run. It provides:
#
#   fake_start PROG [ARG...]  append one JSON line for this invocation to the argv log, then
#                             apply the delay knob. Call it first, before anything else.
#   fake_exit CODE            exit with CODE, or with the exit knob's value if that is set
#   fake_path PATH            map an absolute in-image path onto the test root
#   fake_elapsed_cs           centiseconds since fake_start (from /proc/uptime)
#   FAKE_UID                  the numeric uid, set by fake_start
#
# Files (the defaults are the real paths in the images):
#   $BOSUN_FAKE_ROOT/var/log/bosun-fake/argv.log  the argv log, one JSON object per line:
#       {"argv":["php","occ","status"],"uid":33,"cwd":"/var/www/html"}
#   $BOSUN_FAKE_ROOT/tmp/bosun-fake/delay  holds N (seconds, may be fractional): sleep N after
#       logging and before any output
#   $BOSUN_FAKE_ROOT/tmp/bosun-fake/exit   holds N (0-255): exit with N at the end instead of
#       the normal code
#   $BOSUN_FAKE_ROOT/tmp/bosun-fake/gate   holds N (seconds): after logging, print one line to
#       stdout and one to stderr, then wait (at most N s) until the file `open` appears there.
#       Lets a test prove output is streamed: it sees the first lines while the command waits.
# A knob with no file is read from the environment instead: BOSUN_FAKE_DELAY, BOSUN_FAKE_EXIT,
# BOSUN_FAKE_GATE (a service's env reaches every exec in its containers, new tasks included).
# BOSUN_FAKE_ROOT is for e2e/fakes/test.sh only; it is unset in the images.

FAKE_ROOT=${BOSUN_FAKE_ROOT-}
FAKE_LOG_DIR=$FAKE_ROOT/var/log/bosun-fake
FAKE_LOG_FILE=$FAKE_LOG_DIR/argv.log
FAKE_KNOB_DIR=$FAKE_ROOT/tmp/bosun-fake
FAKE_UID=
FAKE_T0=0

# fake_path PATH: PATH under the test root (unchanged in the images).
fake_path() {
	case $1 in
	/*) printf '%s\n' "$FAKE_ROOT$1" ;;
	*) printf '%s\n' "$1" ;;
	esac
}

# FAKE_AWK_JSON: awk function jstr(s), the JSON string literal of s. Quote, backslash and every
# control byte are escaped, valid UTF-8 is kept, and an invalid byte becomes \u00XX (its
# Latin-1 reading), so a line is always valid UTF-8 JSON. Needs ord[] from fake_awk_ord().
FAKE_AWK_JSON='
	function jstr(s,    out, i, n, c, o, k, need, lo, hi, ok, b) {
		out = "\""
		n = length(s)
		i = 1
		while (i <= n) {
			c = substr(s, i, 1)
			o = ord[c]
			if (c == "\"") { out = out "\\\""; i++; continue }
			if (c == "\\") { out = out "\\\\"; i++; continue }
			if (o < 32 || o == 127) { out = out ctl(o); i++; continue }
			if (o < 128) { out = out c; i++; continue }
			# UTF-8 lead byte: how many continuation bytes, and the range of the first one
			need = 0; lo = 128; hi = 191
			if (o >= 194 && o <= 223) need = 1
			else if (o == 224) { need = 2; lo = 160 }
			else if ((o >= 225 && o <= 236) || o == 238 || o == 239) need = 2
			else if (o == 237) { need = 2; hi = 159 }
			else if (o == 240) { need = 3; lo = 144 }
			else if (o >= 241 && o <= 243) need = 3
			else if (o == 244) { need = 3; hi = 143 }
			ok = need > 0 && i + need <= n
			for (k = 1; ok && k <= need; k++) {
				b = ord[substr(s, i + k, 1)]
				if (k == 1) ok = b >= lo && b <= hi
				else ok = b >= 128 && b <= 191
			}
			if (ok) { out = out substr(s, i, need + 1); i += need + 1 }
			else { out = out sprintf("\\u%04x", o); i++ }
		}
		return out "\""
	}
	function ctl(o) {
		if (o == 8) return "\\b"
		if (o == 9) return "\\t"
		if (o == 10) return "\\n"
		if (o == 12) return "\\f"
		if (o == 13) return "\\r"
		return sprintf("\\u%04x", o)
	}
	function fake_awk_ord(   i) { for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i }
'

# fake_json_str STRING: print STRING as a JSON string literal.
fake_json_str() {
	awk "$FAKE_AWK_JSON"'BEGIN { fake_awk_ord(); print jstr(ARGV[1]) }' "$1"
}

# fake_json_line UID CWD ARG...: print the log line {"argv":[ARG...],"uid":UID,"cwd":CWD}.
fake_json_line() {
	awk "$FAKE_AWK_JSON"'
	BEGIN {
		fake_awk_ord()
		line = "{\"argv\":["
		for (i = 3; i < ARGC; i++) line = line (i > 3 ? "," : "") jstr(ARGV[i])
		printf "%s],\"uid\":%s,\"cwd\":%s}\n", line, ARGV[1], jstr(ARGV[2])
	}' "$@"
}

# fake_cwd: the working directory as the log reports it (test root stripped).
fake_cwd() {
	_c=$(pwd -P 2>/dev/null) || _c=${PWD-}
	if [ -n "$FAKE_ROOT" ]; then
		case $_c in
		"$FAKE_ROOT") _c=/ ;;
		"$FAKE_ROOT"/*) _c=${_c#"$FAKE_ROOT"} ;;
		esac
	fi
	printf '%s\n' "$_c"
}

# fake_log PROG [ARG...]: append the line for this invocation. The line is handed to a single
# write(2) on an O_APPEND file, so concurrent invocations do not interleave.
fake_log() {
	_prog=${1##*/}
	shift
	FAKE_UID=$(id -u 2>/dev/null)
	case $FAKE_UID in '' | *[!0-9]*) _uid=null ;; *) _uid=$FAKE_UID ;; esac
	_line=$(fake_json_line "$_uid" "$(fake_cwd)" "$_prog" "$@")
	if [ ! -d "$FAKE_LOG_DIR" ]; then
		(umask 000 && mkdir -p "$FAKE_LOG_DIR" && chmod 1777 "$FAKE_LOG_DIR") 2>/dev/null
	fi
	[ -e "$FAKE_LOG_FILE" ] || (umask 000 && : >>"$FAKE_LOG_FILE") 2>/dev/null
	printf '%s\n' "$_line" |
		dd of="$FAKE_LOG_FILE" oflag=append conv=notrunc bs=1048576 iflag=fullblock status=none 2>/dev/null ||
		printf 'bosun-fake: cannot append to %s\n' "$FAKE_LOG_FILE" >&2
}

# fake_knob NAME: print the knob's value if its file (else BOSUN_FAKE_<NAME>) holds a plain
# number.
fake_knob() {
	if [ -f "$FAKE_KNOB_DIR/$1" ]; then
		_v=$(tr -d ' \t\r\n' <"$FAKE_KNOB_DIR/$1" 2>/dev/null)
	else
		case $1 in
		delay) _v=${BOSUN_FAKE_DELAY-} ;;
		exit) _v=${BOSUN_FAKE_EXIT-} ;;
		gate) _v=${BOSUN_FAKE_GATE-} ;;
		*) return 1 ;;
		esac
	fi
	case $_v in '' | . | *[!0-9.]* | *.*.*) return 1 ;; esac
	printf '%s\n' "$_v"
}

# fake_now_cs: centiseconds since boot (0 if /proc is missing).
fake_now_cs() {
	_up=0.00
	read -r _up _ </proc/uptime 2>/dev/null
	_up=${_up%.*}${_up#*.}
	while :; do case $_up in 0?*) _up=${_up#0} ;; *) break ;; esac; done
	case $_up in '' | *[!0-9]*) _up=0 ;; esac
	printf '%s\n' "$_up"
}

fake_elapsed_cs() {
	echo $(($(fake_now_cs) - FAKE_T0))
}

fake_start() {
	FAKE_T0=$(fake_now_cs)
	fake_log "$@"
	if _d=$(fake_knob delay); then
		sleep "$_d"
	fi
	if _g=$(fake_knob gate); then
		fake_gate "${_g%.*}"
	fi
}

# fake_gate N: announce the gate on both streams, then wait up to N s for the file `open`.
fake_gate() {
	echo "bosun-fake: waiting at the gate"
	echo "bosun-fake: waiting at the gate (stderr)" >&2
	_n=$((${1:-0} * 10))
	while [ "$_n" -gt 0 ] && [ ! -e "$FAKE_KNOB_DIR/open" ]; do
		sleep 0.1
		_n=$((_n - 1))
	done
	echo "bosun-fake: through the gate"
}

fake_exit() {
	_code=$1
	if _k=$(fake_knob exit); then
		case $_k in *.*) ;; *)
			while :; do case $_k in 0?*) _k=${_k#0} ;; *) break ;; esac; done
			[ "$_k" -le 255 ] && _code=$_k
			;;
		esac
	fi
	exit "$_code"
}
