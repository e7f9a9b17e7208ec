"""The project's own Scrapy signals."""

pages_wanted = object()
"""Sent when the spider first asks for a page that may be an article (an announced
article, or a page linked from a section). The worker pool starts then, while the
first pages download, rather than when the first one arrives: forking the first
workers waits for the forkserver's imports (about two seconds of one core), which
used to hold up every page of a run behind the first. A run with nothing to
download never sends it and starts no worker."""
