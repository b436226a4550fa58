"""Authentication (login, first run, passwords) and the permission table."""
