"""Bodies in Markdown: the parser Gongshi configures (parser), its fast path on markdown-it-pyrs
(fastmd) and the filter for sites that allow raw HTML (sanitize).

Turns a body into tokens (which the outline reads) and tokens into HTML (which the pages show).
May import: generator.errors, generator.notice."""
