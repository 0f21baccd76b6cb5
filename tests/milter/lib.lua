-- lib.lua - helpers for the scripted milter sessions (miltertest, Lua)
--
-- Every case script starts with dofile() of this file.  MT_SPEC names the
-- milter (inet:PORT@127.0.0.1).  A failed check raises an error: miltertest
-- then exits non-zero with the message, which tests/milter/run shows.

spec = os.getenv("MT_SPEC")

-- check - fail the case with a message
function check(cond, what)
	if not cond then
		error("check failed: " .. what)
	end
end

-- ok - a protocol step that must be accepted
function ok(r, what)
	if r ~= nil then
		error(what .. " failed: " .. tostring(r))
	end
end

-- open - a connection, with client facts; outbound when auth is set
function open(client_ip, auth)
	local c = mt.connect(spec, 40, 0.25)
	check(c ~= nil, "connect to " .. tostring(spec))
	mt.macro(c, SMFIC_CONNECT, "j", "mx.yojin-test.example")
	ok(mt.conninfo(c, "client.example", client_ip or "192.0.2.99"),
	    "conninfo")
	ok(mt.helo(c, "client.example"), "helo")
	auth_of[c] = auth or ""
	return c
end

-- the SASL login of each connection ("" for none); a later mt.macro for
-- the same stage replaces the earlier one, so envelope() sets both
auth_of = {}

-- envelope - MAIL FROM with a queue id, then the recipients
function envelope(c, qid, from, rcpts, ...)
	mt.macro(c, SMFIC_MAIL, "i", qid, "{auth_authen}", auth_of[c] or "")
	ok(mt.mailfrom(c, from, ...), "mailfrom")
	for _, r in ipairs(rcpts) do
		ok(mt.rcptto(c, r), "rcptto " .. r)
	end
end

-- headers - the header fields, in order, then end of header
function headers(c, hs)
	for _, h in ipairs(hs) do
		ok(mt.header(c, h[1], h[2]), "header " .. h[1])
	end
	ok(mt.eoh(c), "eoh")
end

-- message - a whole transaction up to end of message; returns the reply
function message(c, qid, from, rcpts, hs, body)
	envelope(c, qid, from, rcpts)
	headers(c, hs)
	if body ~= nil and body ~= "" then
		ok(mt.bodystring(c, body), "body")
	end
	ok(mt.eom(c), "eom")
	return mt.getreply(c)
end

-- added - the value of header name added at end of message, or ""
function added(c, name)
	return mt.getheader(c, name, 0) or ""
end

-- starts - s starts with prefix
function starts(s, prefix)
	return s ~= nil and string.sub(s, 1, #prefix) == prefix
end

-- chunks - send n bytes of body in chunks of size bytes
function chunks(c, n, size)
	local line = string.rep("0123456789abcdef", 4) .. "\r\n"
	local chunk = string.rep(line, math.floor(size / #line))
	local sent = 0
	while sent < n do
		ok(mt.bodystring(c, chunk), "body chunk")
		sent = sent + #chunk
	end
end

-- done - the last line a passing case prints
function done()
	print("CASE OK")
end
