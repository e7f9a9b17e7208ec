"""The crawler's spiders: one generic news spider driven by the sources file."""
