"""A worker task that dies (the process ends at once, as when it is killed or runs out of
memory) on a document whose text is "die", for the engines' failure tests. It lives in its
own module so that worker processes can import it."""
from __future__ import annotations

import os

from sitrep.engine import read_batch


def die_on_die(jobs):
    if any(job.document.text == "die" for job in jobs):
        os._exit(1)
    return read_batch(jobs)
