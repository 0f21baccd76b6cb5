# postfix.sh - a private Postfix instance for tests (sourced)
#
#   pf_start [LINE...]  make a Postfix instance in a fresh temp dir: its own
#                       main.cf (plus the LINEs given), queue and log, an
#                       smtpd on a free port of 127.0.0.1, mail relayed to an
#                       smtp-sink on another free port that writes each
#                       message to its own file, and milters at
#                       inet:127.0.0.1:$PF_MILTER_PORT with
#                       milter_default_action = tempfail.  Exports PF_DIR,
#                       PF_CONF (the config dir, for -c / -C), PF_PORT,
#                       PF_SINK_PORT, PF_MILTER_PORT, PF_MILTER_SPEC (the
#                       same address as yojin milter --listen wants it).
#   pf_stop             stop Postfix and the sink (by pid), remove the dir
#   pf_queue            postqueue -j for the instance (JSON lines)
#   pf_hold_ids         queue ids in the hold queue, one a line
#   pf_wait_idle SECS   wait until no message is waiting outside the hold
#                       queue; 1 on timeout
#   pf_delivered        files the sink wrote, one a line
#   pf_log              the instance's mail log
#
# Nothing shared is touched: no fixed port, no /etc/postfix, no system
# Postfix; the instance runs beside anything else.  Postfix prints fatal
# errors only to syslog or a tty (there is no /dev/log on test machines),
# so its commands run under script(1).  Must run as root (Postfix starts
# as root and drops to the postfix user).
PF_DIR=
PF_SINK_PID=

# pf_free_port - a TCP port of 127.0.0.1 nobody listens on right now
pf_free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# pf_cmd - run a Postfix command for the instance with a tty for errors
pf_cmd() {
	script -qec "$*" /dev/null
}

# pf_start - create and start the instance
pf_start() {
	local line
	if [ "$(id -u)" != 0 ]; then
		echo "pf_start: Postfix tests must run as root" >&2
		return 1
	fi
	if ! command -v postfix >/dev/null || ! command -v smtp-sink >/dev/null; then
		echo "pf_start: postfix and smtp-sink are not installed" >&2
		return 1
	fi
	PF_DIR=$(mktemp -d "${TMPDIR:-/tmp}/yj-pf.XXXXXX") || return 1
	chmod 755 "$PF_DIR"
	mkdir -p "$PF_DIR/etc" "$PF_DIR/spool" "$PF_DIR/data" "$PF_DIR/sink"
	chown postfix "$PF_DIR/data" "$PF_DIR/sink"
	PF_CONF=$PF_DIR/etc
	PF_PORT=$(pf_free_port)
	PF_SINK_PORT=$(pf_free_port)
	PF_MILTER_PORT=${PF_MILTER_PORT:-$(pf_free_port)}
	PF_MILTER_SPEC="inet:$PF_MILTER_PORT@127.0.0.1"
	export PF_DIR PF_CONF PF_PORT PF_SINK_PORT PF_MILTER_PORT PF_MILTER_SPEC
	cat > "$PF_CONF/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $PF_DIR/spool
data_directory = $PF_DIR/data
mail_owner = postfix
setgid_group = postdrop
myhostname = mx.yojin-test.example
myorigin = yojin-shoji.example
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mydestination =
local_recipient_maps =
alias_maps =
alias_database =
relayhost = [127.0.0.1]:$PF_SINK_PORT
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
smtp_tls_security_level = none
smtpd_tls_security_level = none
smtp_dns_support_level = disabled
smtpd_milters = inet:127.0.0.1:$PF_MILTER_PORT
non_smtpd_milters = \$smtpd_milters
milter_default_action = tempfail
milter_protocol = 6
milter_connect_timeout = 5s
milter_command_timeout = 20s
milter_content_timeout = 60s
enable_long_queue_ids = yes
recipient_delimiter = +
queue_run_delay = 2s
minimal_backoff_time = 2s
maximal_backoff_time = 4s
default_process_limit = 200
in_flow_delay = 0
smtpd_client_connection_count_limit = 0
smtp_destination_concurrency_limit = 50
maillog_file = $PF_DIR/maillog
maillog_file_prefixes = $PF_DIR
CF
	for line in "$@"; do
		printf '%s\n' "$line" >> "$PF_CONF/main.cf"
	done
	cat > "$PF_CONF/master.cf" <<CF
127.0.0.1:$PF_PORT inet n - n - - smtpd
pickup    unix  n - n 1 1 pickup
cleanup   unix  n - n -  0 cleanup
qmgr      unix  n - n 300 1 qmgr
rewrite   unix  - - n -  - trivial-rewrite
bounce    unix  - - n -  0 bounce
defer     unix  - - n -  0 bounce
trace     unix  - - n -  0 bounce
verify    unix  - - n -  1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n -  - proxymap
smtp      unix  - - n -  - smtp
relay     unix  - - n -  - smtp
showq     unix  n - n -  - showq
error     unix  - - n -  - error
retry     unix  - - n -  - error
discard   unix  - - n -  - discard
anvil     unix  - - n -  1 anvil
scache    unix  - - n -  1 scache
postlog   unix-dgram n - n - 1 postlogd
CF
	smtp-sink -u postfix -d "$PF_DIR/sink/%Y%m%d/m." -c \
	    "127.0.0.1:$PF_SINK_PORT" 256 >/dev/null 2>&1 &
	PF_SINK_PID=$!
	if ! out=$(pf_cmd "postfix -c '$PF_CONF' check" 2>&1) ||
	    ! out=$(pf_cmd "postfix -c '$PF_CONF' start" 2>&1); then
		echo "pf_start: $out" >&2
		pf_stop
		return 1
	fi
	pf_wait_port "$PF_PORT" 10
}

# pf_wait_port PORT SECS - until something accepts on 127.0.0.1:PORT
pf_wait_port() {
	local i
	for i in $(seq $(($2 * 10))); do
		if python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $1), 1)" 2>/dev/null; then
			return 0
		fi
		sleep 0.1
	done
	echo "pf_wait_port: nothing on port $1" >&2
	return 1
}

# pf_stop - stop everything of the instance, remove it
pf_stop() {
	[ -n "$PF_DIR" ] || return 0
	pf_cmd "postfix -c '$PF_CONF' abort" >/dev/null 2>&1
	if [ -n "$PF_SINK_PID" ]; then
		kill "$PF_SINK_PID" 2>/dev/null
		wait "$PF_SINK_PID" 2>/dev/null
	fi
	[ -n "${PF_KEEP:-}" ] || rm -rf "$PF_DIR"
	PF_DIR=
	PF_SINK_PID=
}

# pf_queue - the queue as JSON lines
pf_queue() {
	postqueue -c "$PF_CONF" -j 2>/dev/null
}

# pf_hold_ids - queue ids in the hold queue
pf_hold_ids() {
	pf_queue | python3 -c '
import json, sys
for line in sys.stdin:
    j = json.loads(line)
    if j["queue_name"] == "hold":
        print(j["queue_id"])'
}

# pf_wait_idle SECS - nothing waiting to be delivered (hold excepted), seen
# for two seconds in a row (a notice being submitted is not in the queue
# yet; an unreachable showq is not "empty")
pf_wait_idle() {
	local i n out quiet=0
	for i in $(seq $(($1 * 5))); do
		if out=$(postqueue -c "$PF_CONF" -j 2>/dev/null); then
			n=$(grep -vc '"queue_name": *"hold"' <<<"$out")
			[ -z "$out" ] && n=0
			if [ "$n" -eq 0 ]; then
				quiet=$((quiet + 1))
				[ "$quiet" -ge 10 ] && return 0
			else
				quiet=0
				postqueue -c "$PF_CONF" -f >/dev/null 2>&1
			fi
		else
			quiet=0
		fi
		sleep 0.2
	done
	return 1
}

# pf_delivered - the files the sink wrote
pf_delivered() {
	find "$PF_DIR/sink" -type f 2>/dev/null | sort
}

# pf_log - the instance's log
pf_log() {
	cat "$PF_DIR/maillog" 2>/dev/null
}
