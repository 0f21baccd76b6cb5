# yojin - GNU make build
#
#   make            build build/yojin
#   make check      build, then run the whole test suite (tests/run)
#   make asan       build build/asan/yojin with AddressSanitizer and UBSan
#   make fuzz       build the libFuzzer targets and run each for FUZZ_SECONDS
#   make bench      run the benchmarks in bench/
#   make lint       layering, banned functions (tools/checksrc)
#
# Sources are found by wildcard: adding src/checks/foo.c adds a check, and
# tools/gen-registry turns the YJ_CHECK_DEFINE / YJ_COMMAND_DEFINE lines
# into build/gen/registry.c, so nothing central is edited (musl, git).

VERSION	:= 0.1.0
BUILD	?= build
CC	?= cc
PKG_CONFIG ?= pkg-config

PKGS	:= gmime-3.0 icu-uc icu-i18n libidn2 libpsl libarchive expat \
	   libgsf-1 libmagic libpcre2-8 sqlite3 libpq jansson libcyaml yaml-0.1 \
	   zlib
HS_PKG	:= $(shell $(PKG_CONFIG) --exists libhs && echo libhs)
ifneq ($(MAKECMDGOALS),clean)
MISSING	:= $(foreach p,$(PKGS) $(if $(HS_PKG),,libhs),$(if $(shell $(PKG_CONFIG) --exists $(p) && echo y),,$(p)))
ifneq ($(strip $(MISSING)),)
$(error missing libraries: $(MISSING); run 'sudo tools/install-deps' first)
endif
endif

WARN	:= -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes \
	   -Wmissing-prototypes -Wvla -Wimplicit-fallthrough -Wundef \
	   -Wpointer-arith -Wno-format-nonliteral
OPT	?= -O2 -g
HARDEN	:= -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
CFLAGS	?=
CFLAGS	+= -std=c17 -D_GNU_SOURCE -DYJ_VERSION=\"$(VERSION)\" $(OPT) $(WARN) \
	   -Isrc -I$(BUILD)/gen \
	   $(shell $(PKG_CONFIG) --cflags $(PKGS) $(HS_PKG))
ifneq ($(HS_PKG),)
CFLAGS	+= -DYJ_HAVE_HYPERSCAN
endif
ifeq ($(WERROR),1)
CFLAGS	+= -Werror
endif
SAN	?=
CFLAGS	+= $(SAN)
LDFLAGS	+= $(SAN) -pie -Wl,-z,relro,-z,now
LIBS	:= $(shell $(PKG_CONFIG) --libs $(PKGS) $(HS_PKG)) -lmilter -lpthread -lm

ifeq ($(SAN),)
CFLAGS	+= $(HARDEN)
endif

LIB_SRC	:= $(filter-out src/cli/main.c src/helper/%,$(wildcard src/*/*.c))
LIB_OBJ	:= $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/registry.o
MAIN_OBJ := $(BUILD)/src/cli/main.o
UNIT_SRC := $(wildcard tests/unit/*/*_test.c)
UNIT_BIN := $(UNIT_SRC:%.c=$(BUILD)/%)
TESTLIB_SRC := $(wildcard tests/lib/*.c)
TESTLIB_OBJ := $(TESTLIB_SRC:%.c=$(BUILD)/%.o)
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)

.PHONY: all check tests demo asan fuzz bench lint clean man install
all: $(BUILD)/yojin $(BUILD)/yojin-postsuper

$(BUILD)/yojin: $(MAIN_OBJ) $(BUILD)/libyojin.a
	$(CC) $(LDFLAGS) -o $@ $(MAIN_OBJ) $(BUILD)/libyojin.a $(LIBS)

# yojin-postsuper - the privileged helper: the C library and the queue id
# check only, never libyojin.a (see src/helper/yojin-postsuper.c)
$(BUILD)/yojin-postsuper: src/helper/yojin-postsuper.c $(BUILD)/src/hold/queueid.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/src/hold/queueid.o

$(BUILD)/libyojin.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/gen/registry.c: $(wildcard src/checks/*.c src/cli/*.c) tools/gen-registry
	@mkdir -p $(dir $@)
	sh tools/gen-registry src/checks src/cli > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/registry.o: $(BUILD)/gen/registry.c
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/unit/%: tests/unit/%.c $(BUILD)/libyojin.a $(TESTLIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests $(LDFLAGS) -o $@ $< $(TESTLIB_OBJ) \
	    $(BUILD)/libyojin.a $(LIBS) $$($(PKG_CONFIG) --libs cmocka)

TOOL_SRC := $(wildcard tests/tools/*.c)
TOOL_BIN := $(TOOL_SRC:%.c=$(BUILD)/%)

$(BUILD)/tests/tools/%: tests/tools/%.c $(BUILD)/libyojin.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libyojin.a $(LIBS)

tests: $(UNIT_BIN) $(TOOL_BIN)

check: all tests
	@$(MAKE) --no-print-directory asan
	@BUILD=$(BUILD) bash tests/run

asan:
	@$(MAKE) --no-print-directory BUILD=build/asan OPT="-O1 -g" \
	    SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	    build/asan/yojin

FUZZ_SECONDS ?= 60
fuzz:
	@$(MAKE) --no-print-directory BUILD=build/fuzz CC=clang OPT="-O1 -g" \
	    SAN="-fsanitize=address,undefined,fuzzer-no-link" build/fuzz/libyojin.a
	@for f in $(FUZZ_SRC); do \
	    n=$$(basename $$f .c); \
	    clang -std=c17 -D_GNU_SOURCE -Isrc -Ibuild/fuzz/gen -O1 -g \
	        $$($(PKG_CONFIG) --cflags $(PKGS) $(HS_PKG)) \
	        -fsanitize=address,undefined,fuzzer -o build/fuzz/$$n $$f \
	        build/fuzz/libyojin.a $(LIBS) || exit 1; \
	done
	@FUZZ_SECONDS=$(FUZZ_SECONDS) bash tests/fuzz/run

# demo - the quick start's scan of the bundled examples (exit 1 from scan
# only means that some example was flagged, which is the point)
demo: all
	./$(BUILD)/yojin scan --config examples/yojin.yml examples/mail; \
	    rc=$$?; [ $$rc -le 1 ]

BENCH_SRC := $(wildcard bench/*.c)
BENCH_BIN := $(BENCH_SRC:%.c=$(BUILD)/%)

$(BUILD)/bench/%: bench/%.c $(BUILD)/libyojin.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libyojin.a $(LIBS)

bench: all $(BENCH_BIN)
	@bash bench/run

lint:
	@sh tools/checksrc

# install - the program, the setuid helper (root:$(YOJIN_GROUP), 4750,
# only when that group exists; otherwise root-only, 0700, with a
# warning), the manual pages.  See yojin-postsuper(8).
PREFIX	?= /usr/local
LIBEXECDIR ?= $(PREFIX)/libexec/yojin
MANDIR	?= $(PREFIX)/share/man
YOJIN_GROUP ?= yojin
CFLAGS	+= -DYJ_POSTSUPER_HELPER=\"$(LIBEXECDIR)/yojin-postsuper\"
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(LIBEXECDIR) \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	    $(DESTDIR)$(MANDIR)/man8
	install -m 0755 $(BUILD)/yojin $(DESTDIR)$(PREFIX)/bin/yojin
	@if getent group $(YOJIN_GROUP) >/dev/null; then \
	    echo install -o root -g $(YOJIN_GROUP) -m 4750 yojin-postsuper; \
	    install -o root -g $(YOJIN_GROUP) -m 4750 $(BUILD)/yojin-postsuper \
	        $(DESTDIR)$(LIBEXECDIR)/yojin-postsuper; \
	else \
	    echo "install: no group '$(YOJIN_GROUP)': yojin-postsuper installed root-only (see yojin-postsuper(8))"; \
	    install -m 0700 $(BUILD)/yojin-postsuper \
	        $(DESTDIR)$(LIBEXECDIR)/yojin-postsuper; \
	fi
	install -m 0644 doc/man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 doc/man/*.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 0644 doc/man/*.8 $(DESTDIR)$(MANDIR)/man8/

man:
	@ls doc/man

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d)
