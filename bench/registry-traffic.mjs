// What a side asked the local test registry for, to show where install time
// goes and that both sides install from it.

/** @param {{ method: string, path: string }[]} requests the test registry's request log */
export function countRegistryRequests(requests) {
  let packuments = 0;
  let tarballs = 0;
  let other = 0;
  for (const r of requests) {
    if (r.method === 'OPTIONS') other++;
    else if (/\/-\/[^/]+\.tgz$/.test(r.path)) tarballs++;
    else if (r.path !== '/-/ping') packuments++;
    else other++;
  }
  return { packuments, tarballs, other };
}

/** "12 packuments, 5 tarballs" */
export function registryTraffic(requests) {
  const c = countRegistryRequests(requests);
  return `${c.packuments} packuments, ${c.tarballs} tarballs${c.other ? `, ${c.other} other` : ''}`;
}
