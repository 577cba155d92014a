// pull.mjs pulls every company, contact and deal of a HubSpot portal with
// HubSpot's official Node client (@hubspot/api-client), one object after
// another, 100 records a page, and prints one JSON line:
//
//	{"companies":N,"contacts":N,"deals":N,"associations":{...},"pages":N,"ms":T}
//
// ms is the pull alone: from the first request to the last answer (process
// start and module loading are not counted). It is the baseline of
// BenchmarkNodeClientPull in ../nodeclient_test.go, which passes the fake
// portal's address and the properties and associations abmsync requests.
//
// Usage:
//
//	node pull.mjs --base-url URL --token TOKEN --objects JSON [--get-all]
//
// --base-url and --token default to $HUBSPOT_BASE_URL and
// $HUBSPOT_ACCESS_TOKEN; --objects (default $PULL_OBJECTS) is a JSON array of
// {"object":"companies","properties":[...],"associations":[...]} pulled in
// that order. With --get-all the client's getAll helper is used (it keeps
// every record in memory) instead of a getPage loop that counts and drops
// each page.
import hubspot from "@hubspot/api-client";

function parseArgs(argv) {
  const opts = {
    baseUrl: process.env.HUBSPOT_BASE_URL,
    token: process.env.HUBSPOT_ACCESS_TOKEN,
    objects: process.env.PULL_OBJECTS,
    getAll: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value`);
      return argv[++i];
    };
    switch (argv[i]) {
      case "--base-url": opts.baseUrl = next(); break;
      case "--token": opts.token = next(); break;
      case "--objects": opts.objects = next(); break;
      case "--get-all": opts.getAll = true; break;
      default: throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  if (!opts.baseUrl || !opts.token || !opts.objects) {
    throw new Error("usage: node pull.mjs --base-url URL --token TOKEN --objects JSON [--get-all]");
  }
  opts.objects = JSON.parse(opts.objects);
  return opts;
}

const PAGE = 100;

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  // No limiterOptions and no numberOfApiCallRetries: the client then sends
  // each request as soon as the one before is answered.
  const client = new hubspot.Client({ accessToken: opts.token, basePath: opts.baseUrl });
  // Touch each API once so that module loading is not timed.
  const apis = Object.fromEntries(opts.objects.map((o) => [o.object, client.crm[o.object]]));
  for (const o of opts.objects) {
    if (!apis[o.object]) throw new Error(`the client has no crm.${o.object}`);
  }

  const out = { associations: {}, pages: 0 };
  const count = (object, results) => {
    out[object] += results.length;
    for (const r of results) {
      for (const [to, list] of Object.entries(r.associations ?? {})) {
        const key = `${object}->${to}`;
        out.associations[key] = (out.associations[key] ?? 0) + (list.results?.length ?? 0);
      }
    }
  };
  const start = performance.now();
  for (const o of opts.objects) {
    out[o.object] = 0;
    const api = apis[o.object];
    const props = o.properties ?? [];
    const assoc = o.associations?.length ? o.associations : undefined;
    if (opts.getAll) {
      const all = await api.getAll(PAGE, undefined, props, undefined, assoc, false);
      count(o.object, all);
      out.pages += Math.ceil(all.length / PAGE);
      continue;
    }
    let after;
    do {
      const page = await api.basicApi.getPage(PAGE, after, props, undefined, assoc, false);
      out.pages++;
      count(o.object, page.results);
      after = page.paging?.next?.after;
    } while (after);
  }
  out.ms = Math.round((performance.now() - start) * 10) / 10;
  process.stdout.write(JSON.stringify(out) + "\n");
}

main().catch((err) => {
  const body = err?.body ? ` ${JSON.stringify(err.body)}` : "";
  process.stderr.write(`pull.mjs: ${err?.code ?? ""} ${err?.message ?? err}${body}\n`);
  process.exit(1);
});
