"""Plain-text importer: turn a notice as published into a Gongshi content file.

Editors have notices as plain text copied from a web page or a Word file. `import_text` reads one
and returns the whole content file (YAML front matter + Markdown body), a suggested file name, the
warnings for everything it could not classify, and the facts it extracted with the line each came
from (`gongshi import --explain`). It is pure: no file is read or written here.

One module a fact: `header` (issuer, title, 文号, portal header lines), `signature` (the 落款),
`period` (the disclosure period, and an inspection's own span and deadline for letters), `contacts`
(phones, addresses, e-mail, web), `structure` (numbered headings) and `render` (the Markdown body);
`text` and `dates` are what they share, `compose` writes the front matter, `core` runs them in order.

Part of generator.commands: may import every package (errors, notice, source, …).
"""

from generator.commands.importer.compose import ImportResult
from generator.commands.importer.core import import_text

__all__ = ["ImportResult", "import_text"]
