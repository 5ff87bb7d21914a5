# fixbill - break-fix IT billing.  See README.md.
#
#   make                 build ./fixbill and lib/libfixbill.a
#   make check           install missing dependencies, run every test
#   make demo            install missing dependencies, bill a demo month
#   make install         PREFIX=/usr/local DESTDIR=
#   make DEVELOPER=1     warnings are errors, stricter warning set
#   make SANITIZE=address,undefined

VERSION = 0.1.0

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
CC ?= cc
AR ?= ar
PKG_CONFIG ?= pkg-config

CFLAGS ?= -O2 -g
FB_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-Wall -Wextra -fstack-protector-strong $(FORTIFY) \
	-Ilib -DFB_VERSION='"$(VERSION)"' -DFB_DATADIR='"$(DATADIR)/fixbill"' \
	-DFB_MANDIR='"$(MANDIR)"' \
	-DFB_XLSX_SONAME='"$(XLSX_SONAME)"' -DFB_HPDF_SONAME='"$(HPDF_SONAME)"' \
	-DFB_XML_SONAME='"$(XML_SONAME)"'
# _FORTIFY_SOURCE=2 unless the flags given (a distribution's CPPFLAGS or
# CFLAGS) or the compiler itself already choose a level: defining it
# again would override their choice, or warn.
FORTIFY := $(if $(findstring _FORTIFY_SOURCE,$(CPPFLAGS) $(CFLAGS)),,$(if \
	$(shell $(CC) -dM -E -x c /dev/null 2>/dev/null | grep -w _FORTIFY_SOURCE),,-D_FORTIFY_SOURCE=2))
ifdef DEVELOPER
FB_CFLAGS += -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wvla -Wno-format-nonliteral
endif
ifdef SANITIZE
FB_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
FB_LDFLAGS += -fsanitize=$(SANITIZE)
endif

# libcsv and libhpdf ship no pkg-config file on Debian; link them by name.
# libxlsxwriter, libhpdf and libxml2 are not linked: lib/lazy.c loads them on first
# use, so commands that export nothing do not pay for mapping them (and
# zlib, minizip, libcrypto, libpng) at every start: linked, they cost
# every command about 2.5 ms and 2 MiB.  Only their headers are needed
# at build time, and their sonames, read here from the libraries the
# linker would use, so the binary finds them under the name the runtime
# package installs on any distribution.
#
# SQLite and nettle are linked statically (Debian's -dev packages ship
# the archives): resolving their symbols at every start cost a
# 'time start' a fifth of its instructions (8.6M against 6.9M under
# callgrind), and every command starts a process.
PKGS = sqlite3 libcjson nettle
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) xlsxwriter libxml-2.0 2>/dev/null)
STATIC_LIBS = -Wl,-Bstatic -lsqlite3 -lnettle -Wl,-Bdynamic
PKG_LIBS := $(shell $(PKG_CONFIG) --libs libcjson 2>/dev/null)
LIBS = $(STATIC_LIBS) $(PKG_LIBS) -lcsv -lm -ldl -lpthread
OBJDUMP ?= objdump
soname = $(shell $(OBJDUMP) -p "$$($(CC) -print-file-name=$(1))" 2>/dev/null | \
	sed -n 's/^ *SONAME *//p')
XLSX_SONAME := $(call soname,libxlsxwriter.so)
HPDF_SONAME := $(call soname,libhpdf.so)
XML_SONAME := $(call soname,libxml2.so)

LIB_SRC := $(sort $(wildcard lib/*.c)) lib/schema_sql.c lib/pdfa_icc.c
LIB_SRC := $(sort $(LIB_SRC))
LIB_OBJ := $(LIB_SRC:.c=.o)
CMD_SRC := $(sort $(wildcard cmd/*.c))
CMD_OBJ := $(CMD_SRC:.c=.o)
SCHEMA := $(sort $(wildcard share/schema/*.sql))
UNIT_SRC := $(sort $(wildcard tests/unit/test-*.c))
UNIT_BIN := $(UNIT_SRC:.c=)
MAN1 := $(sort $(wildcard share/man/*.1))

ALL_CFLAGS = $(FB_CFLAGS) $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(FB_LDFLAGS) $(LDFLAGS)

all: fixbill

# Rebuild everything when the flags change (a SANITIZE build after a plain one).
.build-flags: FORCE
	@echo '$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) $(LIBS)' | cmp -s - $@ || \
		echo '$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) $(LIBS)' > $@

# ...and embed the migrations again when one is added, changed or removed.
.schema-list: FORCE
	@echo '$(SCHEMA)' | cmp -s - $@ || echo '$(SCHEMA)' > $@

lib/schema_sql.c: $(SCHEMA) share/views.sql .schema-list share/embed-schema
	sh share/embed-schema $(SCHEMA) > $@.tmp && mv $@.tmp $@

# The sRGB profile of Factur-X's output intent (share/embed-icc says why).
SRGB_ICC ?= /usr/share/color/icc/sRGB.icc
lib/pdfa_icc.c: share/embed-icc
	sh share/embed-icc $(SRGB_ICC) > $@.tmp && mv $@.tmp $@

# Each object's header dependencies come from the compiler (-MMD) into
# a .d file beside it; -MP keeps a removed header from stopping make.
lib/%.o: lib/%.c .build-flags
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

cmd/%.o: cmd/%.c .build-flags
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

-include $(LIB_OBJ:.o=.d) $(CMD_OBJ:.o=.d) $(UNIT_BIN:=.d)

lib/libfixbill.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

fixbill: $(CMD_OBJ) lib/libfixbill.a .build-flags
	$(CC) $(ALL_LDFLAGS) -o $@ $(CMD_OBJ) lib/libfixbill.a $(LIBS)

tests/unit/%: tests/unit/%.c lib/libfixbill.a .build-flags
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -MMD -MP -o $@ $< lib/libfixbill.a $(LIBS)

deps:
	@sh share/deps

check:
	@sh share/deps test
	@$(MAKE) --no-print-directory fixbill $(UNIT_BIN)
	@sh tests/run

test: check

demo:
	@sh share/deps
	@$(MAKE) -s --no-print-directory fixbill
	@sh share/demo/run

bench:
	@sh share/deps test
	@$(MAKE) --no-print-directory fixbill
	@sh tests/bench/run

install: fixbill
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(DATADIR)/fixbill/schema $(DESTDIR)$(DATADIR)/fixbill/demo \
		$(DESTDIR)$(DATADIR)/bash-completion/completions \
		$(DESTDIR)$(DATADIR)/zsh/vendor-completions \
		$(DESTDIR)$(DATADIR)/fish/vendor_completions.d
	install -m 755 fixbill $(DESTDIR)$(BINDIR)/fixbill
	install -m 644 $(MAN1) $(DESTDIR)$(MANDIR)/man1/
	install -m 644 $(SCHEMA) $(DESTDIR)$(DATADIR)/fixbill/schema/
	install -m 644 share/views.sql $(DESTDIR)$(DATADIR)/fixbill/views.sql
	install -m 644 share/demo/* $(DESTDIR)$(DATADIR)/fixbill/demo/
	install -m 644 completions/fixbill.bash $(DESTDIR)$(DATADIR)/bash-completion/completions/fixbill
	install -m 644 completions/_fixbill $(DESTDIR)$(DATADIR)/zsh/vendor-completions/_fixbill
	install -m 644 completions/fixbill.fish $(DESTDIR)$(DATADIR)/fish/vendor_completions.d/fixbill.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/fixbill
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MAN1)))
	rm -rf $(DESTDIR)$(DATADIR)/fixbill
	rm -f $(DESTDIR)$(DATADIR)/bash-completion/completions/fixbill
	rm -f $(DESTDIR)$(DATADIR)/zsh/vendor-completions/_fixbill
	rm -f $(DESTDIR)$(DATADIR)/fish/vendor_completions.d/fixbill.fish

clean:
	rm -f fixbill lib/*.o cmd/*.o lib/*.d cmd/*.d lib/libfixbill.a \
		lib/schema_sql.c lib/pdfa_icc.c $(UNIT_BIN) tests/unit/*.d .build-flags .schema-list
	rm -rf tests/trash tests/fuzz/bin

# libFuzzer harnesses (tests/fuzz/README.md), built by clang with the
# lib/ sources each one needs compiled in, instrumented like the harness.
FUZZ_CC = clang
FUZZ_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Ilib \
	-Itests/fuzz -Wall -Wextra -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_SECONDS = 10
FUZZ_BIN = tests/fuzz/bin/fuzz-money tests/fuzz/bin/fuzz-duration \
	tests/fuzz/bin/fuzz-when tests/fuzz/bin/fuzz-config \
	tests/fuzz/bin/fuzz-decimal tests/fuzz/bin/fuzz-import-csv \
	tests/fuzz/bin/fuzz-import-toggl tests/fuzz/bin/fuzz-import-timeclock \
	tests/fuzz/bin/fuzz-import-timewarrior tests/fuzz/bin/fuzz-import-watson \
	tests/fuzz/bin/fuzz-ttf
fuzz_src_money = lib/util.c lib/money.c
fuzz_src_duration = lib/util.c lib/duration.c
fuzz_src_when = lib/util.c lib/when.c
fuzz_src_config = lib/util.c lib/money.c lib/duration.c lib/when.c lib/tax.c \
	lib/db.c lib/config.c lib/schema_sql.c lib/ttf.c lib/client.c \
	lib/rates.c
fuzz_src_decimal = lib/util.c
fuzz_src_import = lib/util.c lib/when.c lib/duration.c lib/import_read.c
fuzz_src_import-csv = $(fuzz_src_import) lib/import_csv.c
fuzz_src_import-toggl = $(fuzz_src_import) lib/import_csv.c
fuzz_src_import-timeclock = $(fuzz_src_import) lib/import_timeclock.c
fuzz_src_import-timewarrior = $(fuzz_src_import) lib/import_json.c
fuzz_src_import-watson = $(fuzz_src_import) lib/import_json.c
fuzz_src_ttf = lib/util.c lib/ttf.c lib/ttf_subset.c

tests/fuzz/bin/fuzz-money: $(fuzz_src_money)
tests/fuzz/bin/fuzz-duration: $(fuzz_src_duration)
tests/fuzz/bin/fuzz-when: $(fuzz_src_when)
tests/fuzz/bin/fuzz-config: $(fuzz_src_config)
tests/fuzz/bin/fuzz-decimal: $(fuzz_src_decimal)
tests/fuzz/bin/fuzz-import-csv: $(fuzz_src_import-csv) tests/fuzz/fuzz-import.h
tests/fuzz/bin/fuzz-import-toggl: $(fuzz_src_import-toggl) tests/fuzz/fuzz-import.h
tests/fuzz/bin/fuzz-import-timeclock: $(fuzz_src_import-timeclock) tests/fuzz/fuzz-import.h
tests/fuzz/bin/fuzz-import-timewarrior: $(fuzz_src_import-timewarrior) tests/fuzz/fuzz-import-json.h
tests/fuzz/bin/fuzz-import-watson: $(fuzz_src_import-watson) tests/fuzz/fuzz-import-json.h
tests/fuzz/bin/fuzz-ttf: $(fuzz_src_ttf)

tests/fuzz/bin/fuzz-%: tests/fuzz/fuzz-%.c tests/fuzz/fuzz.h lib/*.h
	@mkdir -p tests/fuzz/bin
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(PKG_CFLAGS) -o $@ $< $(fuzz_src_$*) $(LIBS)

fuzz: $(FUZZ_BIN)

fuzz-run: fuzz
	@sh tests/fuzz/run $(FUZZ_SECONDS)

# Memcheck over a representative subset of commands (tests/valgrind);
# needs a plain build, not SANITIZE.  Not part of 'make check'.
valgrind: fixbill
	@sh tests/valgrind

.PHONY: all deps check test demo bench install uninstall clean FORCE \
	fuzz fuzz-run valgrind
