#!/bin/sh
# Manual pages: one per noun, and each SYNOPSIS is exactly what the
# noun's -h prints (both come from the same option tables, so they
# cannot drift apart unnoticed).
. "$(dirname "$0")/../lib.sh"

# The synopsis lines of a man page, roff escapes undone.
man_synopsis() {
	sed -n '/^\.SH SYNOPSIS/,/^\.SH /p' "$1" | grep -v '^\.' | sed 's/\\-/-/g; s/\\e/\\/g'
}

nouns=$(fixbill -h | sed -n 's/^    \([a-z][a-z]*\)  .*/\1/p')

test_expect_success 'fixbill -h lists nouns' '
	test -n "$nouns"
'

for n in $nouns; do
	test_expect_success "fixbill-$n(1) SYNOPSIS matches 'fixbill $n -h'" "
		test -f '$TEST_ROOT/share/man/fixbill-$n.1' &&
		man_synopsis '$TEST_ROOT/share/man/fixbill-$n.1' >expect &&
		fixbill $n -h | sed -n 's/^usage: //p; s/^   or: //p' >actual &&
		test -s actual &&
		test_cmp expect actual
	"
done

test_expect_success 'fixbill(1) SYNOPSIS matches fixbill -h' '
	man_synopsis "$TEST_ROOT/share/man/fixbill.1" >expect &&
	fixbill -h | sed -n "s/^usage: //p; s/^   or: //p" >actual &&
	test_cmp expect actual
'

test_expect_success 'every man page is well-formed roff' '
	for f in "$TEST_ROOT"/share/man/*.1; do
		LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$f" >/dev/null 2>warn || return 1
		! grep -i "warning" warn || return 1
	done
'

test_expect_success 'fixbill help NOUN and NOUN --help show the manual' '
	MANPAGER=cat MANWIDTH=80 fixbill help config >a &&
	grep "fixbill-config  *-  *the  *shop" a &&
	MANPAGER=cat MANWIDTH=80 fixbill config --help >b &&
	test_cmp a b &&
	MANPAGER=cat MANWIDTH=80 fixbill help >c &&
	grep "EXIT STATUS" c
'

test_expect_success 'help for an unknown noun exits 2' '
	test_expect_code 2 fixbill help nonsense 2>err &&
	grep "^fixbill: error: unknown command '"'"'nonsense'"'"'$" err
'

test_done
