"""Synthetic conferences of any size, for benchmarks and load tests (`eventsvc generate`)."""
