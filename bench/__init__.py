"""The real-browser benchmark of the dashboard (issue 6): `python -m bench.run`."""
