#!/bin/sh
# The build: header dependencies from the compiler, the user's CPPFLAGS
# honoured, _FORTIFY_SOURCE not forced over a level they chose, and the
# exporters' libraries looked up by their sonames.  Each test builds
# objects in its own copy of the sources.
. "$(dirname "$0")/../lib.sh"

# Run make afresh, not as part of the make that runs the tests.
unset MAKEFLAGS MFLAGS MAKELEVEL

copy_tree() {
	mkdir -p src/lib src/share &&
	cp "$TEST_ROOT"/Makefile src/ &&
	cp "$TEST_ROOT"/lib/*.c "$TEST_ROOT"/lib/*.h src/lib/ &&
	rm -f src/lib/schema_sql.c &&
	cp -r "$TEST_ROOT"/share/schema "$TEST_ROOT"/share/embed-schema src/share/
}

# The objects make compiled, from its output.
compiled() {
	sed -n 's/.* -c -o \(lib\/[a-z_]*\.o\) .*/\1/p' "$1" | sort
}

test_expect_success 'a changed header rebuilds exactly the objects that include it' '
	copy_tree && cd src &&
	make lib/money.o lib/db.o lib/charge.o >/dev/null &&
	test -f lib/money.d &&
	make lib/money.o lib/db.o lib/charge.o >out &&
	compiled out >actual &&
	test ! -s actual &&
	touch -d "+1 minute" lib/money.h &&
	make lib/money.o lib/db.o lib/charge.o >out &&
	compiled out >actual &&
	printf "lib/charge.o\nlib/money.o\n" >expect &&
	test_cmp expect actual &&
	touch -d "+2 minutes" lib/util.h &&
	make lib/money.o lib/db.o lib/charge.o >out &&
	compiled out >actual &&
	printf "lib/charge.o\nlib/db.o\nlib/money.o\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'a header removed from the sources does not stop the build' '
	copy_tree && cd src &&
	echo "/* gone.h */" >lib/gone.h &&
	cp lib/money.c money.c.orig &&
	{ echo "#include \"gone.h\""; cat money.c.orig; } >lib/money.c &&
	make lib/money.o >/dev/null &&
	grep -q "lib/gone.h" lib/money.d &&
	cp money.c.orig lib/money.c &&
	rm lib/gone.h &&
	make lib/money.o >out &&
	compiled out >actual &&
	echo lib/money.o >expect &&
	test_cmp expect actual
'

test_expect_success 'CPPFLAGS are honoured' '
	copy_tree && cd src &&
	make lib/money.o CPPFLAGS="-DFB_BUILD_TEST_FLAG" >out &&
	grep -- " -DFB_BUILD_TEST_FLAG " out
'

test_expect_success '_FORTIFY_SOURCE=2 by default, not over the level given' '
	copy_tree && cd src &&
	make lib/money.o >out &&
	grep -- "-D_FORTIFY_SOURCE=2" out &&
	touch lib/money.c &&
	make lib/money.o CPPFLAGS="-U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=3" >out &&
	grep -- "-D_FORTIFY_SOURCE=3" out &&
	! grep -- "-D_FORTIFY_SOURCE=2" out &&
	touch lib/money.c &&
	make lib/money.o CFLAGS="-O2 -D_FORTIFY_SOURCE=1" >out &&
	grep -- "-D_FORTIFY_SOURCE=1" out &&
	! grep -- "-D_FORTIFY_SOURCE=2" out
'

# The binary asks for the names the runtime packages install, read from
# the libraries it was built against, not names written into the source.
test_expect_success 'libxlsxwriter and libhpdf are looked up by their sonames' '
	for lib in libxlsxwriter.so libhpdf.so; do
		soname=$(objdump -p "$(cc -print-file-name=$lib)" | sed -n "s/^ *SONAME *//p") &&
		test -n "$soname" &&
		strings "$TEST_ROOT/fixbill" | grep -Fx "$soname" || return 1
	done &&
	! grep -n "\.so\.[0-9]\|-2\.3\.0" "$TEST_ROOT/lib/lazy.c"
'

test_done
