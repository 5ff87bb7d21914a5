# fish completion for fixbill: asks `fixbill __complete` for candidates.
function __fixbill_complete
	set -l words (commandline -opc)
	set -e words[1]
	set -l cur (commandline -ct)
	set -l out (fixbill __complete $words $cur 2>/dev/null)
	if contains -- @file $out; or contains -- @dir $out
		__fish_complete_path $cur
		return
	end
	printf '%s\n' $out
end
complete -c fixbill -f -a '(__fixbill_complete)'
