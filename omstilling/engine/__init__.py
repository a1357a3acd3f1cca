"""The projection engine: workers that keep the read models current, each read model owned by
one worker at a time; the API's wait for its own writes; the quarantine of events a read model
could not apply."""
