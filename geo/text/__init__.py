"""Texts to places and events: the gazetteer, place-name extraction, evidence-based resolution,
draft events from a text, the time budget for mapping one, and the article's own facts.
Imports geo.model only.
"""
