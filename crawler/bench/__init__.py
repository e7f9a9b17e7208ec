"""Benchmarks behind `renewals bench`: measured on this machine, never timed in tests."""
