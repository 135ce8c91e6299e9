#!/usr/bin/env bash
# Start-up time of `runmat -e "x=1;"` next to Octave and `python3 -c "import numpy"` when they
# are installed (hyperfine, from Debian). usage: bench/startup.sh [path/to/runmat]
set -euo pipefail
bin="${1:-build/release/bin/runmat}"
cmds=("$bin -e \"x=1;\"")
command -v octave >/dev/null && cmds+=("octave --no-gui --no-init-file --eval \"x=1;\"")
/usr/bin/python3 -c "import numpy" 2>/dev/null && cmds+=("/usr/bin/python3 -c \"import numpy\"")
hyperfine -N --warmup 5 "${cmds[@]}"
