"""Rendering: the Site and its notices → files of the built site, as bytes in memory.

theme finds a theme's chain of folders and its interface strings and sets up Jinja2; ics writes
calendar files; outputs/ has one module a kind of output (pages, ledgers, listings, feeds, open data,
sitemap, redirects, assets), each a function of a RenderContext. Nothing here touches output/.
May import: generator.errors, generator.paths, generator.notice, generator.markdown,
generator.source (declarations), generator.assemble."""
