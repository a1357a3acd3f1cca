"""Videreføring (continuation, seed 001): forstudie, forprosjekt and hovedprosjekt."""
