# bash completion for fixbill.  The candidates come from the program's
# own option tables (`fixbill __complete`), so nothing here needs to
# change when commands do.
_fixbill()
{
	local cur=${COMP_WORDS[COMP_CWORD]}
	local IFS=$'\n'
	local -a cands
	cands=($(fixbill __complete "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
	case ${cands[0]} in
	@file) COMPREPLY=($(compgen -f -- "$cur")) ;;
	@dir) COMPREPLY=($(compgen -d -- "$cur")) ;;
	*) COMPREPLY=("${cands[@]}") ;;
	esac
}
complete -o filenames -F _fixbill fixbill
