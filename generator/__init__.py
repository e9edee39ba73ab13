"""Gongshi (公示): a static site generator for public-disclosure notices."""

__version__ = "0.1.0"
