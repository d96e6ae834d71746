# SPDX-License-Identifier: MIT
# Shared by abi/generate and abi/check: the three views of libmpio_c's ABI.
#   symbols  the exported dynamic symbols with their version (nm -D)
#   sizes    sizeof and alignof of every public C type of mpio.h, as a C
#            compiler sees them (x86_64 / LP64 figures are the pinned ones)
#   dump     abi-dumper's dump of the library (needs debug info), compared
#            with abi-compliance-checker when both tools are installed
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
header="$repo/include/mpio/c/mpio.h"

abi_symbols() { # $1 = libmpio_c.so
    nm -D --defined-only --with-symbol-versions "$1" | awk '$2 == "T" {print $3}' | sort
}

abi_sizes() { # $1 = work dir; prints "type size align" lines
    local work=$1 cc=${CC:-cc}
    {
        echo '#include <stdio.h>'
        echo '#include <mpio/c/mpio.h>'
        echo 'int main(void) {'
        grep -oE '^typedef (struct|enum) mpio_[a-z0-9_]+' "$header" | awk '{print $3}' | sort -u |
            while read -r t; do
                echo "    printf(\"%-24s %4zu %3zu\\n\", \"$t\", sizeof($t), _Alignof($t));"
            done
        echo '    return 0;'
        echo '}'
    } >"$work/sizes.c"
    "$cc" -std=c11 -Wall -Wextra -Werror -pedantic -I "$repo/include" "$work/sizes.c" -o "$work/sizes-program"
    "$work/sizes-program"
}
