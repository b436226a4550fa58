"""The storage layer: database set-up, locks between writers and the retry policy.

It knows no request: the web layer decides, per request, whether a transaction takes
SQLite's write lock at once and whether a locked request runs again
(`annotator/web/transactions.py`), and passes that decision in.
"""
