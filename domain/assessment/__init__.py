"""The programme status assessment (programstatusvurdering), held each October."""
