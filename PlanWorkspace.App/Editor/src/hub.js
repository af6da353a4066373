// The drafting hub's refusals, as the editor's parts (editor.js, rejoin.js) read them.

// Failures after which nothing was stored and the same push may simply be sent again.
export const transientCodes = new Set(["save-failed", "closing", "busy", "rate-limited"]);

// The hub sends "code: detail" (DraftingHub.Guarded); the code is what the user is told about.
export function hubError(error) {
  const message = String(error?.message ?? error).replace(/^.*HubException: /, "");
  const match = /^([a-z-]+): /.exec(message);
  return { code: match ? match[1] : "unknown", message };
}
