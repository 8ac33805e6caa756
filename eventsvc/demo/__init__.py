"""The Zhongguancun Forum 2024 demo, carried inside the package as data."""
