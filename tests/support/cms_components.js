// Runs admin/gongshi-cms.js in Node with a stand-in for Decap CMS's registration functions, and
// answers for its editor components what Decap would do with them (tests/commands/test_cms_items.py).
// Usage: node cms_components.js ADMIN/gongshi-cms.js < request.json
// request: {"bodies": [Markdown...], "blocks": [{"component": id, "data": {...}}...]}
// answer:  {"components": {id: {label, fields}}, "matches": [[{start, src, data, back}...] per body],
//           "blocks": [text...], "storage": {key: value}}
"use strict";
const fs = require("fs");
const vm = require("vm");

const components = {};
const storage = {};
const CMS = {
  registerPreviewStyle() {},
  registerEventListener() {},
  registerPreviewTemplate() {},
  registerEditorComponent(c) { components[c.id] = c; },
};
const window = {
  CMS,
  h: () => null,
  createClass: (spec) => spec,
  localStorage: {
    getItem: (k) => (k in storage ? storage[k] : null),
    setItem: (k, v) => { storage[k] = String(v); },
  },
};
vm.runInNewContext(fs.readFileSync(process.argv[2], "utf-8"), { window });

const request = JSON.parse(fs.readFileSync(0, "utf-8"));

// Decap's block tokenizer tries each component's pattern, anchored, on the rest of the document
// from the start of every block; a block starts the document or follows a blank line.
function matches(body) {
  const out = [];
  let i = 0;
  while (i < body.length) {
    const blockStart = i === 0 || body.slice(i - 2, i) === "\n\n";
    let eaten = 0;
    if (blockStart) {
      for (const c of Object.values(components)) {
        const m = c.pattern.exec(body.slice(i));
        if (m && m.index === 0) {
          const data = c.fromBlock(m);
          out.push({ component: c.id, start: i, src: m[0], data, back: c.toBlock(data) });
          eaten = m[0].length;
          break;
        }
      }
    }
    i += Math.max(eaten, 1);
  }
  return out;
}

const answer = {
  components: Object.fromEntries(Object.values(components).map((c) => [c.id, {
    label: c.label, fields: c.fields, multiline: c.pattern.flags.includes("m"),
  }])),
  matches: (request.bodies || []).map(matches),
  blocks: (request.blocks || []).map((b) => components[b.component].toBlock(b.data)),
  storage,
};
process.stdout.write(JSON.stringify(answer));
