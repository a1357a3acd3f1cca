"""Indicators and results (indikatorer og resultater): the national catalogue, local
indicators, result series per goal and project, and the figures derived from them."""
