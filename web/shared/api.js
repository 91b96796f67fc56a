// One JSON request to the page's own server, as both pages make it (the
// agent desktop with its bearer token, the workbench without): the body is
// sent as JSON and the answer read as JSON; an answer that is not JSON
// becomes { error: its text }, and a server that does not answer is status
// 0 with the error `noServer(why)` says.
export async function requestJson(method, path, body, { headers = {}, noServer }) {
  const init = { method, cache: 'no-store', headers: { ...headers } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (err) {
    return { ok: false, status: 0, data: { error: noServer(err.message || String(err)) } };
  }
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { error: text };
  }
  return { ok: res.ok, status: res.status, data };
}
