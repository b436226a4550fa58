"""Export formats: one pure module per format and one registry shared by every entry point."""
