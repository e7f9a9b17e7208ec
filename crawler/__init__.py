"""renewals crawler: discovery, cleaning and fact extraction for TV-series renewal news."""
