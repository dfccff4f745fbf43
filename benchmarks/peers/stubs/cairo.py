"""Stand-in for pycairo, which ``truthdiscovery`` imports for drawing graphs at import time.

The benchmark never draws; pycairo needs the system cairo library to build. Any use fails loudly.
"""


def __getattr__(name: str):
    raise ImportError(f"cairo stub: cairo.{name} is not available in the benchmark environment")
