"""Wall time and peak RSS of a command, for the newstag benchmarks
(python3, stdlib; GNU time at /usr/bin/time for the RSS).

measure() runs a command a few times with its output thrown away and
returns the best wall-clock time and the largest peak RSS: the best time
is the one least disturbed by the rest of the machine, the largest RSS
the one a user must budget for.
"""

import os
import subprocess
import tempfile
import time

GNU_TIME = '/usr/bin/time'


class Failed(Exception):
    """The command exited with a status other than 0 (its stderr is the
    message)."""


def measure(cmd, timeout, runs=3):
    """(best wall seconds, largest peak RSS in KB or None) of RUNS runs of
    CMD with stdout to /dev/null, or (None, None) when a run took longer
    than TIMEOUT seconds.  Raises Failed when CMD fails."""
    best, rss = None, None
    with tempfile.NamedTemporaryFile(prefix='newstag-rss.') as tf:
        full = cmd
        if os.access(GNU_TIME, os.X_OK):
            full = [GNU_TIME, '-f', '%M', '-o', tf.name] + cmd
        for _ in range(runs):
            t0 = time.perf_counter()
            try:
                p = subprocess.run(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   timeout=timeout)
            except subprocess.TimeoutExpired:
                return None, None
            t = time.perf_counter() - t0
            if p.returncode != 0:
                raise Failed('%s exited with status %d: %s' % (
                    ' '.join(cmd), p.returncode, p.stderr.decode('utf-8', 'replace')[-800:]))
            best = t if best is None else min(best, t)
            if full is not cmd:
                try:
                    with open(tf.name) as f:
                        r = int(f.read().split()[-1])
                    rss = r if rss is None else max(rss, r)
                except (OSError, ValueError, IndexError):
                    pass
    return best, rss
