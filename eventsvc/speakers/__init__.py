"""Speakers: their names in several scripts, titles, affiliations and precedence."""
