# exitcode.py CODE COMMAND...: runs COMMAND and fails unless it exits CODE
# (lit's internal shell has no `$?`).
import subprocess
import sys

want = int(sys.argv[1])
got = subprocess.run(sys.argv[2:]).returncode
if got != want:
    sys.exit("expected exit %d, got %d: %s" % (want, got, " ".join(sys.argv[2:])))
