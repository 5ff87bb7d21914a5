#!/bin/sh
# Shell completion: `fixbill __complete` answers from the option tables,
# and the bash script uses it.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'nouns complete from a prefix' '
	fixbill __complete "co" >actual &&
	echo config >expect &&
	test_cmp expect actual
'

test_expect_success 'every noun and help are offered for an empty word' '
	fixbill __complete "" >actual &&
	for n in job time invoice payment period report client rate tech config db help; do
		grep -x "$n" actual || return 1
	done
'

test_expect_success 'verbs of a noun' '
	fixbill __complete db "" >actual &&
	cat >expect <<-\EOT &&
	path
	check
	backup
	EOT
	test_cmp expect actual
'

test_expect_success 'options of a verb, global ones included' '
	fixbill __complete config list --j >actual &&
	echo --json >expect &&
	test_cmp expect actual
'

test_expect_success 'config keys complete as arguments' '
	fixbill __complete config set billing.ro >actual &&
	cat >expect <<-\EOT &&
	billing.rounding
	billing.round_per
	EOT
	test_cmp expect actual
'

test_expect_success 'option values complete from their lists' '
	fixbill __complete config list --color a >actual &&
	cat >expect <<-\EOT &&
	auto
	always
	EOT
	test_cmp expect actual
'

test_expect_success 'file arguments hand over to the shell' '
	fixbill __complete db backup "" >actual &&
	echo @file >expect &&
	test_cmp expect actual
'

test_expect_success 'completion never creates a database' '
	fixbill __complete config set "" >/dev/null &&
	test ! -e "$FIXBILL_DB"
'

test_expect_success 'the bash script completes through __complete' '
	cat >run.bash <<-EOT &&
	. "$TEST_ROOT/completions/fixbill.bash"
	COMP_WORDS=(fixbill config set billing.inc)
	COMP_CWORD=3
	_fixbill
	printf "%s\n" "\${COMPREPLY[@]}"
	EOT
	bash run.bash >actual &&
	echo billing.increment >expect &&
	test_cmp expect actual
'

test_expect_success 'blocks and plans: verbs, clients and what a plan covers' '
	fixbill client add acme --name Acme >/dev/null &&
	fixbill __complete bl >actual &&
	echo block >expect &&
	test_cmp expect actual &&
	fixbill __complete plan "" >actual &&
	printf "add\nend\nlist\n" >expect &&
	test_cmp expect actual &&
	fixbill __complete plan add --covers "" >actual &&
	printf "none\nremote\nall\n" >expect &&
	test_cmp expect actual &&
	fixbill __complete block add a >actual &&
	echo acme >expect &&
	test_cmp expect actual
'

test_done
