"""briefing: Indonesian news articles in, a daily podcast episode out."""

from __future__ import annotations

__version__ = "0.1.0"
