"""Presentation helpers shared by the pages: Danish formatting, charts, filters."""
