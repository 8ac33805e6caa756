"""The read side: the published agenda, built once per release, for pages, API and feeds."""
