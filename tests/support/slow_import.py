"""A module that takes a minute to import: a forkserver preloading it is busy importing."""

import time

time.sleep(60)
