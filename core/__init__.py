"""Helpers every app may use, importing no app of the project: the upload gate, the one
spreadsheet writer, HTML-to-PDF, private storage, append-only models, rate limits, the HTML
sanitizer, the resilient cache, Moroccan locale formats and the domain's template filters."""
