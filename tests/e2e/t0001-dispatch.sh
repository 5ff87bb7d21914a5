#!/bin/sh
# Command dispatch: global options, usage, unknown nouns and verbs,
# plugins, exit codes, and output failures.
. "$(dirname "$0")/../lib.sh"

test_expect_success '--version prints the version' '
	fixbill --version >actual &&
	grep -E "^fixbill [0-9]+\.[0-9]+\.[0-9]+$" actual
'

test_expect_success '-h lists every noun' '
	fixbill -h >actual &&
	for n in job time invoice report client rate tech config db; do
		grep "^    $n " actual || return 1
	done
'

test_expect_success 'no command is a usage error' '
	test_expect_code 2 fixbill 2>err &&
	grep "^usage: fixbill" err
'

test_expect_success 'unknown noun exits 2 with a hint naming the closest noun' '
	test_fails_cleanly 2 "fixbill: error: unknown command '"'"'jbo'"'"'" fixbill jbo list &&
	grep "^hint: did you mean '"'"'job'"'"'?$" .stderr
'

test_expect_success 'unknown noun far from any gets a general hint' '
	test_expect_code 2 fixbill zzzzzzzz 2>err &&
	cat >expect <<-\EOT &&
	fixbill: error: unknown command '"'"'zzzzzzzz'"'"'
	hint: '"'"'fixbill -h'"'"' lists the commands
	EOT
	test_cmp expect err
'

test_expect_success 'unknown verb exits 2 with a hint' '
	test_expect_code 2 fixbill config lst 2>err &&
	cat >expect <<-\EOT &&
	fixbill: error: unknown command '"'"'config lst'"'"'
	hint: did you mean '"'"'config list'"'"'?
	EOT
	test_cmp expect err
'

test_expect_success 'verbs are never abbreviated' '
	test_expect_code 2 fixbill config li 2>err &&
	grep "unknown command '"'"'config li'"'"'" err
'

test_expect_success 'unknown global option exits 2' '
	test_expect_code 2 fixbill --frobnicate config list 2>err &&
	grep "^fixbill: error: unknown option '"'"'--frobnicate'"'"'$" err
'

test_expect_success 'unknown command option exits 2 with a hint' '
	db_create &&
	test_fails_cleanly 2 "fixbill: error: unknown option '"'"'--bogus'"'"'" fixbill config list --bogus &&
	grep "^hint: see '"'"'fixbill config list -h'"'"'$" .stderr
'

test_expect_success 'wrong number of arguments exits 2 with the usage' '
	test_expect_code 2 fixbill config set currency 2>err &&
	cat >expect <<-\EOT &&
	fixbill: error: too few arguments for '"'"'config set'"'"'
	hint: usage: fixbill config set [--client CODE] KEY VALUE
	EOT
	test_cmp expect err
'

test_expect_success 'bad --color value exits 2' '
	test_expect_code 2 fixbill --color=sometimes config list 2>err &&
	grep "invalid value '"'"'sometimes'"'"' for '"'"'--color'"'"'" err
'

test_expect_success '--json works before the noun and among the options alike' '
	db_create &&
	fixbill --json config get currency >a &&
	fixbill config get currency --json >b &&
	test_cmp a b &&
	grep "\"value\": \"USD\"" a
'

test_expect_success 'verb -h prints its usage and options' '
	fixbill config set -h >actual &&
	head -n 1 actual >first &&
	echo "usage: fixbill config set [--client CODE] KEY VALUE" >expect &&
	test_cmp expect first &&
	grep -- "--json" actual
'

test_expect_success 'noun -h lists its verbs' '
	fixbill db -h >actual &&
	cat >expect <<-\EOT &&
	usage: fixbill db path
	   or: fixbill db check
	   or: fixbill db backup FILE
	EOT
	head -n 3 actual >got &&
	test_cmp expect got
'

test_expect_success 'a plugin on PATH runs with FIXBILL_DB exported' '
	mkdir bin &&
	cat >bin/fixbill-hello <<-\EOT &&
	#!/bin/sh
	echo "hello $* db=$FIXBILL_DB"
	EOT
	chmod +x bin/fixbill-hello &&
	PATH="$PWD/bin:$PATH" fixbill --db "$PWD/other.db" hello a b >actual &&
	echo "hello a b db=$PWD/other.db" >expect &&
	test_cmp expect actual
'

test_expect_success 'a plugin keeps its exit status' '
	mkdir bin &&
	printf "#!/bin/sh\nexit 7\n" >bin/fixbill-seven &&
	chmod +x bin/fixbill-seven &&
	PATH="$PWD/bin:$PATH" test_expect_code 7 fixbill seven
'

test_expect_success 'a failed write to stdout is an error, exit 1' '
	db_create &&
	test_expect_code 1 fixbill config list >/dev/full 2>err &&
	grep "^fixbill: error: cannot write to standard output: " err
'

test_expect_success 'a failed JSON write to stdout is an error too' '
	db_create &&
	test_expect_code 1 fixbill --json config list >/dev/full 2>err &&
	grep "^fixbill: error: cannot write to standard output: " err
'

test_expect_success 'NO_COLOR and non-terminals get no escape codes' '
	db_create &&
	NO_COLOR=1 fixbill --color=always config list >a &&
	fixbill config list >b &&
	! grep "$(printf "\033")" a &&
	! grep "$(printf "\033")" b
'

test_expect_success '--color=always colours the table headings' '
	db_create &&
	fixbill --color=always config list >a &&
	grep "$(printf "\033")\[1m" a
'

test_done
