"""veracity: a workbench for contested claims.

Who asserted what, who denied it, whom to believe, and why.
"""

__version__ = "0.1.0"
