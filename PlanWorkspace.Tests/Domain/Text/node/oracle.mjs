// Reference oracle for the C# text engine's differential tests (CodeMirrorDifferentialTests).
// Reads an array of cases as JSON from the file named on the command line, runs each through
// the real @codemirror/state and @codemirror/collab, and writes an array of results to stdout.
// A case that throws yields {"error": message}, so the C# side can assert it throws too.
import { readFileSync } from "node:fs";
import { ChangeSet, ChangeDesc, EditorState, Text } from "@codemirror/state";
import { collab, getSyncedVersion, rebaseUpdates, receiveUpdates, sendableUpdates } from "@codemirror/collab";

const text = (s) => Text.of(s.split("\n"));
const set = (json) => ChangeSet.fromJSON(json);
const desc = (json) => ChangeDesc.fromJSON(json);
const updates = (list) => list.map((u) => ({ changes: set(u.changes), clientID: u.clientID }));

const ops = {
  apply: (c) => set(c.set).apply(text(c.doc)).toString(),
  map: (c) => set(c.a).map(set(c.b), c.before).toJSON(),
  mapDesc: (c) => desc(c.a).mapDesc(desc(c.b), c.before).toJSON(),
  setMapDesc: (c) => set(c.a).mapDesc(desc(c.b), c.before).toJSON(),
  compose: (c) => set(c.a).compose(set(c.b)).toJSON(),
  composeDesc: (c) => desc(c.a).composeDesc(desc(c.b)).toJSON(),
  mapPos: (c) => desc(c.set).mapPos(c.pos, c.assoc, c.mode),
  invert: (c) => set(c.set).invert(text(c.doc)).toJSON(),
  of: (c) => ChangeSet.of(c.specs, c.length).toJSON(),
  roundTrip: (c) => set(c.set).toJSON(),
  rebase: (c) =>
    rebaseUpdates(updates(c.updates), updates(c.over)).map((u) => ({
      changes: u.changes.toJSON(),
      clientID: u.clientID,
    })),
  receive: (c) => {
    let state = EditorState.create({ doc: c.doc, extensions: [collab({ clientID: c.clientID })] });
    for (const local of c.local) state = state.update({ changes: set(local) }).state;
    state = receiveUpdates(state, updates(c.received)).state;
    return { doc: state.doc.toString(), unconfirmed: sendableUpdates(state).map((u) => u.changes.toJSON()) };
  },
  // A whole session: clients edit, push (rebased by an authority built on rebaseUpdates) and
  // receive some of the updates they have not seen; at the end all push and receive everything.
  session: (c) => {
    let server = text(c.start);
    const log = [];
    const clients = c.clients.map((id) => EditorState.create({ doc: c.start, extensions: [collab({ clientID: id })] }));
    const push = (i) => {
      const sendable = sendableUpdates(clients[i]);
      if (!sendable.length) return;
      const over = log.slice(getSyncedVersion(clients[i]));
      for (const u of rebaseUpdates(sendable.map((u) => ({ changes: u.changes, clientID: u.clientID })), over)) {
        server = u.changes.apply(server);
        log.push({ changes: u.changes, clientID: u.clientID });
      }
    };
    const receive = (i, take) => {
      const v = getSyncedVersion(clients[i]);
      clients[i] = receiveUpdates(clients[i], log.slice(v, v + take)).state;
    };
    for (const step of c.steps) {
      if (step.edit) clients[step.client] = clients[step.client].update({ changes: set(step.edit) }).state;
      else if (step.push) push(step.client);
      else receive(step.client, step.receive);
    }
    clients.forEach((_, i) => push(i));
    clients.forEach((_, i) => receive(i, log.length));
    return { server: server.toString(), version: log.length, clients: clients.map((s) => s.doc.toString()) };
  },
};

const cases = JSON.parse(readFileSync(process.argv[2], "utf8"));
const results = cases.map((c) => {
  try {
    const result = ops[c.op](c);
    return { result: result === undefined ? null : result };
  } catch (e) {
    return { error: String(e && e.message) };
  }
});
process.stdout.write(JSON.stringify(results));
