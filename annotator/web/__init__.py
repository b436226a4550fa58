"""HTML pages: thin views over the services."""
