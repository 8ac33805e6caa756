"""Releases: the published agenda, frozen as an immutable snapshot, and its changelog."""
