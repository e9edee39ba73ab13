"""Assembling the site: every notice's Record → one Site (order, states at the build's moment,
groups, archives by year, kind, issuer and tag, related notices, previous/next).

Plain data in, plain data out; nothing is read or written here. May import: generator.errors,
generator.notice, generator.source (its declarations)."""
