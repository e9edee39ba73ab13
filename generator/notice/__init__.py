"""The facts of a notice, and the typed model they make up.

Pure functions over text and values, with no files, no YAML and no templates: periods and working
days (periods), contact channels (contacts/), the section tree and numbered items of a body
(outline), progress counts (progress), alias paths (aliases), the notice kinds (kinds), and the
frozen dataclasses every later stage passes along (model: Notice, Section, Item, SiteConfig,
Record). May import: generator.errors, generator.paths and this package; nothing else of Gongshi."""
