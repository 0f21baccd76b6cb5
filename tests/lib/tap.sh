# tap.sh - TAP output for shell test suites (sourced)
#
#   ok_if NAME COMMAND...   run COMMAND; "ok" when it succeeds
#   tap_ok NAME / tap_fail NAME [DIAG]
#   tap_done                print the plan; exit 1 if anything failed
TAP_N=0
TAP_FAILED=0

tap_ok() {
	TAP_N=$((TAP_N + 1))
	echo "ok $TAP_N - $1"
}

tap_fail() {
	TAP_N=$((TAP_N + 1))
	TAP_FAILED=$((TAP_FAILED + 1))
	echo "not ok $TAP_N - $1"
	if [ $# -gt 1 ] && [ -n "$2" ]; then
		printf '%s\n' "$2" | head -40 | sed 's/^/# /'
	fi
}

ok_if() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		tap_ok "$name"
	else
		tap_fail "$name" "$out"
	fi
}

tap_done() {
	echo "1..$TAP_N"
	[ "$TAP_FAILED" -eq 0 ]
}
