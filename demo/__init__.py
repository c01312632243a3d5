"""The demo: a realistic, synthetic programme written into an empty database (``simulation``)."""
