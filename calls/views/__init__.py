"""The calls pages: public (open calls, results), the association's application, the
officer's configuration, screening, committee and determination, the reviewers' pages."""
