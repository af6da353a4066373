// The reconnect banner (Components/Layout/ReconnectBanner.razor). Blazor toggles its state classes;
// this module only adds what Blazor leaves to the page: keep retrying after Blazor gives up (so a
// long outage heals without a click), and the Retry / Resume / Reload buttons. It never takes focus
// and never reloads on its own — a reload would drop what the editor has not sent yet.
const banner = document.getElementById("components-reconnect-modal");
const retryEveryMs = 5000;
let retryTimer = 0;

banner?.addEventListener("components-reconnect-state-changed", (event) => {
  const state = event.detail.state;
  clearTimeout(retryTimer);
  if (state === "failed") {
    retryTimer = setTimeout(retry, retryEveryMs);
  }
});

document.getElementById("components-reconnect-button")?.addEventListener("click", retry);
document.getElementById("components-resume-button")?.addEventListener("click", resume);
document.getElementById("components-reload-button")?.addEventListener("click", () => location.reload());

async function retry() {
  clearTimeout(retryTimer);
  try {
    // true: reconnected; false: the server answered but no longer has this circuit.
    if (!(await Blazor.reconnect())) {
      await resume();
    }
  } catch {
    retryTimer = setTimeout(retry, retryEveryMs); // still unreachable
  }
}

async function resume() {
  try {
    if (!(await Blazor.resumeCircuit())) {
      show("components-reconnect-rejected");
    }
  } catch {
    show("components-reconnect-resume-failed");
  }
}

function show(stateClass) {
  banner.className = `pw-reconnect ${stateClass}`;
}
